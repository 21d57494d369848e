"""manage.py backup: the database and the files the app keeps (MEDIA_ROOT), in one go (issue 14).

Both go, gzip-compressed, to the backup storage (BACKUP_DIR, var/backups by default; see
settings.STORAGES["dbbackup"]); the last BACKUP_KEEP of each are kept. SQLite is copied with its online
backup API (safe while the app runs), PostgreSQL with pg_dump. `manage.py restore` brings them back.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Back up the database and the media files (MEDIA_ROOT) to BACKUP_DIR; old backups are rotated."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("dbbackup", compress=True, clean=True, verbosity=verbosity)
        call_command("mediabackup", compress=True, clean=True, verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Backup written: database and media files."))

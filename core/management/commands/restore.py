"""manage.py restore: the latest backup (or the named ones) of the database and the media files, then
`migrate`, so a backup taken by an older version of the app comes up to date (issue 14).

Stop the web server and the worker first: the database is replaced whole. Media files in the backup
overwrite those of the same name; files added since the backup stay.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Restore the database and the media files from the latest backup in BACKUP_DIR (or the named files)."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--database-file", help="A database backup's file name in BACKUP_DIR (default: the latest).")
        parser.add_argument("--media-file", help="A media backup's file name in BACKUP_DIR (default: the latest).")

    def handle(self, *args, **options):
        verbosity, interactive = options["verbosity"], options["interactive"]
        if interactive:
            answer = input("This replaces the whole database and the media files with the backup. Continue? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Restore cancelled.")
        connections.close_all()
        call_command("dbrestore", uncompress=True, interactive=False, input_filename=options["database_file"],
                     verbosity=verbosity)
        call_command("mediarestore", uncompress=True, replace=True, interactive=False,
                     input_filename=options["media_file"], verbosity=verbosity)
        connections.close_all()
        call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Restored: database and media files."))

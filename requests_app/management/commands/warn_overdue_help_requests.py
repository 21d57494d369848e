from django.core.management.base import BaseCommand

from requests_app.services import warn_due


class Command(BaseCommand):
    help = "Notify once per help request whose reply is overdue (run every few minutes, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{warn_due()} overdue help requests.")

"""Run from cron every few minutes: escalate month-old unresolved complaints, then send due/overdue
warnings. Both halves are idempotent (row locks + once-per-key notifications)."""

from django.core.management.base import BaseCommand

from complaints import services


class Command(BaseCommand):
    help = "Escalate valid complaints unresolved one month (major, criterion c) and warn about due steps."

    def add_arguments(self, parser):
        parser.add_argument("--no-warnings", action="store_true", help="Only escalate; send no warnings.")

    def handle(self, *args, **options):
        escalated = services.escalate_due_complaints()
        warned = 0 if options["no_warnings"] else services.warn_due_complaints()
        self.stdout.write(f"escalated={escalated} warnings={warned}")

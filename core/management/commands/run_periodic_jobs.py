"""Run every app's periodic jobs once (core.jobs): what the worker does every minute."""

from django.core.management.base import BaseCommand

from core.jobs import run_periodic_jobs


class Command(BaseCommand):
    help = "Run every app's periodic jobs once (escalations, due-soon and overdue warnings)."

    def handle(self, *args, **options):
        for path, result in run_periodic_jobs().items():
            self.stdout.write(f"{path}: {result}")

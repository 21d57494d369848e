import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data once (safe to run again): each installed app's demo.load()."

    @transaction.atomic
    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            self.stdout.write(f"{config.label}:")
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

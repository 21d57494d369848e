"""The periodic work of every app, in one registry (like `nav_items`): deadlines act by themselves.

An app lists its jobs on its AppConfig as dotted paths of functions that take `now=` and return how
much they did (notices sent, records escalated):

    periodic_jobs = ["complaints.services.escalate_due_complaints", "complaints.services.warn_due_complaints"]

`run_periodic_jobs` runs them all, in app order; the worker runs it every minute. Each job must be
idempotent: running it twice, or in two workers at once, tells nobody twice.
"""

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string


def periodic_jobs():
    """[(dotted path, function)] of every installed app, in INSTALLED_APPS order."""
    return [
        (path, import_string(path))
        for config in apps.get_app_configs()
        for path in getattr(config, "periodic_jobs", ())
    ]


def run_periodic_jobs(*, now=None):
    """Run every job once; {dotted path: its result}."""
    now = now or timezone.now()
    return {path: job(now=now) for path, job in periodic_jobs()}

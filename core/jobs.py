"""The periodic work of every app, in one registry (like `nav_items`): deadlines act by themselves.

An app lists its jobs on its AppConfig as dotted paths of functions that take `now=` and return how
much they did (notices sent, records escalated):

    periodic_jobs = ["complaints.services.escalate_due_complaints", "complaints.services.warn_due_complaints"]

The worker (core.tasks, `manage.py run_huey`) runs `run_periodic_jobs` every minute. Each job runs with
its `JobRun` row locked, so a second worker skips a job the first is running (PostgreSQL); on SQLite the
write lock taken at the start of the transaction queues them. Jobs are idempotent besides: a rerun tells
nobody twice. Each run is recorded, so pages can warn when the worker has stopped.
"""

import datetime

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import JobRun

# Issue 10: supervisor and manager pages turn red when the jobs have not run for 5 minutes.
WORKER_SILENT_AFTER = datetime.timedelta(minutes=5)


def periodic_jobs():
    """[(dotted path, function)] of every installed app, in INSTALLED_APPS order."""
    return [
        (path, import_string(path))
        for config in apps.get_app_configs()
        for path in getattr(config, "periodic_jobs", ())
    ]


def run_job(path, job, *, now):
    """Run one job under its row lock; None when another worker is running it right now."""
    JobRun.objects.bulk_create([JobRun(name=path)], ignore_conflicts=True)
    with transaction.atomic():
        run = JobRun.objects.select_for_update(skip_locked=True).filter(name=path).first()
        if run is None:
            return None
        run.last_started_at = timezone.now()
        result = job(now=now)
        run.last_finished_at = timezone.now()
        run.last_result = str(result)[:200]
        run.save(update_fields=["last_started_at", "last_finished_at", "last_result"])
    return result


def run_periodic_jobs(*, now=None):
    """Run every job once; {dotted path: its result (None: skipped, another worker had it)}."""
    now = now or timezone.now()
    return {path: run_job(path, job, now=now) for path, job in periodic_jobs()}


def last_run():
    """When the periodic jobs last finished (None: never)."""
    return JobRun.objects.aggregate(last=Max("last_finished_at"))["last"]


def worker_silent(now=None):
    """True when the jobs have not run for WORKER_SILENT_AFTER: nobody is being warned."""
    last = last_run()
    return last is None or (now or timezone.now()) - last > WORKER_SILENT_AFTER

"""Issue 10: deadlines act by themselves — the worker's periodic jobs, its heartbeat, /healthz."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from complaints.choices import Level
from core import tasks
from core.jobs import WORKER_SILENT_AFTER, run_periodic_jobs
from core.models import JobRun, Notification
from core.roles import Role
from tests.complaints.conftest import register

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def test_the_worker_runs_the_periodic_jobs_every_minute():
    task = tasks.periodic_jobs_every_minute.task_class()
    minutes = [datetime.datetime(2026, 11, 23, 9, minute) for minute in range(60)]
    assert all(task.validate_datetime(moment) for moment in minutes)


def test_a_periodic_run_is_recorded_for_each_job(clerk):
    tasks.periodic_jobs_every_minute.call_local()
    runs = JobRun.objects.all()
    assert {run.name for run in runs} >= {"complaints.services.warn_due_complaints", "requests_app.services.warn_due"}
    assert all(run.last_finished_at for run in runs)


def test_rerunning_the_jobs_tells_nobody_twice(clerk, supervisor):
    received = timezone.now() - 3 * datetime.timedelta(hours=1)
    register(by=clerk, channel="phone", description="噪音", complainant_name="路人", complainant_phone="13900000000",
             level=Level.MINOR, now=received)
    run_periodic_jobs()
    first = Notification.objects.count()
    run_periodic_jobs()
    assert first > 0 and Notification.objects.count() == first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two workers at once need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_warn_once_per_step(make_user, mailoutbox):
    clerk = make_user(Role.CLERK, username="w_clerk")
    supervisor = make_user(Role.SUPERVISOR, username="w_supervisor")
    received = timezone.now() - datetime.timedelta(hours=3)
    for n in range(5):
        register(by=clerk, channel="phone", description=f"噪音{n}", complainant_name="路人",
                 complainant_phone="13900000000", level=Level.MINOR, now=received)
    now = timezone.now()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            run_periodic_jobs(now=now)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Each of the 5 dispatch steps is overdue: one notice each for the clerk and the supervisor.
    notices = Notification.objects.filter(step="dispatch")
    assert notices.count() == 10
    assert set(notices.values_list("recipient__username", flat=True)) == {clerk.username, supervisor.username}
    assert len([m for m in mailoutbox if supervisor.email in m.to]) == 5


def test_pages_warn_when_the_worker_has_not_run_for_five_minutes(client_for, supervisor, clerk):
    page = client_for(supervisor).get(reverse("home")).content.decode()
    assert "提醒服务未运行" in page  # never ran
    run_periodic_jobs()
    assert "提醒服务未运行" not in client_for(supervisor).get(reverse("home")).content.decode()
    JobRun.objects.update(last_finished_at=timezone.now() - WORKER_SILENT_AFTER - MIN)
    assert "提醒服务未运行" in client_for(supervisor).get(reverse("home")).content.decode()
    assert "提醒服务未运行" not in client_for(clerk).get(reverse("home")).content.decode()


def test_healthz_reports_the_database_and_the_worker(client):
    response = client.get("/healthz", {"format": "json"})
    assert response.status_code == 500 and "WorkerCheck" in response.content.decode()
    run_periodic_jobs()
    response = client.get("/healthz", {"format": "json"})
    assert response.status_code == 200, response.content
    assert "Database" in response.content.decode()

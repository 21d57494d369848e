import datetime

import pytest
from django.core.management import call_command

from core.jobs import periodic_jobs, run_periodic_jobs


def test_every_app_adds_its_periodic_jobs_to_one_registry():
    paths = [path for path, _job in periodic_jobs()]
    assert "complaints.services.escalate_due_complaints" in paths
    assert "requests_app.services.warn_due" in paths


@pytest.mark.django_db
def test_periodic_jobs_run_once_and_report_what_they_did(capsys):
    results = run_periodic_jobs(now=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC))
    assert set(results) == {path for path, _job in periodic_jobs()}
    call_command("run_periodic_jobs")
    assert "complaints.services.warn_due_complaints: 0" in capsys.readouterr().out

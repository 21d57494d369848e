"""Issue 15: a large workbook is built by the worker, not inside the request; the file is kept until the
data of its period changes, so the next manager's download is instant."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from complaints import services
from complaints.choices import Level
from core.models import Download
from tests.complaints.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_complaints(clerk, monkeypatch):
    monkeypatch.setattr("complaints.views_reports.INLINE_WORKBOOK_ROWS", 2)
    now = timezone.now()
    complaints = [register(by=clerk, channel="phone", description=f"噪音{n}", complainant_name="路人",
                           complainant_phone="13900000000", level=Level.MINOR, now=now) for n in range(3)]
    local = timezone.localtime(now)
    return complaints, {"kind": "month", "year": local.year, "month": local.month}


def test_a_big_workbook_is_built_by_the_worker_and_kept(client_for, manager, general_manager, month_of_complaints,
                                                        django_capture_on_commit_callbacks):
    complaints, params = month_of_complaints
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("complaints:statistics_export"), params)
    download = Download.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("download_status", args=[download.pk])
    assert download.status == Download.Status.READY  # the worker ran it (inline in tests)
    page = client.get(response["Location"]).content.decode()
    assert reverse("download_file", args=[download.pk]) in page
    file = client.get(reverse("download_file", args=[download.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(file.streaming_content)), read_only=True)
    assert {c.number for c in complaints} <= {row[0] for row in workbook["投诉明细"].iter_rows(values_only=True)}
    # The general manager asks for the same period: the kept file, at once.
    response = client_for(general_manager).get(reverse("complaints:statistics_export"), params)
    assert response["Location"] == reverse("download_status", args=[download.pk])
    assert Download.objects.count() == 1


def test_a_change_to_the_data_builds_a_new_file(client_for, manager, supervisor, month_of_complaints,
                                                django_capture_on_commit_callbacks):
    complaints, params = month_of_complaints
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("complaints:statistics_export"), params)
    services.add_note(complaint=complaints[0], by=supervisor, text="已联系")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("complaints:statistics_export"), params)
    assert Download.objects.count() == 2


def test_a_file_with_full_personal_details_is_never_handed_to_a_role_that_sees_them_masked(
    client_for, manager, quality, month_of_complaints, django_capture_on_commit_callbacks
):
    _complaints, params = month_of_complaints
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).get(reverse("complaints:statistics_export"), params)
    full = Download.objects.get()
    assert client_for(quality).get(reverse("download_file", args=[full.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(quality).get(reverse("complaints:statistics_export"), params)
    masked = Download.objects.exclude(pk=full.pk).get()
    assert response["Location"] == reverse("download_status", args=[masked.pk]) and not masked.full_details

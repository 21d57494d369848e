"""A year of help requests at a busy front desk (~55 a day): the register export, the list page
and the monthly figures must stay fast and stream rather than hold the year in memory."""

import datetime
import io
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from benchmarks.conftest import measure
from core.channels import Channel
from core.periods import Period
from requests_app import exports, selectors
from requests_app.models import Category, HelpRequest, Status, local_midnight
from residents.models import Building, Estate, Unit
from tests.factories import UserFactory

REQUESTS = 20_000
EXPORT_SECONDS = 30.0
EXPORT_PEAK_MB = 150
PAGE_SECONDS = 1.0


@pytest.fixture
def busy_year(db):
    clerks = [UserFactory(username=f"bench_clerk{n}") for n in range(5)]
    estate = Estate.objects.create(name="大型小区", code="BIG", gross_floor_area=200_000)
    building = Building.objects.create(estate=estate, name="1")
    units = Unit.objects.bulk_create([Unit(building=building, number=f"{n:04d}") for n in range(500)])
    start = local_midnight(datetime.date(timezone.localdate().year, 1, 1)) + timedelta(hours=8)
    categories, statuses = list(Category), [Status.CLOSED, Status.HANDLED, Status.REPLIED, Status.RECEIVED]
    HelpRequest.objects.bulk_create(
        [
            HelpRequest(
                number=f"QZB-{n:06d}",
                estate=estate,
                unit=units[n % len(units)],
                caller_name="住户",
                channel=Channel.PHONE,
                category=categories[n % 7],
                matter="厨房水龙头漏水，需要上门维修" * 3,
                received_at=start + timedelta(minutes=25 * n),
                received_by=clerks[n % 5],
                first_reply_by=clerks[n % 5],
                first_reply_at=start + timedelta(minutes=25 * n + 3),
                status=statuses[n % 4],
                result="已处理完毕",
            )
            for n in range(REQUESTS)
        ],
        batch_size=2000,
    )
    return {"estate": estate, "clerk": clerks[0], "start": start}


def _export_year(busy_year):
    year_start = busy_year["start"].date()
    rows = selectors.register_rows(viewer=busy_year["clerk"], start=year_start, end=year_start + timedelta(days=366))
    wb = exports.build_register_workbook(rows.iterator(chunk_size=2000))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer


def test_register_export_for_a_year(busy_year):
    # Timed on its own: tracemalloc slows openpyxl's per-cell work several times over.
    started = time.perf_counter()
    buffer = _export_year(busy_year)
    seconds = time.perf_counter() - started
    print(f"\nBENCH register .xlsx, {REQUESTS} requests: {seconds * 1000:.0f} ms")
    sheet = load_workbook(buffer, read_only=True).active
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == REQUESTS + 1
    assert seconds < EXPORT_SECONDS
    with measure(f"register .xlsx memory, {REQUESTS} requests") as result:
        _export_year(busy_year)
    assert result["peak_mb"] < EXPORT_PEAK_MB


def test_list_page_and_overdue_filter(busy_year):
    now = timezone.now()
    with measure(f"list first page + count + overdue, {REQUESTS} requests") as result:
        qs = selectors.request_list(viewer=busy_year["clerk"])
        page = list(qs[:50])
        total = qs.count()
        overdue = qs.overdue(now).count()
    assert len(page) == 50 and total == REQUESTS and overdue == 0
    assert result["seconds"] < PAGE_SECONDS


def test_monthly_figures_and_calls_log(busy_year):
    month = busy_year["start"].date()
    period = Period("month", month.year, month.month)
    with measure("staff figures + calls-log subtotals for a month") as result:
        figures = selectors.staff_figures(period=period, viewer=busy_year["clerk"])
        log = selectors.calls_log(viewer=busy_year["clerk"], start=month, end=(period.end_date - timedelta(days=1)))
    assert sum(row.received for row in figures) == log.total > 0
    assert result["seconds"] < PAGE_SECONDS

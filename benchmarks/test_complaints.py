"""100,000 complaints: the supervisor's overdue board must answer in a fixed number of queries and
well under a couple of seconds, and a year's workbook must stream without holding the year in memory.

BENCH_COMPLAINTS=20000 runs the same at a smaller volume."""

import datetime
import os
import random
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.conftest import measure
from complaints import deadlines
from complaints.choices import Category, Level, Status
from complaints.exports import build_statistics_workbook
from complaints.models import Complaint
from complaints.selectors import board_counts, overdue_board
from complaints.statistics import complaint_statistics
from complaints.workflow import WORKFLOW
from core.channels import Channel
from core.periods import Period
from residents.models import Building, Department, Estate, Unit

COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", "100000"))
BOARD_SECONDS = 3.0
BOARD_QUERIES = 4
YEAR_EXPORT_SECONDS = 120.0
MONTH_EXPORT_SECONDS = 15.0
# The manager downloads the workbooks (sees names and phones in full).
VIEWER = type("Manager", (), {"is_authenticated": True, "is_active": True, "is_superuser": True})()
# Memory is measured in a run of its own: tracemalloc slows openpyxl's per-cell work several times.
EXPORT_PEAK_MB = 150.0


@pytest.fixture
def many_complaints(db):
    rng = random.Random(4)
    user = get_user_model().objects.create(username="bench_clerk")
    estate = Estate.objects.create(name="基准小区", code="BENCH", gross_floor_area=500_000)
    buildings = Building.objects.bulk_create([Building(estate=estate, name=str(n)) for n in range(1, 21)])
    units = Unit.objects.bulk_create(
        [Unit(building=b, number=f"{f:02d}01") for b in buildings for f in range(1, 31)]
    )
    departments = Department.objects.bulk_create([Department(name=f"部门{n}") for n in range(6)])
    # A whole calendar year (last year) at one complaint every ~5 minutes; the board looks at its end.
    year = timezone.localdate().year - 1
    start = datetime.datetime(year, 1, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    now = datetime.datetime(year, 12, 31, 20, 0, tzinfo=timezone.get_current_timezone())
    statuses = [Status.RECEIVED, Status.DISPATCHED, Status.SIGNED, Status.HANDLED, Status.CLOSED, Status.CLOSED]
    rows = []
    for n in range(COMPLAINTS):
        received = start + datetime.timedelta(minutes=n * 525_000 // COMPLAINTS + rng.randint(0, 4))
        level = rng.choice([Level.MINOR, Level.MINOR, Level.IMPORTANT, Level.MAJOR])
        status = rng.choice(statuses)
        handled = received + datetime.timedelta(hours=rng.randint(2, 120)) if status in (
            Status.HANDLED, Status.CLOSED) else None
        dues = deadlines.reception_due_times(level=level, received_at=received)
        rows.append(Complaint(
            number=f"TS-B{n:06d}", channel=rng.choice(list(Channel)), received_at=received, recorded_by=user,
            unit=rng.choice(units), estate=estate, department=rng.choice(departments), status=status,
            description=f"投诉{n}", category=rng.choice(list(Category)), level=level,
            major_criterion="b" if level == Level.MAJOR else "",
            dispatched_at=None if status == Status.RECEIVED else received + datetime.timedelta(minutes=8),
            sign_due=received + datetime.timedelta(minutes=18), handled_at=handled,
            inform_due=deadlines.inform_due(handled) if handled else None,
            forwarded_at=received + datetime.timedelta(minutes=30),
            answered_at=received + datetime.timedelta(hours=5),
            closed_at=handled if status == Status.CLOSED else None, **dues,
        ))
    for complaint in rows:
        WORKFLOW.schedule(complaint)
    Complaint.objects.bulk_create(rows, batch_size=5000)
    return now


def test_overdue_board_at_100000_complaints(many_complaints):
    now = many_complaints
    with CaptureQueriesContext(connection) as queries, measure(f"overdue board at {COMPLAINTS} complaints") as result:
        board = overdue_board(now=now, queryset=Complaint.objects.all())
        total = board.count()
        first_page = list(board[:100])
        counts = board_counts(board, now=now)
    print(f"BENCH board: {total} rows on the board, {len(queries)} queries")
    assert first_page and counts
    assert len(queries) <= BOARD_QUERIES
    assert result["seconds"] < BOARD_SECONDS


def _timed_workbook(period, path):
    started = time.perf_counter()
    build_statistics_workbook(complaint_statistics(period), viewer=VIEWER).save(path)
    return time.perf_counter() - started


def test_year_workbook_at_100000_complaints(many_complaints, tmp_path):
    period = Period("year", timezone.localdate(many_complaints).year)
    seconds = _timed_workbook(period, tmp_path / "year.xlsx")
    print(f"\nBENCH year workbook, {COMPLAINTS} complaints: {seconds * 1000:.1f} ms, "
          f"{(tmp_path / 'year.xlsx').stat().st_size / 1e6:.1f} MB file")
    assert seconds < YEAR_EXPORT_SECONDS


def test_year_workbook_memory_at_100000_complaints(many_complaints, tmp_path):
    period = Period("year", timezone.localdate(many_complaints).year)
    with measure(f"year workbook under tracemalloc, {COMPLAINTS} complaints") as result:
        build_statistics_workbook(complaint_statistics(period), viewer=VIEWER).save(tmp_path / "year.xlsx")
    assert result["peak_mb"] < EXPORT_PEAK_MB


def test_month_workbook_at_100000_complaints(many_complaints, tmp_path):
    period = Period("month", timezone.localdate(many_complaints).year, 6)
    seconds = _timed_workbook(period, tmp_path / "month.xlsx")
    rows = Complaint.objects.filter(received_at__gte=period.start, received_at__lt=period.end).count()
    print(f"\nBENCH month workbook ({rows} complaints of {COMPLAINTS}): {seconds * 1000:.1f} ms")
    assert seconds < MONTH_EXPORT_SECONDS

"""100,000 callbacks (a busy year of repairs, complaints, rectifications and suggestion slips): the queue's
first page must answer in ≤ 100 ms with a fixed number of queries, the monthly figures in ≤ 300 ms
(issue 13), and the month's workbook must stream.

BENCH_CALLBACKS=20000 runs the same at a smaller volume.

The limits are checked against the process's CPU time per run (time.process_time, median of five after a
warm-up): SQLite runs in-process, so on an idle machine that is the wall time, while on a shared machine
other processes' work does not count against the page. The wall time is printed beside it."""

import datetime
import os
import random
import statistics
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.conftest import measure
from callbacks.choices import SATISFIED, Method, Result, SourceKind, Status
from callbacks.exports import build_callbacks_workbook
from callbacks.models import Callback
from callbacks.statistics import callback_statistics
from callbacks.workflow import WORKFLOW
from complaints.models import Complaint
from core.periods import Period
from core.roles import Role
from residents.models import Building, Department, Estate, Unit
from tests.factories import UserFactory

CALLBACKS = int(os.environ.get("BENCH_CALLBACKS", "100000"))
QUEUE_SECONDS = 0.100  # issue 13: the queue's first page
# Session, user, roles; the navigation bar's notification count and latest notice; the filter's estate,
# department and staff choices; the tab counts, the page count and the page of rows; the estates the
# clerk works for (issue 14).
QUEUE_QUERIES = 12
# The roles, the estates the clerk works for, and the counts.
COUNT_QUERIES = 3
FIGURES_SECONDS = 0.300  # issue 13: the monthly figures
MONTH_WORKBOOK_SECONDS = 15.0
WORKBOOK_PEAK_MB = 100.0
# Of a year's callbacks, the share still open at its end (due, retried, with the supervisor, answer promised).
OPEN_SHARE = 0.03
VIEWER = type("Manager", (), {"is_authenticated": True, "is_active": True, "is_superuser": True})()


@pytest.fixture
def busy_year(db):
    rng = random.Random(13)
    clerks = [UserFactory(username=f"bench_cb{n}", role=Role.CLERK) for n in range(4)]
    estates = [Estate.objects.create(name=f"小区{n}", code=f"CB{n}", gross_floor_area=80_000) for n in range(4)]
    buildings = Building.objects.bulk_create([Building(estate=e, name=str(n)) for e in estates for n in range(1, 6)])
    units = Unit.objects.bulk_create([Unit(building=b, number=f"{f:02d}01") for b in buildings for f in range(1, 21)])
    departments = Department.objects.bulk_create([Department(name=f"部门{n}") for n in range(6)])
    source_type = ContentType.objects.get_for_model(Complaint)
    now = datetime.datetime(timezone.localdate().year - 1, 12, 31, 10, 0, tzinfo=timezone.get_current_timezone())
    start = now - datetime.timedelta(days=365)
    results = [r for r in Result if r != Result.NOT_REACHED]
    rows = []
    for n in range(CALLBACKS):
        created = start + datetime.timedelta(minutes=n * 525_000 // CALLBACKS)
        due = created + datetime.timedelta(hours=rng.choice([1, 30, 35, 170]))
        unit = rng.choice(units)
        still_open = n >= CALLBACKS * (1 - OPEN_SHARE)
        failed = rng.choice([0, 0, 0, 1, 2, 3])
        status = (rng.choice([Status.DUE, Status.DUE, Status.ESCALATED, Status.AWAITING_ANSWER]) if still_open
                  else rng.choice([Status.DONE] * 20 + [Status.UNREACHABLE]))
        reached = status in (Status.DONE, Status.AWAITING_ANSWER)
        done = due + datetime.timedelta(hours=rng.randint(-30, 8)) if reached else None
        callback = Callback(
            number=f"HF-B{n:06d}", kind=rng.choice(list(SourceKind)), source_type=source_type, source_id=n + 1,
            source_label=f"TS-B{n:06d}", subject="电梯困人无人处理；已更换部件", estate=unit.building.estate, unit=unit,
            department=rng.choice(departments), contact_name="张伟华", contact_phone="13812345678",
            assignee=rng.choice(clerks + [None]), created_at=created, due_at=due, call_due=due,
            status=status, failed_tries=3 if status in (Status.ESCALATED, Status.UNREACHABLE) else failed,
            escalated_at=due if status in (Status.ESCALATED, Status.UNREACHABLE) else None,
            done_at=max(done, created) if done else None, done_by=rng.choice(clerks) if reached else None,
            method=Method.PHONE if reached else "", person_reached="住户本人" if reached else "",
            result=rng.choice(results) if reached else "", comments="住户表示满意" if reached else "",
            question="能否开发票" if status == Status.AWAITING_ANSWER else "",
            answer_due=now + datetime.timedelta(days=1) if status == Status.AWAITING_ANSWER else None,
        )
        WORKFLOW.schedule(callback)
        rows.append(callback)
    Callback.objects.bulk_create(rows, batch_size=5000)
    return {"now": now, "clerk": clerks[0]}


def _timed(function, repeat=5, clock=time.process_time):
    """Median time of `repeat` runs after a warm-up (caches of the first call are not the page's cost)."""
    function()
    times = []
    for _ in range(repeat):
        started = clock()
        function()
        times.append(clock() - started)
    return statistics.median(times)


def test_queue_first_page_at_100000_callbacks(busy_year, client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: busy_year["now"])
    client.force_login(busy_year["clerk"])
    url = reverse("callbacks:queue")
    response = client.get(url)
    assert response.status_code == 200 and len(response.context["page_obj"]) == 50
    open_count = Callback.objects.open().count()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    seconds = _timed(lambda: client.get(url))
    wall = _timed(lambda: client.get(url), clock=time.perf_counter)
    with CaptureQueriesContext(connection) as overdue_queries:
        client.get(url, {"when": "overdue", "kind": SourceKind.REPAIR})
    print(f"\nBENCH callback queue first page, {CALLBACKS} callbacks ({open_count} open): {seconds * 1000:.1f} ms "
          f"(wall {wall * 1000:.1f} ms), {len(queries)} queries (filtered: {len(overdue_queries)})")
    assert len(queries) <= QUEUE_QUERIES and len(overdue_queries) == len(queries)
    assert seconds <= QUEUE_SECONDS


def test_queue_counts_for_the_navigation_bar(busy_year):
    from callbacks.selectors import queue_counts

    with CaptureQueriesContext(connection) as queries:
        counts = queue_counts(busy_year["clerk"], busy_year["now"])
    seconds = _timed(lambda: queue_counts(busy_year["clerk"], busy_year["now"]))
    print(f"\nBENCH queue counts: {seconds * 1000:.1f} ms, {len(queries)} queries {counts}")
    assert len(queries) <= COUNT_QUERIES and seconds <= QUEUE_SECONDS


def test_monthly_figures_at_100000_callbacks(busy_year):
    period = Period("month", timezone.localdate(busy_year["now"]).year, 6)
    with CaptureQueriesContext(connection) as queries:
        stats = callback_statistics(period, now=busy_year["now"])
    seconds = _timed(lambda: callback_statistics(period, now=busy_year["now"]))
    wall = _timed(lambda: callback_statistics(period, now=busy_year["now"]), clock=time.perf_counter)
    year = Period("year", period.year)
    year_seconds = _timed(lambda: callback_statistics(year, now=busy_year["now"]), repeat=3)
    print(f"\nBENCH callback figures for a month ({stats.total.due} due of {CALLBACKS}): {seconds * 1000:.1f} ms "
          f"(wall {wall * 1000:.1f} ms), {len(queries)} queries; a year: {year_seconds * 1000:.1f} ms")
    assert stats.total.due > 0 and stats.total.satisfied == Callback.objects.filter(
        due_at__gte=period.start, due_at__lt=period.end, result__in=list(SATISFIED)).count()
    assert len(queries) == 4
    assert seconds <= FIGURES_SECONDS


def test_month_workbook_streams(busy_year, tmp_path):
    period = Period("month", timezone.localdate(busy_year["now"]).year, 6)
    now = busy_year["now"]
    started = time.perf_counter()
    build_callbacks_workbook(callback_statistics(period, now=now), viewer=VIEWER, now=now).save(tmp_path / "m.xlsx")
    seconds = time.perf_counter() - started
    with measure(f"callbacks month workbook under tracemalloc, {CALLBACKS} callbacks") as result:
        build_callbacks_workbook(callback_statistics(period, now=now), viewer=VIEWER, now=now).save(tmp_path / "m2.xlsx")
    print(f"BENCH callbacks month workbook: {seconds * 1000:.1f} ms, {(tmp_path / 'm.xlsx').stat().st_size / 1e6:.1f} MB")
    assert seconds < MONTH_WORKBOOK_SECONDS and result["peak_mb"] < WORKBOOK_PEAK_MB

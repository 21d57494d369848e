"""Complaints at volume: one table of every page and export (issue 15), at 20,000 and 100,000 complaints.

Each row: its time (median of several runs; one run for the whole workbooks), its query count, and its
ratio to the floor measured in the same run — the page's own SELECTs replayed on a raw cursor ("bare
SQL"), or the bare writer putting the same cells into a file with nothing else to do. A workbook has two
rows: the whole file as the manager waits for it (the statistics, the summary and its charts included)
against the writer alone on the list and the register; and the list and the register written by the
export's own code against the same cells fetched with values_list and written bare — the export's own
overhead, which issue 15 holds to 1.2×. The test fails when a query
count grows with the number of complaints; times are printed against the goals, not asserted (they
depend on the machine).

BENCH_SIZES=2000,10000 runs the same at smaller volumes."""

import datetime
import os
import random
import statistics
import tempfile
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse
from django.utils import timezone

from benchmarks.conftest import bare_sql_seconds, measure, timed
from complaints import deadlines, exports
from complaints.choices import Category, Level, Status
from complaints.models import Complaint
from complaints.workflow import WORKFLOW
from core import downloads, excel
from core.channels import Channel
from core.periods import Period
from core.roles import Role
from residents.models import Building, Department, Estate, Unit
from tests.factories import UserFactory

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "20000,100000").split(",")]
PAGE_REPEAT = 5
# Issue 15's goals, printed beside the measurements.
GOALS = {
    "statistics page, month": "≤420 ms",
    "statistics page, year": "≤1 s",
    "month workbook": "the whole file, as waited for",
    "year workbook": "the whole file, as waited for",
    "month list sheets": "≤1.2× fetch+writer",
    "year list sheets": "≤1.2× fetch+writer",
    "overdue board": "≤2× SQL",
    "complaint list": "count by an index",
}
EXPORT_PEAK_MB = 150.0
YEAR_SPAN_MINUTES = 525_000  # a calendar year, give or take
# The 31 list columns and 8 register columns the workbook writes, for the bare writer.
LIST_FIELDS = [
    "number", "received_at", "submitted_at", "channel", "estate__name", "unit__number", "complainant_name",
    "complainant_phone", "occurred_at", "occurred_place", "complained_person", "description", "demand",
    "requested_deadline", "category", "is_valid", "invalid_reason", "level", "major_criterion",
    "recorded_by__username", "status", "department__name", "dispatched_at", "handling_process",
    "handling_result", "handled_at", "handle_due", "informed_at", "closed_at", "signed_at", "callback_note",
]
REGISTER_FIELDS = ["number", "level", "category", "estate__name", "unit__number", "department__name", "signed_at",
                   "handled_at"]


def bench_year():
    return timezone.localdate().year - 1


class Office:
    """A year (last year) of complaints at one estate, added in steps so one run measures two sizes."""

    def __init__(self):
        self.rng = random.Random(4)
        self.user = get_user_model().objects.create(username="bench_clerk")
        estate = Estate.objects.create(name="基准小区", code="BENCH", gross_floor_area=500_000)
        buildings = Building.objects.bulk_create([Building(estate=estate, name=str(n)) for n in range(1, 21)])
        self.units = Unit.objects.bulk_create(
            [Unit(building=b, number=f"{f:02d}01") for b in buildings for f in range(1, 31)]
        )
        self.departments = Department.objects.bulk_create([Department(name=f"部门{n}") for n in range(6)])
        self.estate = estate
        self.count = 0
        tz = timezone.get_current_timezone()
        self.start = datetime.datetime(bench_year(), 1, 1, 8, 0, tzinfo=tz)
        self.now = datetime.datetime(bench_year(), 12, 31, 20, 0, tzinfo=tz)

    def grow_to(self, total):
        rng, rows = self.rng, []
        statuses = [Status.RECEIVED, Status.DISPATCHED, Status.SIGNED, Status.HANDLED, Status.INFORMED,
                    Status.CLOSED, Status.CLOSED]
        for n in range(self.count, total):
            # Spread over the year whatever the size: complaint n of `total` falls at its share of the year.
            received = self.start + datetime.timedelta(
                minutes=rng.randrange(YEAR_SPAN_MINUTES - 24 * 60), seconds=rng.randrange(60))
            level = rng.choice([Level.MINOR, Level.MINOR, Level.IMPORTANT, Level.MAJOR])
            status = rng.choice(statuses)
            step = statuses.index(status)
            dispatched = received + datetime.timedelta(minutes=rng.randint(2, 14)) if step >= 1 else None
            signed = dispatched + datetime.timedelta(minutes=rng.randint(2, 14)) if step >= 2 else None
            handled = received + datetime.timedelta(hours=rng.randint(2, 120)) if step >= 3 else None
            informed = handled + datetime.timedelta(hours=rng.randint(1, 30)) if step >= 4 else None
            dues = deadlines.reception_due_times(level=level, received_at=received)
            rows.append(Complaint(
                number=f"TS-B{n:06d}", channel=rng.choice(list(Channel)), received_at=received,
                recorded_by=self.user, unit=rng.choice(self.units), estate=self.estate,
                department=rng.choice(self.departments), status=status, description=f"投诉{n}：电梯故障无人处理",
                demand="尽快维修", category=rng.choice(list(Category)), level=level,
                major_criterion="b" if level == Level.MAJOR else "", dispatched_at=dispatched, signed_at=signed,
                sign_due=dispatched + deadlines.SIGN_LIMIT if dispatched else None, handled_at=handled,
                inform_due=deadlines.inform_due(handled) if handled else None, informed_at=informed,
                forwarded_at=received + datetime.timedelta(minutes=rng.randint(20, 90)),
                answered_at=received + datetime.timedelta(hours=rng.randint(5, 60)),
                callback_satisfied=rng.random() < 0.85 if status == Status.CLOSED else None,
                closed_at=informed if status == Status.CLOSED else None, **dues,
            ))
        for complaint in rows:
            WORKFLOW.schedule(complaint)
        Complaint.objects.bulk_create(rows, batch_size=5000)
        self.count = total


def _bare_writer_seconds(period_filter):
    """The bare limit of the list and register sheets: (writer, seconds to fetch the same cells with
    values_list, seconds for the writer alone to put them into a file)."""
    naive = lambda v: timezone.localtime(v).replace(tzinfo=None) if isinstance(v, datetime.datetime) else v  # noqa: E731
    complaints = Complaint.objects.filter(**period_filter)
    started = time.perf_counter()
    sheets = [
        [[naive(v) for v in row] for row in complaints.values_list(*LIST_FIELDS)],
        [[naive(v) for v in row] for row in complaints.exclude(dispatched_at=None).values_list(*REGISTER_FIELDS)],
    ]
    fetched = time.perf_counter() - started
    writer = getattr(excel, "WRITER", "openpyxl")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        if writer == "xlsxwriter":
            import xlsxwriter

            book = xlsxwriter.Workbook(f"{folder}/bare.xlsx", {
                "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd hh:mm"})
            for index, rows in enumerate(sheets):
                sheet = book.add_worksheet(f"s{index}")
                for number, row in enumerate(rows):
                    sheet.write_row(number, 0, row)
            book.close()
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            for index, rows in enumerate(sheets):
                sheet = book.create_sheet(f"s{index}")
                for row in rows:
                    sheet.append(row)
            book.save(f"{folder}/bare.xlsx")
        return writer, fetched, time.perf_counter() - started


def _list_sheets(viewer, period):
    """The export's own code writing the complaint list and the handling register, fetch included: the
    same cells as the bare writer's, so the ratio is what the export adds (labels, masking, formats)."""
    with tempfile.TemporaryDirectory() as folder:
        book = excel.Book(f"{folder}/list.xlsx")
        book.table_sheet("list", exports.complaint_columns(viewer), exports.complaint_rows(period), landscape=True)
        book.table_sheet("register", exports.register_columns(), exports.register_rows(period),
                         title_rows=["register"])
        book.close()


def _download(client, url):
    """The workbook as the manager gets it: inline when small; when large (issue 15) the request queues it
    and the worker builds it — timed here together, as the wait before the file can be opened. A new
    Download each time (the ready one would be handed out at once)."""
    response = client.get(url)
    if response.status_code == 302:
        match = resolve(response.url)
        assert match.url_name == "download_status", response.url
        download = downloads.build(match.kwargs["pk"])
        with download.file.open("rb") as built:
            size = len(built.read())
        download.file.delete(save=False)
        download.delete()
        return size, "worker"
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert size > 0
    return size, "inline"


def _measure_size(client, office):
    year = bench_year()
    stats_url, export_url = reverse("complaints:statistics"), reverse("complaints:statistics_export")
    month_q, year_q = f"?kind=month&year={year}&month=6", f"?kind=year&year={year}"
    rows = []

    def page(label, url):
        client.get(url)  # warm caches (templates, translations, the database's pages)
        seconds, recorder, response = timed(lambda: client.get(url), repeat=PAGE_REPEAT)
        assert response.status_code == 200, (label, response.status_code)
        floor = bare_sql_seconds(recorder, repeat=PAGE_REPEAT)
        rows.append((label, seconds, len(recorder), "SQL", floor))

    def workbook(label, url, period, period_filter):
        seconds, recorder, (_size, built_by) = timed(lambda: _download(client, url))
        repeat = 3 if period.kind == "month" else 1
        # A month's floor is a fraction of a second: the median of three, as for the list sheets below.
        floors = [_bare_writer_seconds(period_filter) for _ in range(repeat)]
        writer = floors[0][0]
        fetched, written = (statistics.median(floor[i] for floor in floors) for i in (1, 2))
        # Built inline or by the worker: two paths with their own query counts. The whole file also
        # computes the statistics and draws the summary and its charts, which no bare writer does.
        rows.append((f"{label} workbook ({built_by})", seconds, len(recorder), writer, written))
        list_seconds, list_recorder, _none = timed(lambda: _list_sheets(client.manager, period), repeat=repeat)
        rows.append((f"{label} list sheets", list_seconds, len(list_recorder), f"fetch+{writer}", fetched + written))

    page("overdue board", reverse("complaints:board"))
    page("complaint list", reverse("complaints:list"))
    page("statistics page, month", stats_url + month_q)
    page("statistics page, year", stats_url + year_q)
    start = datetime.datetime(year, 6, 1, tzinfo=timezone.get_current_timezone())
    end = datetime.datetime(year, 7, 1, tzinfo=timezone.get_current_timezone())
    workbook("month", export_url + month_q, Period("month", year, 6),
             {"received_at__gte": start, "received_at__lt": end})
    year_start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    workbook("year", export_url + year_q, Period("year", year),
             {"received_at__gte": year_start, "received_at__lt": year_start.replace(year=year + 1)})
    return rows


def _print_table(results):
    lines = [
        "",
        "BENCH complaints (SQLite unless DATABASE_URL says otherwise; pages: median of "
        f"{PAGE_REPEAT}, workbooks: one run)",
        f"{'what':<26} {'complaints':>10} {'time':>10} {'queries':>8} {'floor':>24} {'ratio':>7}  goal",
    ]
    for size, rows in results:
        for label, seconds, queries, floor_kind, floor in rows:
            lines.append(
                f"{label:<26} {size:>10,} {seconds * 1000:>8.0f}ms {queries:>8} "
                f"{floor_kind + ' ' + format(floor * 1000, '.0f') + 'ms':>24} {seconds / floor:>6.2f}×  "
                f"{GOALS.get(label.split(' (')[0], '')}"
            )
    print("\n".join(lines))


@pytest.mark.django_db
def test_complaints_pages_and_workbooks_at_volume(client):
    manager = UserFactory(username="bench_manager", role=[Role.MANAGER, Role.SUPERVISOR])
    client.force_login(manager)
    client.manager = manager
    # Content types are cached for the life of a process: warm, as in a running worker, so that the first
    # size measured does not count the one query the other sizes never make.
    ContentType.objects.get_for_model(Complaint)
    office = Office()
    results = []
    for size in SIZES:
        office.grow_to(size)
        results.append((size, _measure_size(client, office)))
    _print_table(results)
    counts = {}
    for size, rows in results:
        for label, _seconds, queries, _kind, _floor in rows:
            counts.setdefault(label, []).append((size, queries))
    growing = {label: pairs for label, pairs in counts.items() if len({q for _s, q in pairs}) > 1}
    assert not growing, f"query counts grow with the number of complaints: {growing}"


@pytest.mark.django_db
def test_year_workbook_memory_stays_flat(client):
    """Measured in a run of its own: tracemalloc slows the per-cell work several times."""
    client.force_login(UserFactory(username="bench_manager", role=Role.MANAGER))
    office = Office()
    office.grow_to(SIZES[-1])
    url = reverse("complaints:statistics_export") + f"?kind=year&year={bench_year()}"
    with measure(f"year workbook under tracemalloc, {SIZES[-1]} complaints") as result:
        _download(client, url)
    assert result["peak_mb"] < EXPORT_PEAK_MB

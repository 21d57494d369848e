"""The callbacks workbook: the figures (summary, per source, per department, per month, each with a
native chart), the list of the period's callbacks and the regular-meeting items — every sheet set up
for A4, streamed with openpyxl's write-only mode (core.excel)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.choices import Method, Result, SourceKind, Status
from callbacks.statistics import COLUMNS, period_callbacks
from core.excel import Book, Column
from core.people import full_name
from residents.privacy import name_for, phone_for

CHUNK = 2000


def _width(header, minimum=8):
    """Wide enough for the header on one line (a CJK character takes two widths): a streamed sheet
    cannot grow its header row to fit wrapped text."""
    return max(minimum, 2 * len(str(header)) + 2)


def _column(header, accessor, minimum=8):
    return Column(header, accessor, _width(header, minimum))


def _labels(choices):
    return {value: str(label) for value, label in choices}


def _figure_columns(first_header):
    return [Column(first_header, lambda f: str(f.label), 18)] + [
        _column(label, lambda f, key=key: getattr(f, key)) for key, label in COLUMNS
    ]


def _rate_chart(book, table, title, *, line=False):
    """Callback rate, satisfaction and unreachable rate per row, as a native Excel chart under the table."""
    if table.rows <= 0:
        return
    keys = [key for key, _label in COLUMNS]
    chart = book.chart("line" if line else "column", title=title, legend=True, width=640, height=300)
    for key in ("callback_rate", "satisfaction_rate", "unreachable_rate"):
        column = keys.index(key) + 1
        chart.add_series({"name": [table.name, table.header_row, column], "categories": table.range(0),
                          "values": table.range(column)})
    chart.set_y_axis({"name": "%", "min": 0, "max": 100})
    table.sheet.insert_chart(table.last_row + 2, 0, chart)


def _summary_rows(stats):
    total = stats.total
    definitions = [
        _("Callback rate = called back on time / callbacks due"),
        _("Satisfaction = (very satisfied + satisfied + fairly satisfied) / verdicts given"),
        _("Unreachable rate = not reached in three tries / callbacks due"),
    ]
    return [(label, getattr(total, key)) for key, label in COLUMNS] + [("", None)] + [(d, None) for d in definitions]


LIST_FIELDS = [
    "number", "kind", "source_label", "subject", "estate__name", "unit__building__name", "unit__number",
    "contact_name", "contact_phone", "department__name", "created_at", "due_at", "status", "failed_tries",
    "done_at", "done_by__first_name", "done_by__last_name", "done_by__username", "method", "person_reached",
    "result", "comments", "follow_up", "question", "answer_due", "answered_at", "meeting_date", "round",
]


# The printed register (A4 landscape) is the first PRINTED columns; the rest are for reading on screen.
PRINTED = 14


def list_columns(viewer):
    """The callback list's columns; the person to call as `viewer` may see them (SPEC §2)."""
    kinds, statuses = _labels(SourceKind.choices), _labels(Status.choices)
    methods, results = _labels(Method.choices), _labels(Result.choices)
    yes, no = _("Yes"), _("No")
    return [
        Column(_("Number"), "number", 15),
        _column(_("Follows up"), lambda r: kinds.get(r["kind"])),
        Column(_("Source number"), "source_label", 15),
        Column(_("Unit"), lambda r: f"{r['estate__name'] or ''} {r['unit__building__name']}-{r['unit__number']}"
               if r["unit__number"] else r["estate__name"], 16),
        _column(_("Person to call"), lambda r: name_for(viewer, r["contact_name"])),
        Column(_("Contact phone"), lambda r: phone_for(viewer, r["contact_phone"]), 13),
        Column(_("Department"), "department__name", 11),
        Column(_("Due by the rule"), "due_at", 16),
        Column(_("Called back at"), "done_at", 16),
        _column(_("Called back by"), lambda r: full_name(
            r["done_by__first_name"], r["done_by__last_name"], r["done_by__username"])),
        _column(_("Method"), lambda r: methods.get(r["method"], "")),
        _column(_("Resident's verdict"), lambda r: results.get(r["result"], "")),
        _column(_("On time"), lambda r: (yes if r["done_at"] <= r["due_at"] else no) if r["done_at"] else "", 5),
        Column(_("Comments"), "comments", 30),
        # Not printed:
        _column(_("Status"), lambda r: statuses.get(r["status"]), 12),
        _column(_("Callback round"), "round"),
        Column(_("What it follows up"), "subject", 36),
        Column(_("Scheduled at"), "created_at", 16),
        _column(_("Failed tries"), "failed_tries"),
        _column(_("Person reached"), "person_reached"),
        Column(_("Follow-up needed"), "follow_up", 30),
        Column(_("Question to answer"), "question", 24),
        Column(_("Agreed answer time"), "answer_due", 16),
        Column(_("Answered at"), "answered_at", 16),
        Column(_("Regular meeting"), "meeting_date", 12),
    ]


def list_rows(period, now, estate=None):
    return (
        period_callbacks(period, now, estate).order_by("due_at", "pk").values(*LIST_FIELDS).iterator(chunk_size=CHUNK)
    )


MEETING_FIELDS = ["meeting_date", "number", "kind", "source_label", "department__name", "meeting_problem",
                  "meeting_outcome"]


def meeting_columns():
    kinds = _labels(SourceKind.choices)
    return [
        Column(_("Regular meeting"), "meeting_date", 12),
        Column(_("Number"), "number", 15),
        Column(_("Follows up"), lambda r: kinds.get(r["kind"]), 10),
        Column(_("Source number"), "source_label", 15),
        Column(_("Department"), "department__name", 12),
        Column(_("Serious problem"), "meeting_problem", 40),
        Column(_("Solution agreed at the meeting"), "meeting_outcome", 40),
    ]


def meeting_rows(period, estate=None):
    from callbacks.models import Callback

    rows = Callback.objects.filter(meeting_date__gte=period.start_date, meeting_date__lt=period.end_date)
    return (
        (rows.filter(estate=estate) if estate is not None else rows)
        .order_by("meeting_date", "department__name", "pk").values(*MEETING_FIELDS)
    )


def add_figures_sheets(book, stats):
    """The figures on sheets of their own, with charts (a core.excel Book); also added to the complaints'
    monthly workbook, so their names differ from its sheets."""
    until = timezone.localtime(stats.until).strftime("%Y-%m-%d %H:%M")
    heading = _("Callback figures %(period)s") % {"period": stats.period.label}
    if stats.estate is not None:
        heading = f"{heading} {stats.estate}"
    book.table_sheet(
        _("Callback summary"),
        [Column(_("Figure"), lambda r: str(r[0]), 60), Column(_("Value"), lambda r: r[1], 12)],
        _summary_rows(stats),
        title_rows=[heading, _("Callbacks due up to %(until)s") % {"until": until}],
    )
    for title, rows, line in (
        (_("Callbacks by source"), stats.by_kind, False),
        (_("Callbacks by department"), stats.by_department, False),
        (_("Callbacks by month"), stats.by_month, True),
    ):
        table = book.table_sheet(title, _figure_columns(title), rows, landscape=True)
        _rate_chart(book, table, title, line=line)


def build_callbacks_workbook(stats, *, viewer, now):
    book = Book()
    add_figures_sheets(book, stats)
    table = book.table_sheet(_("Callback list"), list_columns(viewer), list_rows(stats.period, now, stats.estate),
                             landscape=True)
    table.sheet.print_area(0, 0, max(table.last_row, table.header_row), PRINTED - 1)
    book.table_sheet(_("Regular meeting items"), meeting_columns(), meeting_rows(stats.period, stats.estate),
                    landscape=True)
    return book

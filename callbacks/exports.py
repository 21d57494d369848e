"""The callbacks workbook: the figures (summary, per source, per department, per month, each with a
native chart), the list of the period's callbacks and the regular-meeting items — every sheet set up
for A4, streamed with openpyxl's write-only mode (core.excel)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter

from callbacks.choices import Method, Result, SourceKind, Status
from callbacks.statistics import COLUMNS, period_callbacks
from core.excel import Column, add_table_sheet, new_workbook
from core.people import full_name
from residents.privacy import name_for, phone_for

CHUNK = 2000
A4 = "9"  # the paper size code of A4 in SpreadsheetML
EXCEL_MAX_ROW = 1_048_576  # a streamed sheet's length is not known when its print area is set


class _A4Book:
    """Hands `core.excel.add_table_sheet` sheets already set up for A4 (the page set-up of a write-only
    sheet must be in place before its first row): fitted to the page width, the header repeated."""

    def __init__(self, workbook, *, landscape):
        self.workbook, self.landscape = workbook, landscape

    def create_sheet(self, title):
        ws = self.workbook.create_sheet(title=title)
        ws.page_setup.paperSize = A4
        ws.page_setup.orientation = "landscape" if self.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        return ws


def a4_sheet(workbook, title, columns, rows, *, title_rows=(), landscape=False, printed=None):
    """A table sheet set up for A4; `printed` columns (from the left) make the printed page, the rest stay
    in the workbook for reading on screen."""
    ws = add_table_sheet(_A4Book(workbook, landscape=landscape), title, columns, rows, title_rows=title_rows)
    ws.print_title_rows = f"{len(title_rows) + 1}:{len(title_rows) + 1}"
    if printed:
        ws.print_area = f"A1:{get_column_letter(printed)}{EXCEL_MAX_ROW}"
    return ws


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


def _rate_chart(ws, title, rows, *, line=False):
    """Callback rate and satisfaction per row, as a native Excel chart beside the table."""
    if not rows:
        return
    keys = [key for key, _label in COLUMNS]
    chart = LineChart() if line else BarChart()
    chart.title = title
    chart.y_axis.title = "%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    for key in ("callback_rate", "satisfaction_rate", "unreachable_rate"):
        column = keys.index(key) + 2
        chart.add_data(Reference(ws, min_col=column, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(rows) + 1))
    chart.width, chart.height = 18, 8
    ws.add_chart(chart, f"A{len(rows) + 4}")


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


def list_rows(period, now):
    return (
        period_callbacks(period, now).order_by("due_at", "pk").values(*LIST_FIELDS).iterator(chunk_size=CHUNK)
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


def meeting_rows(period):
    from callbacks.models import Callback

    return (
        Callback.objects.filter(meeting_date__gte=period.start_date, meeting_date__lt=period.end_date)
        .order_by("meeting_date", "department__name", "pk").values(*MEETING_FIELDS)
    )


def add_figures_sheets(workbook, stats):
    """The figures on sheets of their own, with charts; also added to the complaints' monthly workbook
    (complaints.views_reports), so their names differ from its sheets."""
    until = timezone.localtime(stats.until).strftime("%Y-%m-%d %H:%M")
    heading = _("Callback figures %(period)s") % {"period": stats.period.label}
    a4_sheet(
        workbook, _("Callback summary"),
        [Column(_("Figure"), lambda r: str(r[0]), 60), Column(_("Value"), lambda r: r[1], 12)],
        _summary_rows(stats),
        title_rows=[heading, _("Callbacks due up to %(until)s") % {"until": until}],
    )
    for title, rows, line in (
        (_("Callbacks by source"), stats.by_kind, False),
        (_("Callbacks by department"), stats.by_department, False),
        (_("Callbacks by month"), stats.by_month, True),
    ):
        ws = a4_sheet(workbook, title, _figure_columns(title), rows, landscape=True)
        _rate_chart(ws, title, rows, line=line)


def build_callbacks_workbook(stats, *, viewer, now):
    workbook = new_workbook()
    add_figures_sheets(workbook, stats)
    a4_sheet(workbook, _("Callback list"), list_columns(viewer), list_rows(stats.period, now), landscape=True,
             printed=PRINTED)
    a4_sheet(workbook, _("Regular meeting items"), meeting_columns(), meeting_rows(stats.period), landscape=True)
    return workbook

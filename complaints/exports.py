"""The statistics workbook (SPEC §4): a summary with its charts on two A4 pages, the breakdowns, the
month-by-month table, the on-time rates, the recurring problems, the full complaint list and the
handling register 投诉处理记录表 — streamed by XlsxWriter (core.excel.Book).

`write_statistics_workbook(path, ...)` builds the whole file from a period and an estate: the one
function a background job calls; the views build the same through `statistics_workbook_response`."""

from operator import itemgetter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.choices import Category, Level, Status
from complaints.models import Complaint
from complaints.statistics import (
    complaint_statistics,
    complaints_in,
    recurring_problems,
    recurring_row,
)
from core.channels import Channel
from core.excel import Book, Column
from core.models import TimelineEvent
from core.people import full_name
from core.periods import Period
from residents.models import Estate
from residents.privacy import can_see_personal_details, mask_name, mask_phone

CHUNK = 2000
# The summary sheet (issue 11: at most two A4 pages for a month): the figures and two rows of charts
# on the first page, the trend and the on-time charts on the second; a page break between them.
SUMMARY_WIDTHS = [30, 13, 13, 3, 13, 13, 13, 13]
CHART_ROW_HEIGHT = 13  # rows of 20 px a half-width chart takes (260 px)
HALF_CHART = (400, 260)
FULL_CHART = (800, 260)


def _labels(choices):
    """Translate a field's choice labels once per export, not once per cell."""
    return {value: str(label) for value, label in choices}


LIST_FIELDS = [
    "pk", "number", "received_at", "submitted_at", "channel", "estate__name", "unit__building__name",
    "unit__number", "complainant_name", "complainant_phone", "occurred_at", "occurred_place", "complained_person",
    "description", "demand", "requested_deadline", "category", "is_valid", "invalid_reason", "level",
    "major_criterion", "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username", "status",
    "department__name", "dispatched_at", "handling_process", "handling_result", "handled_at", "handle_due",
    "informed_at", "closed_at",
]
# complaint_rows() appends the complained departments to each row.
LIST_ROW = {name: index for index, name in enumerate([*LIST_FIELDS, "departments"])}


def _reader(fields):
    """name -> a function reading that field of a row tuple (rows are `values_list` tuples: no dict per row)."""
    return lambda name: itemgetter(fields[name])


def complaint_columns(viewer):
    """The complaint list's columns; the complainant's name and phone as `viewer` may see them (SPEC §2),
    decided once for the whole sheet. Labels are translated once, each column converts its own field."""
    f = _reader(LIST_ROW)
    channel, category = _labels(Channel.choices), _labels(Category.choices)
    level, status = _labels(Level.choices), _labels(Status.choices)
    yes, no = _("Yes"), _("No")
    name, phone = f("complainant_name"), f("complainant_phone")
    if not can_see_personal_details(viewer):
        name = lambda r, raw=name: mask_name(raw(r))  # noqa: E731
        phone = lambda r, raw=phone: mask_phone(raw(r))  # noqa: E731
    unit = _unit_label(f("unit__building__name"), f("unit__number"))
    first, last, login = f("recorded_by__first_name"), f("recorded_by__last_name"), f("recorded_by__username")
    received, handled = f("received_at"), f("handled_at")

    def chosen(field, labels):
        read = f(field)
        return lambda r: labels.get(read(r), "")

    def hours(r):
        done = handled(r)
        return None if done is None else round((done - received(r)).total_seconds() / 3600, 2)

    valid = f("is_valid")
    return [
        Column(gettext_lazy("Number"), f("number"), 15),
        Column(gettext_lazy("Received at"), received, 17),
        Column(gettext_lazy("Reached the office at"), f("submitted_at"), 17),
        Column(gettext_lazy("Channel"), chosen("channel", channel), 10),
        Column(gettext_lazy("Estate"), f("estate__name"), 12),
        Column(gettext_lazy("Unit"), unit, 10),
        Column(gettext_lazy("Complainant"), name, 10),
        Column(gettext_lazy("Contact phone"), phone, 14),
        Column(gettext_lazy("When it happened"), f("occurred_at"), 17),
        Column(gettext_lazy("Where it happened"), f("occurred_place"), 16),
        Column(gettext_lazy("Departments complained about"), f("departments"), 16),
        Column(gettext_lazy("Person complained about"), f("complained_person"), 12),
        Column(gettext_lazy("What happened"), f("description"), 40),
        Column(gettext_lazy("What the resident asks for"), f("demand"), 30),
        Column(gettext_lazy("Resident's requested deadline"), f("requested_deadline"), 17),
        Column(gettext_lazy("Category of problem"), chosen("category", category), 12),
        Column(gettext_lazy("Valid"), lambda r: yes if valid(r) else no, 6),
        Column(gettext_lazy("Reason not valid"), f("invalid_reason"), 20),
        Column(gettext_lazy("Level"), chosen("level", level), 8),
        Column(gettext_lazy("Major criterion"), f("major_criterion"), 8),
        Column(gettext_lazy("Recorder"), lambda r: full_name(first(r), last(r), login(r)), 10),
        Column(gettext_lazy("Status"), chosen("status", status), 10),
        Column(gettext_lazy("Receiving department"), f("department__name"), 12),
        Column(gettext_lazy("Dispatched at"), f("dispatched_at"), 17),
        Column(gettext_lazy("Handling process"), f("handling_process"), 30),
        Column(gettext_lazy("Handling result"), f("handling_result"), 30),
        Column(gettext_lazy("Handled at"), handled, 17),
        Column(gettext_lazy("Handling due"), f("handle_due"), 17),
        Column(gettext_lazy("Time to handle (hours)"), hours, 10),
        Column(gettext_lazy("Resident informed at"), f("informed_at"), 17),
        Column(gettext_lazy("Closed at"), f("closed_at"), 17),
    ]


def _unit_label(building, number):
    def label(row):
        unit = number(row)
        return f"{building(row)}-{unit}" if unit else ""

    return label


REGISTER_FIELDS = [
    "level", "category", "number", "estate__name", "unit__building__name", "unit__number", "department__name",
    "signed_by__first_name", "signed_by__last_name", "signed_by__username", "signed_at", "handled_at",
]
# register_rows() puts the running number first.
REGISTER_ROW = {name: index for index, name in enumerate(["seq", *REGISTER_FIELDS])}


def register_columns():
    f = _reader(REGISTER_ROW)
    level, category = _labels(Level.choices), _labels(Category.choices)
    level_of, category_of, estate = f("level"), f("category"), f("estate__name")
    unit = _unit_label(f("unit__building__name"), f("unit__number"))
    first, last, login = f("signed_by__first_name"), f("signed_by__last_name"), f("signed_by__username")
    return [
        Column("NO", f("seq"), 6),
        Column(gettext_lazy("Category"), lambda r: level.get(level_of(r)) or category.get(category_of(r)), 8),
        Column(gettext_lazy("Complaint form number"), f("number"), 15),
        Column(gettext_lazy("Unit"), lambda r: f"{estate(r) or ''} {unit(r)}".strip(), 16),
        Column(gettext_lazy("Receiving department"), f("department__name"), 12),
        Column(gettext_lazy("Receiver"), lambda r: full_name(first(r), last(r), login(r)), 10),
        Column(gettext_lazy("Date"), f("signed_at"), 17),
        Column(gettext_lazy("Date returned to the service centre"), f("handled_at"), 17),
    ]


def register_rows(period, estate=None):
    """The handling register: every dispatched complaint of the period, numbered (tuples, streamed)."""
    rows = (
        complaints_in(period, estate).exclude(dispatched_at=None).order_by("received_at", "pk")
        .values_list(*REGISTER_FIELDS).iterator(chunk_size=CHUNK)
    )
    for seq, row in enumerate(rows, start=1):
        yield (seq, *row)


def complaint_rows(period, estate=None):
    """Every complaint of the period as a tuple (LIST_FIELDS, then the departments it complains about).
    Two streamed queries in the same order (received_at, pk), walked side by side: the number of queries
    and the memory stay the same whatever the number of complaints."""
    complaints = complaints_in(period, estate).order_by("received_at", "pk")
    rows = complaints.values_list(*LIST_FIELDS).iterator(chunk_size=CHUNK)
    pairs = (
        Complaint.complained_departments.through.objects.filter(complaint__in=complaints.values("pk"))
        .order_by("complaint__received_at", "complaint_id", "department__name")
        .values_list("complaint_id", "department__name").iterator(chunk_size=CHUNK)
    )
    pair = next(pairs, None)
    for row in rows:
        names = []
        while pair is not None and pair[0] == row[0]:
            names.append(pair[1])
            pair = next(pairs, None)
        yield (*row, "、".join(names))


# ---- the summary and its charts --------------------------------------------------------------------

def _title(stats):
    place = stats.estate or _("All estates")
    return _("Complaint statistics %(period)s") % {"period": stats.period.label} + f" · {place}"


def _subtitle(stats):
    if stats.frozen_at:
        moment = timezone.localtime(stats.frozen_at)
        return _("Figures as submitted on %(time)s") % {"time": f"{moment:%Y-%m-%d %H:%M}"}
    return _("Figures as of %(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}


def _summary(book, stats):
    sheet = book.sheet(_("Statistics summary"))
    for index, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(index, index, width)
    columns = [
        Column(_("Figure"), itemgetter(1), 30),
        Column(stats.period.label, itemgetter(2), 13),
        Column(_("Previous period"), itemgetter(3), 13),
    ]
    table = book.table_sheet(_("Statistics summary"), columns, stats.figures, sheet=sheet,
                             title_rows=[_title(stats), _subtitle(stats)], paper=False)
    return sheet, table.last_row + 2


def _breakdown_sheets(book, stats):
    """One small table per breakdown: the data its chart reads. {key: Table}"""
    tables = {}
    for breakdown in stats.breakdowns:
        columns = [Column(breakdown.title, itemgetter(0), 24), Column(_("Complaints"), itemgetter(1), 10)]
        tables[breakdown.key] = book.table_sheet(breakdown.title, columns, breakdown.rows)
    return tables


def _on_time_sheet(book, stats):
    sheet = book.sheet(_("On-time rates"))
    steps = book.table_sheet(_("On-time rates"), [
        Column(_("Step"), lambda r: str(r.label), 24), Column(_("Done"), lambda r: r.done, 10),
        Column(_("Done on time"), lambda r: r.on_time, 12), Column(_("On-time rate (%)"), lambda r: r.rate, 14),
    ], stats.steps, sheet=sheet)
    departments = book.table_sheet(_("On-time rates"), [
        Column(_("Department"), lambda r: r.name or _("Not dispatched"), 24),
        Column(_("Complaints"), lambda r: r.total, 10), Column(_("Handled"), lambda r: r.handled, 12),
        Column(_("Handled on time"), lambda r: r.handled_on_time, 14),
        Column(_("On-time rate (%)"), lambda r: r.rate, 14),
    ], [row for row in stats.departments if row.handled], sheet=sheet, start_row=steps.last_row + 2,
        freeze=False, paper=False)
    return steps, departments


def _month_sheet(book, stats):
    """Month by month: complaints per level and per department over the trend months, with a trend
    chart per level and one per department (issue 11: the year workbook)."""
    by_department = stats.trend_departments
    departments = list(by_department)
    levels = [(_("Major"), "major"), (_("Important"), "important"), (_("Minor"), "minor")]
    columns = [Column(_("Month"), itemgetter(0), 10), Column(_("Complaints"), itemgetter(1), 10)]
    columns += [Column(label, itemgetter(2 + i), 9) for i, (label, _key) in enumerate(levels)]
    columns += [Column(name or _("Not dispatched"), itemgetter(5 + i), 12) for i, name in enumerate(departments)]
    rows = [
        (row.label, row.total, row.major, row.important, row.minor, *(by_department[d][i] for d in departments))
        for i, row in enumerate(stats.trend)
    ]
    table = book.table_sheet(_("Month by month"), columns, rows, landscape=True)
    sheet = table.sheet
    # Side by side under the table, so both stand on the table's page (issue 11: no chart cut).
    level_chart = book.chart("line", title=_("Trend per level"), legend=True, width=HALF_CHART[0],
                             height=HALF_CHART[1])
    for i, _level in enumerate(levels):
        level_chart.add_series({"name": [table.name, table.header_row, 2 + i], "categories": table.range(0),
                                "values": table.range(2 + i), "marker": {"type": "circle", "size": 4}})
    sheet.insert_chart(table.last_row + 2, 0, level_chart)
    if departments:
        department_chart = book.chart("line", title=_("Trend per department"), legend=True, width=HALF_CHART[0],
                                      height=HALF_CHART[1])
        for i, _name in enumerate(departments):
            department_chart.add_series({"name": [table.name, table.header_row, 5 + i], "categories": table.range(0),
                                         "values": table.range(5 + i), "marker": {"type": "circle", "size": 4}})
        sheet.insert_chart(table.last_row + 2, 0, department_chart, {"x_offset": HALF_CHART[0] + 12})
    return table


def _bar(book, title, table, *, value_column=1, percent=False):
    """A horizontal bar chart of one column of `table`; None when the table has no rows."""
    if not table.rows:
        return None
    chart = book.chart("bar", title=title, width=HALF_CHART[0], height=HALF_CHART[1])
    chart.add_series({"categories": table.range(0), "values": table.range(value_column),
                      "data_labels": {"value": True}, "fill": {"color": "#2F6FB0"}, "gap": 60})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"min": 0, **({"max": 100} if percent else {}), "major_gridlines": {"visible": True}})
    return chart


def _summary_charts(book, sheet, first_row, stats, tables, trend, on_time):
    """Two rows of half-width charts on page 1 under the figures; page 2: the trend, then the on-time
    rates. A page break between, and every chart within one page."""
    steps, departments = on_time
    right = SUMMARY_WIDTHS.index(3) + 1
    page_one = [
        (first_row, 0, _bar(book, _("By level"), tables["level"])),
        (first_row, right, _bar(book, _("By channel"), tables["channel"])),
        (first_row + CHART_ROW_HEIGHT + 1, 0, _bar(book, _("By category of problem"), tables["category"])),
        (first_row + CHART_ROW_HEIGHT + 1, right, _bar(book, _("By department"), tables["department"])),
    ]
    second = first_row + 2 * (CHART_ROW_HEIGHT + 1)
    trend_chart = book.chart("column", title=_("Twelve-month trend by level"), subtype="stacked", legend=True,
                             width=FULL_CHART[0], height=FULL_CHART[1])
    for i in range(3):
        trend_chart.add_series({"name": [trend.name, trend.header_row, 2 + i], "categories": trend.range(0),
                                "values": trend.range(2 + i), "gap": 50})
    page_two = [
        (second, 0, trend_chart),
        (second + CHART_ROW_HEIGHT + 1, 0, _bar(book, _("On-time rate per step (%)"), steps, value_column=3,
                                                 percent=True)),
    ]
    page_two.append((second + CHART_ROW_HEIGHT + 1, right,
                     _bar(book, _("Handled on time per department (%)"), departments, value_column=4, percent=True)))
    for row, column, chart in page_one + page_two:
        if chart is not None:
            sheet.insert_chart(row, column, chart, {"x_offset": 4, "y_offset": 4})
    sheet.set_h_pagebreaks([second])
    book.paper(sheet, title=_title(stats), landscape=False, repeat_row=None)


def _analysis_sheet(book, analysis):
    """The supervisor's written analysis and the action items (issue 16: the workbook carries them)."""
    sheet = book.sheet(_("Analysis"))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 90)
    write = book.cell_writer(sheet)
    row = 0
    for heading, text in analysis.sections:
        sheet.write_string(row, 0, str(heading), book.header_format)
        write(row, 1, text or "—", wrap=True)
        row += 1
    if analysis.items:
        columns, rows = analysis.items
        book.table_sheet(_("Analysis"), columns, rows, sheet=sheet, start_row=row + 1, freeze=False, paper=False)
    book.paper(sheet, title=analysis.title, landscape=False)


def build_statistics_workbook(stats, *, viewer, estate=None, target=None, analysis=None):
    """The workbook of `stats` (live, or frozen in a report); `analysis` (sections and action items)
    when it comes from a report. Returns the Book (closed by `save` / `response`)."""
    book = Book(target)
    summary, charts_row = _summary(book, stats)
    if analysis is not None:
        _analysis_sheet(book, analysis)
    trend = _month_sheet(book, stats)
    tables = _breakdown_sheets(book, stats)
    on_time = _on_time_sheet(book, stats)
    _summary_charts(book, summary, charts_row, stats, tables, trend, on_time)
    complaints = complaints_in(stats.period, estate)
    book.table_sheet(_("Recurring problems"), [
        Column(_("Unit"), lambda r: r.place, 22), Column(_("Department"), lambda r: r.department, 14),
        Column(_("Complaints"), lambda r: r.count, 10),
    ], (recurring_row(row) for row in recurring_problems(complaints).iterator(chunk_size=CHUNK)),
        title_rows=[_("Recurring problems") + f" {stats.period.label}"])
    book.table_sheet(_("Complaint list"), complaint_columns(viewer), complaint_rows(stats.period, estate),
                     landscape=True)
    book.table_sheet(_("Handling register"), register_columns(), register_rows(stats.period, estate),
                     title_rows=[_("Complaint handling register") + f" {stats.period.label}"])
    _callback_sheets(book, stats.period, estate)
    return book


def _callback_sheets(book, period, estate):
    """Issue 13: the period's callback figures (SPEC §6) go into the complaints' workbook too."""
    from callbacks.exports import add_figures_sheets
    from callbacks.statistics import callback_statistics

    add_figures_sheets(book, callback_statistics(period, now=timezone.now(), estate=estate))


def statistics_filename(period, estate=None):
    place = f"-{estate}" if estate else ""
    return f"投诉统计-{period.slug}{place}.xlsx"


def statistics_workbook_response(stats, *, viewer, estate=None, analysis=None):
    book = build_statistics_workbook(stats, viewer=viewer, estate=estate, analysis=analysis)
    return book.response(statistics_filename(stats.period, stats.estate))


def write_statistics_workbook(path, *, period, estate=None, viewer, analysis=None):
    """Build the statistics workbook of `period` (and estate) into the file at `path`: the function a
    background job calls, so a year's workbook never holds up a web request."""
    stats = complaint_statistics(period, estate)
    build_statistics_workbook(stats, viewer=viewer, estate=estate, target=str(path), analysis=analysis).close()
    return path


# Issue 15: a workbook of more complaints than this is built by the worker, never inside the request.
INLINE_WORKBOOK_ROWS = 3000


def workbook_fingerprint(period, estate=None):
    """The data version a prepared workbook was built from: the period's complaints and the latest change
    to any complaint (every change writes a timeline event, core.workflow.transition)."""
    count = complaints_in(period, estate).count()
    last_change = TimelineEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint)
    ).aggregate(last=Max("pk"))["last"]
    return f"{count}:{last_change or 0}"


def write_statistics_download(path, *, viewer, kind, year, index, estate=None):
    """core.downloads builder: the statistics workbook of a period, for the worker."""
    period = Period(kind, year, index)
    estate = Estate.objects.get(pk=estate) if estate else None
    return write_statistics_workbook(path, period=period, estate=estate, viewer=viewer)

"""The monthly statistics workbook: summary, a sheet and native chart per breakdown, the full complaint
list and the handling register 投诉处理记录表 — streamed with openpyxl's write-only mode."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.chart import BarChart, PieChart, Reference

from complaints.statistics import period_complaints
from core.excel import Column, add_table_sheet, new_workbook

CHUNK = 2000


def _names(manager):
    return "、".join(d.name for d in manager.all())


COMPLAINT_COLUMNS = [
    Column(gettext_lazy("Number"), "number", 15),
    Column(gettext_lazy("Received at"), "received_at", 17),
    Column(gettext_lazy("Channel"), lambda c: c.get_channel_display(), 10),
    Column(gettext_lazy("Estate"), "estate.name", 12),
    Column(gettext_lazy("Unit"), lambda c: c.unit.label if c.unit_id else "", 10),
    Column(gettext_lazy("Complainant"), "complainant_name", 10),
    Column(gettext_lazy("Contact phone"), "complainant_phone", 14),
    Column(gettext_lazy("When it happened"), "occurred_at", 17),
    Column(gettext_lazy("Where it happened"), "occurred_place", 16),
    Column(gettext_lazy("Departments complained about"), lambda c: _names(c.complained_departments), 16),
    Column(gettext_lazy("Person complained about"), "complained_person", 12),
    Column(gettext_lazy("What happened"), "description", 40),
    Column(gettext_lazy("What the resident asks for"), "demand", 30),
    Column(gettext_lazy("Resident's requested deadline"), "requested_deadline", 17),
    Column(gettext_lazy("Category of problem"), lambda c: c.get_category_display(), 12),
    Column(gettext_lazy("Valid"), lambda c: _("Yes") if c.is_valid else _("No"), 6),
    Column(gettext_lazy("Reason not valid"), "invalid_reason", 20),
    Column(gettext_lazy("Level"), lambda c: c.get_level_display(), 8),
    Column(gettext_lazy("Major criterion"), "major_criterion", 8),
    Column(gettext_lazy("Recorder"), lambda c: c.recorded_by.get_full_name() or c.recorded_by.username, 10),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display(), 10),
    Column(gettext_lazy("Receiving department"), "department.name", 12),
    Column(gettext_lazy("Dispatched at"), "dispatched_at", 17),
    Column(gettext_lazy("Handling process"), "handling_process", 30),
    Column(gettext_lazy("Handling result"), "handling_result", 30),
    Column(gettext_lazy("Handled at"), "handled_at", 17),
    Column(gettext_lazy("Handling due"), "handle_due", 17),
    Column(gettext_lazy("Time to handle (hours)"), "handling_time", 10),
    Column(gettext_lazy("Resident informed at"), "informed_at", 17),
    Column(gettext_lazy("Closed at"), "closed_at", 17),
]


def _person(user):
    return (user.get_full_name() or user.username) if user else ""


REGISTER_COLUMNS = [
    Column("NO", "seq", 6),
    Column(gettext_lazy("Category"), lambda c: c.get_level_display() or c.get_category_display(), 8),
    Column(gettext_lazy("Complaint form number"), "number", 15),
    Column(gettext_lazy("Unit"), lambda c: f"{c.estate.name if c.estate_id else ''} {c.unit.label if c.unit_id else ''}".strip(), 16),
    Column(gettext_lazy("Receiving department"), "department.name", 12),
    Column(gettext_lazy("Receiver"), lambda c: _person(c.signed_by), 10),
    Column(gettext_lazy("Date"), "signed_at", 17),
    Column(gettext_lazy("Date returned to the service centre"), "handled_at", 17),
]


def register_rows(period):
    """The handling register: every dispatched complaint of the period, numbered."""
    queryset = (
        period_complaints(period).exclude(dispatched_at=None)
        .select_related("estate", "unit__building", "department", "signed_by").order_by("received_at", "pk")
    )
    for seq, complaint in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        complaint.seq = seq
        yield complaint


def complaint_rows(period):
    queryset = (
        period_complaints(period)
        .select_related("estate", "unit__building", "department", "recorded_by")
        .prefetch_related("complained_departments")
        .order_by("received_at", "pk")
    )
    return queryset.iterator(chunk_size=CHUNK)


def _add_chart(ws, breakdown, rows):
    if not rows:
        return
    data = Reference(ws, min_col=2, min_row=1, max_row=len(rows) + 1)
    categories = Reference(ws, min_col=1, min_row=2, max_row=len(rows) + 1)
    chart = PieChart() if breakdown.key == "level" else BarChart()
    chart.title = str(breakdown.title)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.width, chart.height = 16, 8
    ws.add_chart(chart, "D2")


def build_statistics_workbook(stats):
    wb = new_workbook()
    period_label = _("Complaint statistics %(period)s") % {"period": stats.period.label}
    summary_columns = [
        Column(_("Figure"), lambda f: f[1], 30),
        Column(_("This period"), lambda f: f[2], 12),
        Column(_("Previous period"), lambda f: f[3], 12),
    ]
    add_table_sheet(wb, _("Statistics summary"), summary_columns, stats.figures, title_rows=[period_label])
    for breakdown in stats.breakdowns:
        columns = [Column(breakdown.title, lambda r: r[0], 24), Column(_("Complaints"), lambda r: r[1], 10)]
        ws = add_table_sheet(wb, breakdown.title, columns, breakdown.rows)
        _add_chart(ws, breakdown, breakdown.rows)
    recurring_columns = [
        Column(_("Department"), lambda r: r[0], 14),
        Column(_("Unit or building"), lambda r: r[1], 20),
        Column(_("Complaints"), lambda r: r[2], 10),
    ]
    add_table_sheet(wb, _("Recurring problems"), recurring_columns, stats.recurring)
    add_table_sheet(wb, _("Complaint list"), COMPLAINT_COLUMNS, complaint_rows(stats.period))
    add_table_sheet(wb, _("Handling register"), REGISTER_COLUMNS, register_rows(stats.period),
                    title_rows=[_("Complaint handling register") + f" {stats.period.label}"])
    return wb

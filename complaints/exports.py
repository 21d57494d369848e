"""The monthly statistics workbook: summary, a sheet and native chart per breakdown, the full complaint
list and the handling register 投诉处理记录表 — streamed with openpyxl's write-only mode."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.chart import BarChart, PieChart, Reference

from complaints.choices import Category, Level, Status
from complaints.models import Complaint
from complaints.statistics import period_complaints
from core.channels import Channel
from core.excel import Column, add_table_sheet, new_workbook
from core.people import full_name
from residents.privacy import name_for, phone_for

CHUNK = 2000


def _labels(choices):
    """Translate a field's choice labels once per export, not once per cell."""
    return {value: str(label) for value, label in choices}


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


LIST_FIELDS = [
    "pk", "number", "received_at", "submitted_at", "channel", "estate__name", "unit__building__name",
    "unit__number", "complainant_name", "complainant_phone", "occurred_at", "occurred_place", "complained_person", "description",
    "demand", "requested_deadline", "category", "is_valid", "invalid_reason", "level", "major_criterion",
    "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username", "status", "department__name",
    "dispatched_at", "handling_process", "handling_result", "handled_at", "handle_due", "informed_at", "closed_at",
]


def complaint_columns(viewer):
    """The complaint list's columns; the complainant's name and phone as `viewer` may see them (SPEC §2)."""
    channel, category = _labels(Channel.choices), _labels(Category.choices)
    level, status = _labels(Level.choices), _labels(Status.choices)
    yes, no = _("Yes"), _("No")
    return [
        Column(gettext_lazy("Number"), "number", 15),
        Column(gettext_lazy("Received at"), "received_at", 17),
        Column(gettext_lazy("Reached the office at"), "submitted_at", 17),
        Column(gettext_lazy("Channel"), lambda r: channel.get(r["channel"]), 10),
        Column(gettext_lazy("Estate"), "estate__name", 12),
        Column(gettext_lazy("Unit"), _unit_label, 10),
        Column(gettext_lazy("Complainant"), lambda r: name_for(viewer, r["complainant_name"]), 10),
        Column(gettext_lazy("Contact phone"), lambda r: phone_for(viewer, r["complainant_phone"]), 14),
        Column(gettext_lazy("When it happened"), "occurred_at", 17),
        Column(gettext_lazy("Where it happened"), "occurred_place", 16),
        Column(gettext_lazy("Departments complained about"), "departments", 16),
        Column(gettext_lazy("Person complained about"), "complained_person", 12),
        Column(gettext_lazy("What happened"), "description", 40),
        Column(gettext_lazy("What the resident asks for"), "demand", 30),
        Column(gettext_lazy("Resident's requested deadline"), "requested_deadline", 17),
        Column(gettext_lazy("Category of problem"), lambda r: category.get(r["category"]), 12),
        Column(gettext_lazy("Valid"), lambda r: yes if r["is_valid"] else no, 6),
        Column(gettext_lazy("Reason not valid"), "invalid_reason", 20),
        Column(gettext_lazy("Level"), lambda r: level.get(r["level"], ""), 8),
        Column(gettext_lazy("Major criterion"), "major_criterion", 8),
        Column(gettext_lazy("Recorder"), lambda r: full_name(
            r["recorded_by__first_name"], r["recorded_by__last_name"], r["recorded_by__username"]), 10),
        Column(gettext_lazy("Status"), lambda r: status.get(r["status"]), 10),
        Column(gettext_lazy("Receiving department"), "department__name", 12),
        Column(gettext_lazy("Dispatched at"), "dispatched_at", 17),
        Column(gettext_lazy("Handling process"), "handling_process", 30),
        Column(gettext_lazy("Handling result"), "handling_result", 30),
        Column(gettext_lazy("Handled at"), "handled_at", 17),
        Column(gettext_lazy("Handling due"), "handle_due", 17),
        Column(gettext_lazy("Time to handle (hours)"), _handling_hours, 10),
        Column(gettext_lazy("Resident informed at"), "informed_at", 17),
        Column(gettext_lazy("Closed at"), "closed_at", 17),
    ]


def _unit_label(row):
    return f"{row['unit__building__name']}-{row['unit__number']}" if row["unit__number"] else ""


def _handling_hours(row):
    if row["handled_at"] is None:
        return None
    return round((row["handled_at"] - row["received_at"]).total_seconds() / 3600, 2)


REGISTER_FIELDS = [
    "level", "category", "number", "estate__name", "unit__building__name", "unit__number", "department__name",
    "signed_by__first_name", "signed_by__last_name", "signed_by__username", "signed_at", "handled_at",
]


def register_columns():
    level, category = _labels(Level.choices), _labels(Category.choices)
    return [
        Column("NO", "seq", 6),
        Column(gettext_lazy("Category"), lambda r: level.get(r["level"]) or category.get(r["category"]), 8),
        Column(gettext_lazy("Complaint form number"), "number", 15),
        Column(gettext_lazy("Unit"), lambda r: f"{r['estate__name'] or ''} {_unit_label(r)}".strip(), 16),
        Column(gettext_lazy("Receiving department"), "department__name", 12),
        Column(gettext_lazy("Receiver"), lambda r: full_name(
            r["signed_by__first_name"], r["signed_by__last_name"], r["signed_by__username"]), 10),
        Column(gettext_lazy("Date"), "signed_at", 17),
        Column(gettext_lazy("Date returned to the service centre"), "handled_at", 17),
    ]


def register_rows(period):
    """The handling register: every dispatched complaint of the period, numbered (plain dicts, streamed)."""
    rows = (
        period_complaints(period).exclude(dispatched_at=None).order_by("received_at", "pk")
        .values(*REGISTER_FIELDS).iterator(chunk_size=CHUNK)
    )
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
        yield row


def complaint_rows(period):
    """Every complaint of the period as a dict, with its complained departments fetched per chunk."""
    rows = period_complaints(period).order_by("received_at", "pk").values(*LIST_FIELDS).iterator(chunk_size=CHUNK)
    through = Complaint.complained_departments.through.objects
    for batch in _batches(rows, CHUNK):
        names = defaultdict(list)
        pairs = through.filter(complaint_id__in=[row["pk"] for row in batch]).order_by("department__name")
        for complaint_id, name in pairs.values_list("complaint_id", "department__name"):
            names[complaint_id].append(name)
        for row in batch:
            row["departments"] = "、".join(names[row["pk"]])
            yield row


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


def build_statistics_workbook(stats, *, viewer):
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
    add_table_sheet(wb, _("Complaint list"), complaint_columns(viewer), complaint_rows(stats.period))
    add_table_sheet(wb, _("Handling register"), register_columns(), register_rows(stats.period),
                    title_rows=[_("Complaint handling register") + f" {stats.period.label}"])
    return wb

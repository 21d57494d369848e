"""The register 住户求助登记表 (seed 000) as Excel: the same columns as the printed page."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.excel import Column, add_table_sheet, new_workbook
from core.people import display_name as _user
from requests_app.models import Category


def register_columns():
    """SPEC §3: NO, date, time, receptionist, resident, matter, handling department, handler,
    result, recorder, supervisor sign-off. The rows come from `selectors.register_rows(viewer=...)`,
    so the resident's name is already as the viewer may see it (SPEC §2)."""
    # Labels looked up once, not per row (get_FOO_display hashes the choices on every call).
    categories = {value: str(label) for value, label in Category.choices}
    return [
        Column(_("NO"), "number", 14),
        Column(_("Date"), lambda r: timezone.localtime(r.received_at).date(), 12),
        Column(_("Time"), lambda r: timezone.localtime(r.received_at).time().replace(second=0, microsecond=0), 8),
        Column(_("Receptionist"), lambda r: _user(r.received_by), 10),
        Column(
            _("Resident"),
            lambda r: " ".join(p for p in (r.unit_label, r.shown_name) if p),
            18,
        ),
        Column(_("Category"), lambda r: categories[r.category], 10),
        Column(_("Matter"), "matter", 40),
        Column(_("Handling department"), lambda r: r.department.name if r.department_id else "", 14),
        Column(_("Handler"), lambda r: _user(r.handler), 10),
        Column(_("Result"), "result", 30),
        Column(_("Recorder"), lambda r: _user(r.handled_by), 10),
        Column(_("Supervisor sign-off"), lambda r: _user(r.signed_off_by), 12),
    ]


def build_register_workbook(rows):
    """The header is the first row (no title lines: in openpyxl's write-only mode a frozen pane set
    after rows were written is lost); the period is in the file name."""
    wb = new_workbook()
    add_table_sheet(wb, _("Residents' help requests register"), register_columns(), rows)
    return wb

"""The registry as Excel: the import template and the managers' export share one column list,
so an exported file can be edited and imported again."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.estates import scoped
from core.excel import Column, add_table_sheet, new_workbook
from residents.models import Occupancy, Unit

REGISTRY_COLUMNS = [
    Column(_("Estate code"), "estate_code", 12),
    Column(_("Building"), "building", 8),
    Column(_("Unit number"), "unit", 10),
    Column(_("Floor area (m²)"), "floor_area", 14),
    Column(_("Occupancy"), "occupancy", 10),
    Column(_("Move-in date"), "move_in_date", 13),
    Column(_("Resident name"), "name", 14),
    Column(_("Resident kind"), "kind", 12),
    Column(_("Phone"), "phone", 15),
    Column(_("Second phone"), "phone2", 15),
]


def registry_rows(*, viewer, shown=None):
    """One row per current resident of a unit, or one row for a unit without residents, of the estates
    `viewer` works for. The primary key of every resident written is added to `shown` (a set), for the
    access log."""
    today = timezone.localdate()
    units = scoped(Unit.objects.with_related(), viewer).order_by("building__estate__code", "building__name", "number")
    occupancies = {}
    current = scoped(Occupancy.objects.current(today), viewer).select_related("resident").order_by("pk")
    for occ in current.iterator(chunk_size=2000):
        occupancies.setdefault(occ.unit_id, []).append(occ.resident)
    for unit in units.iterator(chunk_size=2000):
        base = {
            "estate_code": unit.building.estate.code,
            "building": unit.building.name,
            "unit": unit.number,
            "floor_area": unit.floor_area,
            "occupancy": unit.get_occupancy_display(),
            "move_in_date": unit.move_in_date,
        }
        for resident in occupancies.get(unit.pk, [None]):
            if resident is None:
                yield base
            else:
                if shown is not None:
                    shown.add(resident.pk)
                yield base | {
                    "name": resident.name,
                    "kind": resident.get_kind_display(),
                    "phone": resident.phone,
                    "phone2": resident.phone2,
                }


def build_registry_workbook(rows):
    wb = new_workbook()
    add_table_sheet(wb, _("Registry"), REGISTRY_COLUMNS, rows)
    return wb


def build_template_workbook():
    example = {
        "estate_code": "DEMO",
        "building": "3",
        "unit": "1202",
        "floor_area": 98.5,
        "occupancy": Unit.Occupancy.OCCUPIED.label,
        "move_in_date": timezone.localdate(),
        "name": "张伟",
        "kind": "业主",
        "phone": "13812345678",
        "phone2": "",
    }
    return build_registry_workbook([example])

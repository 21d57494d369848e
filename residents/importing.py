"""Registry import from .xlsx: parse and check every row, then commit all or nothing.

Columns are read by position in the order of exports.REGISTRY_COLUMNS (the downloadable
template); the header row is skipped.
"""

import datetime
import decimal
import re
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.timeline import record_event
from residents.models import PHONE_PATTERN, Building, Estate, Occupancy, Resident, Unit
from residents.services import move_in

MAX_IMPORT_ROWS = 50_000
OCCUPANCY_WORDS = {
    "已入住": Unit.Occupancy.OCCUPIED,
    "入住": Unit.Occupancy.OCCUPIED,
    "occupied": Unit.Occupancy.OCCUPIED,
    "空置": Unit.Occupancy.VACANT,
    "空": Unit.Occupancy.VACANT,
    "vacant": Unit.Occupancy.VACANT,
}
KIND_WORDS = {
    "业主": Resident.Kind.OWNER,
    "owner": Resident.Kind.OWNER,
    "租户": Resident.Kind.TENANT,
    "tenant": Resident.Kind.TENANT,
    "家庭成员": Resident.Kind.FAMILY,
    "家属": Resident.Kind.FAMILY,
    "family member": Resident.Kind.FAMILY,
}


class ImportFileError(Exception):
    pass


@dataclass
class ImportRow:
    number: int  # the row number as Excel shows it
    estate_code: str = ""
    building: str = ""
    unit: str = ""
    floor_area: decimal.Decimal | None = None
    occupancy: str = ""
    move_in_date: datetime.date | None = None
    name: str = ""
    kind: str = Resident.Kind.OWNER
    phone: str = ""
    phone2: str = ""
    errors: list = field(default_factory=list)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(number, values, estates):
    values = list(values) + [None] * 10
    row = ImportRow(number=number)
    row.estate_code = _text(values[0])
    row.building = _text(values[1]).upper()
    row.unit = _text(values[2]).upper()
    if not row.estate_code:
        row.errors.append(_("missing estate code"))
    elif row.estate_code not in estates:
        row.errors.append(_("unknown estate code “%(code)s”") % {"code": row.estate_code})
    if not row.building:
        row.errors.append(_("missing building"))
    if not row.unit:
        row.errors.append(_("missing unit"))
    if values[3] not in (None, ""):
        try:
            row.floor_area = decimal.Decimal(str(values[3]).strip()).quantize(decimal.Decimal("0.01"))
            if row.floor_area <= 0:
                raise decimal.InvalidOperation
        except decimal.InvalidOperation:
            row.errors.append(_("bad floor area “%(value)s”") % {"value": values[3]})
    occupancy = _text(values[4]).lower()
    if occupancy:
        row.occupancy = OCCUPANCY_WORDS.get(occupancy, "")
        if not row.occupancy:
            row.errors.append(_("bad occupancy “%(value)s” (use 已入住 or 空置)") % {"value": values[4]})
    moved = values[5]
    if isinstance(moved, datetime.datetime):
        row.move_in_date = moved.date()
    elif isinstance(moved, datetime.date):
        row.move_in_date = moved
    elif _text(moved):
        try:
            row.move_in_date = datetime.date.fromisoformat(_text(moved).replace("/", "-"))
        except ValueError:
            row.errors.append(_("bad move-in date “%(value)s”") % {"value": moved})
    row.name = _text(values[6])
    kind = _text(values[7]).lower()
    row.phone = re.sub(r"[\s]", "", _text(values[8]))
    row.phone2 = re.sub(r"[\s]", "", _text(values[9]))
    if row.name or row.phone:
        if not row.name:
            row.errors.append(_("phone without a resident name"))
        if not row.phone:
            row.errors.append(_("missing phone"))
        elif not re.match(PHONE_PATTERN, row.phone):
            row.errors.append(_("bad phone “%(value)s”") % {"value": row.phone})
        if row.phone2 and not re.match(PHONE_PATTERN, row.phone2):
            row.errors.append(_("bad second phone “%(value)s”") % {"value": row.phone2})
        if kind:
            row.kind = KIND_WORDS.get(kind, "")
            if not row.kind:
                row.errors.append(_("bad resident kind “%(value)s” (use 业主, 租户 or 家庭成员)") % {"value": values[7]})
    return row


def parse_workbook(file):
    """Read every data row and check it; returns the rows, each with its list of errors."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(_("This is not an Excel .xlsx file.")) from exc
    ws = wb.worksheets[0]
    estates = set(Estate.objects.values_list("code", flat=True))
    rows, seen = [], {}
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if not any(_text(v) for v in values):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ImportFileError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_IMPORT_ROWS})
        row = _parse_row(number, values, estates)
        key = (row.estate_code, row.building, row.unit, row.name, row.phone)
        if key in seen:
            row.errors.append(_("duplicate of row %(n)d") % {"n": seen[key]})
        else:
            seen[key] = number
        rows.append(row)
    wb.close()
    if not rows:
        raise ImportFileError(_("The file has no data rows."))
    return rows


@transaction.atomic
def commit_rows(rows, *, by):
    """Write checked rows; refuses if any row has an error, so a bad file changes nothing."""
    if any(row.errors for row in rows):
        raise ImportFileError(_("The file has errors; nothing was imported."))
    estates = {estate.code: estate for estate in Estate.objects.all()}
    counts = {"units": 0, "residents": 0}
    for row in rows:
        building, _created = Building.objects.get_or_create(estate=estates[row.estate_code], name=row.building)
        unit, created = Unit.objects.get_or_create(building=building, number=row.unit)
        counts["units"] += created
        changed = []
        for name in ("floor_area", "occupancy", "move_in_date"):
            value = getattr(row, name)
            if value not in (None, "") and getattr(unit, name) != value:
                setattr(unit, name, value)
                changed.append(name)
        if changed:
            unit.save(update_fields=changed)
        if row.name:
            resident = Resident.objects.filter(name=row.name, phone=row.phone).first()
            if resident is None:
                resident = Resident.objects.create(name=row.name, phone=row.phone, phone2=row.phone2, kind=row.kind)
                record_event(resident, action="imported", label=gettext_lazy("Imported from Excel"), by=by)
                counts["residents"] += 1
            if not Occupancy.objects.current().filter(resident=resident, unit=unit).exists():
                move_in(resident=resident, unit=unit, on=row.move_in_date or unit.move_in_date, by=by)
    return counts

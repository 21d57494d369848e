"""Registry import from .xlsx: parse and check every row, then commit all or nothing.

Columns are read by position in the order of exports.REGISTRY_COLUMNS (the downloadable
template); the header row is skipped. Issue 14: the file is read with bounded work and memory
(residents.xlsx_reader), every row is checked against the database's own limits so the preview
never promises a row the commit refuses, the commit writes in bulk, and the uploaded file is
deleted after commit, refusal or expiry.
"""

import datetime
import decimal
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PlausibleDate
from core.text import without_control_characters
from core.timeline import record_events
from residents.exports import REGISTRY_COLUMNS
from residents.models import MIN_AREA, PHONE_PATTERN, Building, Estate, Occupancy, Resident, Unit
from residents.xlsx_reader import TooLong, WorkbookError, as_date, read_rows

# The documented maximum (the import page and the README): 50,000 rows in one file.
MAX_IMPORT_ROWS = 50_000
# Issue 14: a registry file larger than 10 MB is refused before it is read (a file of the maximum
# 50,000 rows is about 2 MB).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Issue 14: ... and one that unpacks to more than 100 MB (a zip bomb; 50,000 rows unpack to about 25 MB).
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# No registry field holds more than 50 characters: a longer text is counted, not kept.
MAX_CELL_CHARS = 100
BATCH_SIZE = 2000
COLUMNS = len(REGISTRY_COLUMNS)

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
# The database's limits, read from the models so the preview and the commit cannot disagree.
TEXT_LIMITS = {
    "estate_code": Estate._meta.get_field("code").max_length,
    "building": Building._meta.get_field("name").max_length,
    "unit": Unit._meta.get_field("number").max_length,
    "name": Resident._meta.get_field("name").max_length,
    "phone": Resident._meta.get_field("phone").max_length,
    "phone2": Resident._meta.get_field("phone2").max_length,
}
_AREA = Unit._meta.get_field("floor_area")
AREA_QUANTUM = decimal.Decimal(1).scaleb(-_AREA.decimal_places)
MAX_AREA = decimal.Decimal(10) ** (_AREA.max_digits - _AREA.decimal_places) - AREA_QUANTUM


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
    return without_control_characters(str(value)).strip()


def _header(key):
    return next(str(column.header) for column in REGISTRY_COLUMNS if column.accessor == key)


def _field_text(row, key, value, normalize=lambda text: text):
    """The cell's text for `key`, normalized; a text longer than the database column takes an error."""
    text = normalize(str(_text(value)))
    length = value.length if isinstance(value, TooLong) else len(text)
    limit = TEXT_LIMITS[key]
    if length > limit:
        row.errors.append(
            _("%(field)s is too long: %(length)d characters, at most %(limit)d")
            % {"field": _header(key), "length": length, "limit": limit}
        )
        text = text[:limit]  # only what the preview shows; a row with errors is never saved
    setattr(row, key, text)


def _no_spaces(text):
    return re.sub(r"\s", "", text)


def _parse_area(row, value):
    try:
        area = decimal.Decimal(str(value).strip()).quantize(AREA_QUANTUM)
        if not MIN_AREA <= area <= MAX_AREA:
            raise decimal.InvalidOperation
    except (decimal.InvalidOperation, ValueError):
        row.errors.append(
            _("bad floor area “%(value)s” (from %(min)s to %(max)s m²)")
            % {"value": _text(value)[:20], "min": MIN_AREA, "max": MAX_AREA}
        )
    else:
        row.floor_area = area


def _parse_row(number, values, estates):
    values = list(values) + [None] * COLUMNS
    row = ImportRow(number=number)
    _field_text(row, "estate_code", values[0])
    _field_text(row, "building", values[1], str.upper)
    _field_text(row, "unit", values[2], str.upper)
    if not row.estate_code:
        row.errors.append(_("missing estate code"))
    elif row.estate_code not in estates:
        row.errors.append(_("unknown estate code “%(code)s”") % {"code": row.estate_code[:20]})
    if not row.building:
        row.errors.append(_("missing building"))
    if not row.unit:
        row.errors.append(_("missing unit"))
    if values[3] not in (None, ""):
        _parse_area(row, values[3])
    occupancy = _text(values[4]).lower()
    if occupancy:
        row.occupancy = OCCUPANCY_WORDS.get(occupancy, "")
        if not row.occupancy:
            row.errors.append(_("bad occupancy “%(value)s” (use 已入住 or 空置)") % {"value": occupancy[:20]})
    moved = values[5]
    row.move_in_date = as_date(moved)
    if row.move_in_date is None and _text(moved):
        try:
            row.move_in_date = datetime.date.fromisoformat(_text(moved).replace("/", "-"))
        except ValueError:
            row.errors.append(_("bad move-in date “%(value)s”") % {"value": _text(moved)[:20]})
    if row.move_in_date is not None:
        try:
            PlausibleDate("registry")(row.move_in_date)
        except ValidationError as error:
            bad = _("bad move-in date “%(value)s”") % {"value": row.move_in_date}
            row.errors.append(f"{bad}: {error.messages[0]}")
            row.move_in_date = None
    _field_text(row, "name", values[6])
    kind = _text(values[7]).lower()
    _field_text(row, "phone", values[8], _no_spaces)
    _field_text(row, "phone2", values[9], _no_spaces)
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
                row.errors.append(
                    _("bad resident kind “%(value)s” (use 业主, 租户 or 家庭成员)") % {"value": kind[:20]}
                )
    return row


FILE_ERRORS = {
    "not_xlsx": gettext_lazy("This is not an Excel .xlsx file."),
    "too_large": gettext_lazy("The file unpacks to more than %(mb)d MB; split it."),
    "no_worksheet": gettext_lazy("The file has no worksheet (a chart sheet cannot be imported)."),
    "corrupt": gettext_lazy("The file is damaged and cannot be read; open it in Excel, save it again and upload it."),
    "too_many_rows": gettext_lazy("The file has more than %(n)d rows; split it."),
}


def parse_workbook(file, *, estates):
    """Read every data row and check it; returns the rows, each with its list of errors. A file that
    cannot be read within the limits raises ImportFileError with the reason, in the user's language.
    `estates` are those the importer works for (core.estates): another office's code is unknown."""
    try:
        found = read_rows(
            file, columns=COLUMNS, max_rows=MAX_IMPORT_ROWS, max_chars=MAX_CELL_CHARS,
            max_uncompressed=MAX_UNCOMPRESSED_BYTES,
        )
    except WorkbookError as exc:
        message = str(FILE_ERRORS[exc.reason]) % {"mb": MAX_UNCOMPRESSED_BYTES // 2**20, "n": MAX_IMPORT_ROWS}
        raise ImportFileError(message) from exc
    estates = set(estates.values_list("code", flat=True))
    rows, seen = [], {}
    for number, values in found:
        row = _parse_row(number, values, estates)
        key = (row.estate_code, row.building, row.unit, row.name, row.phone)
        if key in seen:
            row.errors.append(_("duplicate of row %(n)d") % {"n": seen[key]})
        else:
            seen[key] = number
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The file has no data rows."))
    return rows


def _chunks(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _buildings(rows, estates):
    """{(estate code, building name): Building}, creating the missing ones."""
    wanted = {(row.estate_code, row.building) for row in rows}

    def existing():
        found = Building.objects.filter(estate__in=estates.values()).select_related("estate")
        return {(building.estate.code, building.name): building for building in found}

    buildings = existing()
    missing = [Building(estate=estates[code], name=name) for code, name in sorted(wanted - buildings.keys())]
    if missing:
        Building.objects.bulk_create(missing, batch_size=BATCH_SIZE, ignore_conflicts=True)
        buildings = existing()
    return buildings


def _units(building_ids):
    """{(building pk, number): Unit} of these buildings, locked: an edit form opened before the import
    cannot put the old values back (the versions move on)."""
    units = {}
    for chunk in _chunks(building_ids):
        for unit in Unit.objects.select_for_update().filter(building_id__in=chunk).select_related("building"):
            units[(unit.building_id, unit.number)] = unit
    return units


def _residents(keys):
    """{(name, phone): pk} of the residents already registered (the earliest when there are several)."""
    found = {}
    phones = sorted({phone for _name, phone in keys})
    for chunk in _chunks(phones):
        for pk, name, phone in Resident.objects.filter(phone__in=chunk).order_by("pk").values_list("pk", "name", "phone"):
            if (name, phone) in keys:
                found.setdefault((name, phone), pk)
    return found


def _open_occupancies(resident_ids):
    pairs = set()
    for chunk in _chunks(resident_ids):
        pairs.update(
            Occupancy.objects.filter(resident_id__in=chunk, moved_out__isnull=True).values_list("resident_id", "unit_id")
        )
    return pairs


UNIT_FIELDS = ("floor_area", "occupancy", "move_in_date")


@transaction.atomic
def commit_rows(rows, *, by, today=None):
    """Write checked rows; refuses if any row has an error, so a bad file changes nothing.

    The same result as moving each resident in through services.move_in, row by row, in a few bulk
    statements: a unit takes the row's floor area, occupancy and move-in date where given; a resident
    (same name and phone) is registered once; a move-in is recorded unless the resident already lives
    in the unit, and makes the unit occupied (with the move-in date if it had none)."""
    if any(row.errors for row in rows):
        raise ImportFileError(_("The file has errors; nothing was imported."))
    today = today or timezone.localdate()
    estates = {estate.code: estate for estate in Estate.objects.filter(code__in={row.estate_code for row in rows})}
    buildings = _buildings(rows, estates)
    units = _units([building.pk for building in buildings.values()])
    resident_keys = {(row.name, row.phone) for row in rows if row.name}
    residents = _residents(resident_keys)
    living = _open_occupancies(residents.values())

    # Plan every change in memory, in row order.
    states, moves, planned, new_residents = {}, [], set(), {}
    for row in rows:
        key = (buildings[(row.estate_code, row.building)].pk, row.unit)
        unit = units.get(key)
        state = states.setdefault(
            key, {name: getattr(unit, name) for name in UNIT_FIELDS} if unit else {"occupancy": Unit.Occupancy.VACANT}
        )
        for name in UNIT_FIELDS:
            value = getattr(row, name)
            if value not in (None, ""):
                state[name] = value
        if not row.name:
            continue
        resident_key = (row.name, row.phone)
        if resident_key not in residents and resident_key not in new_residents:
            new_residents[resident_key] = Resident(name=row.name, phone=row.phone, phone2=row.phone2, kind=row.kind)
        if (resident_key, key) in planned or (unit and (residents.get(resident_key), unit.pk) in living):
            continue
        on = row.move_in_date or state.get("move_in_date") or today
        state["move_in_date"] = state.get("move_in_date") or on
        state["occupancy"] = Unit.Occupancy.OCCUPIED
        planned.add((resident_key, key))
        moves.append((resident_key, key, on))

    # Units: the new ones created, the changed ones updated (with their versions moved on).
    new_units = [Unit(building_id=key[0], number=key[1], **state) for key, state in states.items() if key not in units]
    Unit.objects.bulk_create(new_units, batch_size=BATCH_SIZE, ignore_conflicts=True)
    changed, changed_fields = [], set()
    for key, unit in units.items():
        state = states.get(key, {})
        fields = [name for name in UNIT_FIELDS if name in state and getattr(unit, name) != state[name]]
        if fields:
            for name in fields:
                setattr(unit, name, state[name])
            unit.version += 1
            changed.append(unit)
            changed_fields.update(fields)
    if changed:
        Unit.objects.bulk_update(changed, [*sorted(changed_fields), "version"], batch_size=BATCH_SIZE)
    if new_units:
        units = _units([building.pk for building in buildings.values()])

    # Residents and their move-ins, with their timeline entries.
    created = Resident.objects.bulk_create(new_residents.values(), batch_size=BATCH_SIZE)
    residents |= {(resident.name, resident.phone): resident.pk for resident in created}
    occupancies = [
        Occupancy(resident_id=residents[resident_key], unit=units[unit_key], moved_in=on)
        for resident_key, unit_key, on in moves
    ]
    Occupancy.objects.bulk_create(occupancies, batch_size=BATCH_SIZE)
    # One timeline entry per resident: a new one's "imported" names the units it moved into; a registered
    # one gets "moved in" per unit, as services.move_in writes it.
    units_of = {}
    for occupancy in occupancies:
        units_of.setdefault(occupancy.resident_id, []).append(occupancy.unit.label)
    record_events(((resident, ", ".join(units_of.pop(resident.pk, []))) for resident in created),
                  action="imported", label=gettext_lazy("Imported from Excel"), by=by)
    record_events(((Resident(pk=pk), label) for pk, labels in units_of.items() for label in labels),
                  action="moved_in", label=gettext_lazy("Moved in"), by=by)
    return {"units": len(new_units), "residents": len(created)}

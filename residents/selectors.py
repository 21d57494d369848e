import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from core.estates import scoped
from residents.models import Occupancy, Resident, Unit
from residents.privacy import shown_name, shown_phone, shown_text

LOOKUP_LIMIT = 30
MIN_PHONE_FRAGMENT = 3
# "3-1202", "3栋1202", "3 栋 1202室", "A座1202", "3#1202", "3号楼1202"
UNIT_PATTERN = re.compile(
    r"^([0-9A-Z]+)\s*(?:号楼|栋|座|幢|#|-|—|_|/|\s)\s*(?:单元\s*)?([0-9A-Z]+)\s*(?:室|房|号)?$"
)


def normalize_query(query):
    # NFKC folds full-width digits and letters typed with a Chinese input method; control characters
    # (a pasted NUL, which PostgreSQL refuses) are dropped.
    text = unicodedata.normalize("NFKC", query or "")
    return "".join(char for char in text if unicodedata.category(char) != "Cc").strip().upper()


def parse_unit_label(text):
    """(building, unit number) from "3-1202", "3栋1202", "A座1202室"…, or None."""
    match = UNIT_PATTERN.match(normalize_query(text))
    return (match[1], match[2]) if match else None


def residents_for(viewer):
    """Residents of the estates `viewer` works for (core.estates), with their personal details as the
    viewer may see them: `shown_name`, `shown_phone`, `shown_phone2`, `shown_email`, `shown_notes` (SPEC §2;
    residents.privacy)."""
    return scoped(Resident.objects.all(), viewer).annotate(
        shown_name=shown_name(viewer, "name"),
        shown_phone=shown_phone(viewer, "phone"),
        shown_phone2=shown_phone(viewer, "phone2"),
        shown_email=shown_text(viewer, "email"),
        shown_notes=shown_text(viewer, "notes"),
    )


def occupancies_for(viewer):
    """Occupancies in the viewer's estates, with the resident's name and phone as `viewer` may see them
    (`shown_name`, `shown_phone`)."""
    return scoped(Occupancy.objects.select_related("resident", "unit__building__estate"), viewer).annotate(
        shown_name=shown_name(viewer, "resident__name"), shown_phone=shown_phone(viewer, "resident__phone")
    )


def current_occupancies(viewer):
    return Prefetch("occupancies", queryset=occupancies_for(viewer).current(), to_attr="current_occupancies")


def lookup(query, *, viewer, limit=LOOKUP_LIMIT):
    """Units matching "building-unit" or a bare unit number, and residents matching a name or a
    phone fragment. Unit matches use the (building, number) indexes, never a Python loop."""
    q = normalize_query(query)
    units = Unit.objects.none()
    residents = Resident.objects.none()
    if not q:
        return {"query": q, "units": [], "residents": []}
    match = parse_unit_label(q)
    if match:
        units = Unit.objects.filter(building__name=match[0], number=match[1])
    elif q.isalnum() and any(ch.isdigit() for ch in q):
        units = Unit.objects.filter(number=q)
    digits = re.sub(r"\D", "", q)
    if digits and len(digits) >= MIN_PHONE_FRAGMENT and len(digits) == len(q.replace("-", "")):
        residents = residents_for(viewer).filter(Q(phone__contains=digits) | Q(phone2__contains=digits))
    elif not match and not q.isdigit():
        residents = residents_for(viewer).filter(name__icontains=q)
    units = scoped(units, viewer).with_related().prefetch_related(current_occupancies(viewer))[:limit]
    residents = residents.prefetch_related(current_occupancies(viewer))[:limit]
    return {"query": q, "units": list(units), "residents": list(residents)}


def unit_residents(unit, *, viewer):
    return occupancies_for(viewer).filter(unit=unit).order_by("moved_out", "-moved_in")


@dataclass
class Caller:
    """One way to pick the caller from the lookup: a unit with one of its residents (or nobody yet)."""

    unit: object = None
    resident: object = None
    name: str = ""  # as the viewer may see it
    phone: str = ""
    actions: list = field(default_factory=list)

    @property
    def fill(self):
        """What picking this caller fills in on an entry form (help request or complaint)."""
        unit, estate = self.unit, self.unit.building.estate if self.unit else None
        return {
            "unit": self.unit.pk if unit else "",
            "resident": self.resident.pk if self.resident else "",
            "estate": estate.pk if estate else "",
            "unit_label": unit.label if unit else "",
            "caller_name": self.name, "caller_phone": self.phone,
            "complainant_name": self.name, "complainant_phone": self.phone,
            # SPEC §3: for an emergency the patient's address and phone come first.
            "patient_address": f"{estate.name} {unit.label}" if unit else "",
            "patient_phone": self.phone,
        }

    @property
    def fill_json(self):
        return json.dumps(self.fill, ensure_ascii=False)


def callers(found):
    """The lookup's units and residents as a flat list of callers to pick from, each once."""
    picked, seen = [], set()

    def add(unit, occupancy=None, resident=None):
        resident = occupancy.resident if occupancy else resident
        key = (unit.pk if unit else None, resident.pk if resident else None)
        if key in seen:
            return
        seen.add(key)
        name = occupancy.shown_name if occupancy else (resident.shown_name if resident else "")
        phone = occupancy.shown_phone if occupancy else (resident.shown_phone if resident else "")
        picked.append(Caller(unit=unit, resident=resident, name=name, phone=phone))

    for unit in found["units"]:
        for occupancy in unit.current_occupancies:
            add(unit, occupancy)
        if not unit.current_occupancies:
            add(unit)
    for resident in found["residents"]:
        for occupancy in resident.current_occupancies:
            add(occupancy.unit, occupancy)
        if not resident.current_occupancies:
            add(None, resident=resident)
    return picked


def chosen_unit(pk, *, viewer):
    """The unit a caller was picked with (?unit=<pk> from the desk or the unit's page), or None."""
    if not str(pk or "").isdigit():
        return None
    units = scoped(Unit.objects.with_related(), viewer)
    return units.prefetch_related(current_occupancies(viewer)).filter(pk=pk).first()


def chosen_resident(pk, *, viewer):
    if not str(pk or "").isdigit():
        return None
    return residents_for(viewer).prefetch_related(current_occupancies(viewer)).filter(pk=pk).first()


def chosen_caller(unit_pk, resident_pk, *, viewer):
    """(unit, resident, Caller or None) for an entry form opened for a caller."""
    unit, resident = chosen_unit(unit_pk, viewer=viewer), chosen_resident(resident_pk, viewer=viewer)
    if unit is None and resident is None:
        return None, None, None
    name, phone = (resident.shown_name, resident.shown_phone) if resident else ("", "")
    return unit, resident, Caller(unit=unit, resident=resident, name=name, phone=phone)

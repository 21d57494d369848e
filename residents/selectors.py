import re
import unicodedata

from django.db.models import Prefetch, Q

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
    """Residents with their personal details as `viewer` may see them: `shown_name`, `shown_phone`,
    `shown_phone2`, `shown_email`, `shown_notes` (SPEC §2; residents.privacy)."""
    return Resident.objects.annotate(
        shown_name=shown_name(viewer, "name"),
        shown_phone=shown_phone(viewer, "phone"),
        shown_phone2=shown_phone(viewer, "phone2"),
        shown_email=shown_text(viewer, "email"),
        shown_notes=shown_text(viewer, "notes"),
    )


def occupancies_for(viewer):
    """Occupancies with the resident's name and phone as `viewer` may see them (`shown_name`, `shown_phone`)."""
    return Occupancy.objects.select_related("resident", "unit__building__estate").annotate(
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
    units = units.with_related().prefetch_related(current_occupancies(viewer))[:limit]
    residents = residents.prefetch_related(current_occupancies(viewer))[:limit]
    return {"query": q, "units": list(units), "residents": list(residents)}


def unit_residents(unit, *, viewer):
    return occupancies_for(viewer).filter(unit=unit).order_by("moved_out", "-moved_in")

import re
import unicodedata

from django.db.models import Prefetch, Q

from residents.models import Occupancy, Resident, Unit

LOOKUP_LIMIT = 30
MIN_PHONE_FRAGMENT = 3
# "3-1202", "3栋1202", "3 栋 1202室", "A座1202", "3#1202", "3号楼1202"
UNIT_PATTERN = re.compile(
    r"^([0-9A-Z]+)\s*(?:号楼|栋|座|幢|#|-|—|_|/|\s)\s*(?:单元\s*)?([0-9A-Z]+)\s*(?:室|房|号)?$"
)


def normalize_query(query):
    # NFKC folds full-width digits and letters typed with a Chinese input method.
    return unicodedata.normalize("NFKC", query or "").strip().upper()


def parse_unit_label(text):
    """(building, unit number) from "3-1202", "3栋1202", "A座1202室"…, or None."""
    match = UNIT_PATTERN.match(normalize_query(text))
    return (match[1], match[2]) if match else None


def current_occupancies():
    return Prefetch(
        "occupancies",
        queryset=Occupancy.objects.current().select_related("resident", "unit__building__estate"),
        to_attr="current_occupancies",
    )


def lookup(query, *, limit=LOOKUP_LIMIT):
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
        residents = Resident.objects.filter(Q(phone__contains=digits) | Q(phone2__contains=digits))
    elif not match and not q.isdigit():
        residents = Resident.objects.filter(name__icontains=q)
    units = units.with_related().prefetch_related(current_occupancies())[:limit]
    residents = residents.prefetch_related(current_occupancies())[:limit]
    return {"query": q, "units": list(units), "residents": list(residents)}


def unit_residents(unit):
    return Occupancy.objects.filter(unit=unit).select_related("resident").order_by("moved_out", "-moved_in")

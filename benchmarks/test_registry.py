"""Front-desk lookup at 20,000 units must answer well under a second (issue: foundation)."""

import pytest

from benchmarks.conftest import measure
from residents.models import Building, Estate, Occupancy, Resident, Unit
from residents.selectors import lookup

UNITS = 20_000
TARGET_SECONDS = 1.0


@pytest.fixture
def big_registry(db):
    estate = Estate.objects.create(name="大型小区", code="BIG", gross_floor_area=2_000_000)
    buildings = Building.objects.bulk_create([Building(estate=estate, name=str(n)) for n in range(1, 51)])
    units = Unit.objects.bulk_create(
        [Unit(building=b, number=f"{floor:02d}{door:02d}") for b in buildings for floor in range(1, 41) for door in range(1, 11)],
        batch_size=5000,
    )
    assert len(units) == UNITS
    residents = Resident.objects.bulk_create(
        [Resident(name=f"住户{n}", phone=f"139{n:08d}") for n in range(UNITS)], batch_size=5000
    )
    Occupancy.objects.bulk_create(
        [Occupancy(resident=r, unit=u) for r, u in zip(residents, units, strict=True)], batch_size=5000
    )


@pytest.mark.parametrize("query", ["37-2505", "37栋2505", "2505", "住户1999", "00012345"])
def test_lookup_at_20000_units(big_registry, query):
    lookup(query, viewer=None)  # warm caches
    with measure(f"lookup {query!r} at {UNITS} units") as result:
        found = lookup(query, viewer=None)
    assert found["units"] or found["residents"]
    assert result["seconds"] < TARGET_SECONDS

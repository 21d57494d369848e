import pytest

from residents import selectors
from tests.factories import BuildingFactory, OccupancyFactory, ResidentFactory, UnitFactory


@pytest.fixture
def lookup(clerk):
    """The lookup as a clerk working for every estate uses it (contact details are masked by the viewer's
    role and the estates searched are the viewer's: tests/core/test_estates.py)."""

    def find(query):
        return selectors.lookup(query, viewer=clerk)

    return find


@pytest.fixture
def unit_3_1202(db):
    building = BuildingFactory(name="3")
    unit = UnitFactory(building=building, number="1202")
    UnitFactory(building=BuildingFactory(name="5", estate=building.estate), number="1202")
    return unit


@pytest.mark.parametrize("query", ["3-1202", "3栋1202", "3 栋 1202室", "3#1202", "3号楼1202", "３－１２０２", " 3-1202 "])
def test_lookup_finds_a_unit_by_building_and_unit(unit_3_1202, query, lookup):
    assert lookup(query)["units"] == [unit_3_1202]


def test_lookup_by_letter_building_ignores_case(db, lookup):
    unit = UnitFactory(building=BuildingFactory(name="a"), number="1801")
    assert lookup("A座1801")["units"] == [unit]
    assert lookup("a-1801")["units"] == [unit]


def test_lookup_by_bare_unit_number_lists_it_in_every_building(unit_3_1202, lookup):
    assert len(lookup("1202")["units"]) == 2


def test_lookup_finds_residents_by_name_or_phone_fragment(db, lookup):
    zhang = ResidentFactory(name="张伟", phone="13812345678")
    ResidentFactory(name="李娜", phone="13987654321")
    assert lookup("张")["residents"] == [zhang]
    assert lookup("5678")["residents"] == [zhang]
    assert lookup("138 1234")["residents"] == []  # a space is not part of a phone number


def test_lookup_shows_the_current_residents_of_a_unit(unit_3_1202, lookup):
    OccupancyFactory(unit=unit_3_1202, resident=ResidentFactory(name="张伟"))
    [unit] = lookup("3-1202")["units"]
    assert [occ.resident.name for occ in unit.current_occupancies] == ["张伟"]


def test_lookup_runs_a_fixed_number_of_queries(db, django_assert_max_num_queries, lookup):
    building = BuildingFactory(name="9")
    for n in range(20):
        unit = UnitFactory(building=building, number=f"{n:02d}01")
        OccupancyFactory(unit=unit)
    with django_assert_max_num_queries(4):
        result = lookup("01")
        assert len(result["units"]) == 0
    with django_assert_max_num_queries(4):
        result = lookup("住户")
        names = [occ.unit.label for r in result["residents"] for occ in r.current_occupancies]
        assert len(names) == 20


def test_lookup_page_shows_results(client_for, clerk, unit_3_1202):
    html = client_for(clerk).get("/registry/lookup/", {"q": "3栋1202"}).content.decode()
    assert "3-1202" in html


def test_the_unit_page_shows_its_whole_history_and_starts_records_for_its_residents(client_for, clerk, unit_3_1202):
    from requests_app import services as request_services
    from requests_app.inputs import HelpRequestInput
    from tests.complaints.conftest import register

    resident = ResidentFactory(name="张伟", phone="13812345678")
    OccupancyFactory(unit=unit_3_1202, resident=resident)
    request_services.register_help_request(
        HelpRequestInput(channel="phone", category="repair", matter="漏水", unit=unit_3_1202, resident=resident), by=clerk)
    register(by=clerk, channel="visit", description="噪音", unit=unit_3_1202, level="minor")
    response = client_for(clerk).get(unit_3_1202.get_absolute_url())
    assert [entry.number[:2] for entry in response.context["history"]] == ["TS", "QZ"]  # newest first
    html = response.content.decode()
    assert f"/requests/new/?unit={unit_3_1202.pk}&amp;resident={resident.pk}" in html
    assert f"/complaints/new/?unit={unit_3_1202.pk}&amp;resident={resident.pk}" in html

"""Issue 14 in the registry: dates within a plausible range next to the field, control characters
dropped from imported cells, and the import writes into the importer's own estates only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from residents import importing
from residents.models import Estate, Unit
from tests.factories import EstateFactory, OccupancyFactory, ResidentFactory, UnitFactory, UserFactory
from tests.residents.test_import_export import xlsx
from tests.residents.workbooks import named, shared_strings_bytes

pytestmark = pytest.mark.django_db


def row(**changes):
    values = {"estate": "HYY", "building": "3", "unit": "1202", "area": 98.5, "occupancy": "已入住",
              "moved": datetime.date(2024, 5, 1), "name": "张伟", "kind": "业主", "phone": "13812345678", "phone2": None}
    values |= changes
    return list(values.values())


@pytest.fixture
def hyy(db):
    return EstateFactory(code="HYY", name="华悦苑")


def test_a_move_in_date_of_year_1_or_9999_is_refused_next_to_the_field(client_for, clerk):
    resident = ResidentFactory()
    unit = UnitFactory()
    for day in ("0001-01-01", "9999-12-31"):
        response = client_for(clerk).post(reverse("residents:resident_move_in", args=[resident.pk]),
                                          {"unit": unit.pk, "moved_in": day})
        assert "moved_in" in response.context["form"].errors, day
    assert not resident.occupancies.exists()


def test_a_move_in_decades_ago_is_accepted_for_an_old_estate(client_for, clerk):
    resident = ResidentFactory()
    unit = UnitFactory()
    response = client_for(clerk).post(reverse("residents:resident_move_in", args=[resident.pk]),
                                      {"unit": unit.pk, "moved_in": "1998-07-01"})
    assert response.status_code == 302
    assert resident.occupancies.get().moved_in == datetime.date(1998, 7, 1)


def test_a_move_out_date_far_ahead_is_refused(client_for, clerk):
    occupancy = OccupancyFactory()
    response = client_for(clerk).post(reverse("residents:occupancy_move_out", args=[occupancy.pk]),
                                      {"moved_out": "2999-01-01"})
    assert "moved_out" in response.context["form"].errors
    occupancy.refresh_from_db()
    assert occupancy.moved_out is None


def test_the_unit_forms_move_in_date_is_kept_plausible(client_for, clerk):
    unit = UnitFactory()
    response = client_for(clerk).post(reverse("residents:unit_update", args=[unit.pk]), {
        "building": unit.building.pk, "number": unit.number, "occupancy": "occupied", "move_in_date": "0001-01-01",
        "seen_version": unit.version,
    })
    assert "move_in_date" in response.context["form"].errors


def test_an_imported_move_in_date_of_year_1_is_a_row_error(hyy):
    [parsed] = importing.parse_workbook(xlsx([row(moved=datetime.date(1, 1, 1))]), estates=Estate.objects.all())
    assert parsed.errors and "入住日期" in parsed.errors[0]


def test_control_characters_in_imported_cells_are_dropped(hyy):
    # As Excel stores them (_x000B_ in the shared strings), which openpyxl refuses to write.
    data = named(shared_strings_bytes([row(name="张\x0b伟\x1b")]))
    [parsed] = importing.parse_workbook(data, estates=Estate.objects.all())
    assert parsed.name == "张伟" and not parsed.errors


def test_an_import_into_another_offices_estate_is_refused_row_by_row(client_for, hyy):
    other = EstateFactory(code="JHG", name="锦华广场")
    supervisor = UserFactory(role=Role.SUPERVISOR, username="jhg_supervisor", estates=[other])
    response = client_for(supervisor).post("/registry/import/", {"file": xlsx([row(), row(estate="JHG", unit="0101")])})
    [error_row] = response.context["error_rows"]
    assert error_row.estate_code == "HYY" and "HYY" in error_row.errors[0]
    assert not Unit.objects.exists()


def test_a_new_estate_is_opened_by_head_office_not_by_one_estates_manager(client_for, hyy):
    manager = UserFactory(role=Role.MANAGER, username="hyy_manager", estates=[hyy])
    assert client_for(manager).get(reverse("residents:estate_create")).status_code == 403
    general_manager = UserFactory(role=Role.GENERAL_MANAGER, username="gm_estates", estates=[])
    assert client_for(general_manager).get(reverse("residents:estate_create")).status_code == 200


def test_a_company_wide_department_is_edited_by_head_office_only(client_for, hyy):
    from tests.factories import DepartmentFactory

    company_wide = DepartmentFactory(name="品质部", estate=None)
    manager = UserFactory(role=Role.MANAGER, username="hyy_manager2", estates=[hyy])
    assert client_for(manager).get(reverse("residents:department_update", args=[company_wide.pk])).status_code == 404
    content = client_for(manager).get(reverse("residents:department_list")).content.decode()
    assert "品质部" in content  # still listed: it serves this office too


def test_today_is_a_plausible_move_in(client_for, clerk):
    resident = ResidentFactory()
    response = client_for(clerk).post(reverse("residents:resident_move_in", args=[resident.pk]),
                                      {"unit": UnitFactory().pk, "moved_in": timezone.localdate().isoformat()})
    assert response.status_code == 302

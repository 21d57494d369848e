"""Issue 14, numbers: no negative floor area; the database's limits are checked next to the field."""

import pytest

from residents.models import Estate, Unit
from tests.factories import BuildingFactory, EstateFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("area", ["-5", "0"])
def test_a_units_floor_area_must_be_greater_than_zero(client_for, clerk, area):
    building = BuildingFactory()
    response = client_for(clerk).post(
        "/registry/units/new/", {"building": building.pk, "number": "1202", "occupancy": "vacant", "floor_area": area}
    )
    assert "面积须大于 0 平方米。" in str(response.context["form"].errors["floor_area"])
    assert not Unit.objects.exists()


def test_an_estates_gross_floor_area_must_be_greater_than_zero(client_for, manager):
    response = client_for(manager).post("/registry/estates/new/", {"name": "华悦苑", "code": "HYY", "gross_floor_area": "-48000"})
    assert "面积须大于 0 平方米。" in str(response.context["form"].errors["gross_floor_area"])
    assert not Estate.objects.exists()


def test_a_floor_area_past_the_databases_digits_is_refused_next_to_the_field(client_for, clerk):
    unit = UnitFactory()
    response = client_for(clerk).post(
        f"/registry/units/{unit.pk}/edit/",
        {"building": unit.building_id, "number": unit.number, "occupancy": "vacant", "floor_area": "123456789",
         "seen_version": unit.version},
    )
    assert response.status_code == 200
    assert "确认总共不超过 8 个数字" in str(response.context["form"].errors["floor_area"])  # Django's own message


def test_the_admin_refuses_a_negative_floor_area(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    estate = EstateFactory()
    response = client.post("/admin/residents/estate/add/", {"name": "x", "code": "X1", "gross_floor_area": "-1"})
    assert response.status_code == 200
    assert "面积须大于 0 平方米。" in response.content.decode()
    assert list(Estate.objects.all()) == [estate]

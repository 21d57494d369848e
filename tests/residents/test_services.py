import datetime

import pytest

from residents import services
from residents.models import Occupancy, Unit
from tests.factories import ResidentFactory, UnitFactory


@pytest.mark.django_db
def test_moving_in_marks_the_unit_occupied_and_writes_the_timeline(clerk):
    unit = UnitFactory(occupancy=Unit.Occupancy.VACANT, move_in_date=None)
    resident = ResidentFactory()
    services.move_in(resident=resident, unit=unit, on=datetime.date(2026, 1, 5), by=clerk)
    unit.refresh_from_db()
    assert unit.occupancy == Unit.Occupancy.OCCUPIED and unit.move_in_date == datetime.date(2026, 1, 5)
    assert resident.occupancies.get().moved_in == datetime.date(2026, 1, 5)


@pytest.mark.django_db
def test_the_last_resident_moving_out_leaves_the_unit_vacant(clerk):
    unit = UnitFactory(occupancy=Unit.Occupancy.VACANT)
    occupancy = services.move_in(resident=ResidentFactory(), unit=unit, on=datetime.date(2025, 1, 1), by=clerk)
    services.move_out(occupancy=occupancy, on=datetime.date(2026, 1, 1), by=clerk)
    unit.refresh_from_db()
    assert unit.occupancy == Unit.Occupancy.VACANT
    assert not Occupancy.objects.current(datetime.date(2026, 1, 2)).filter(unit=unit).exists()
    assert Occupancy.objects.current(datetime.date(2025, 6, 1)).filter(unit=unit).exists()


@pytest.mark.django_db
def test_unit_number_is_unique_in_its_building(client_for, clerk):
    unit = UnitFactory(number="1202")
    response = client_for(clerk).post(
        "/registry/units/new/", {"building": unit.building_id, "number": "1202", "occupancy": "vacant"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_bad_phone_is_refused_next_to_the_field_in_chinese(client_for, clerk):
    response = client_for(clerk).post("/registry/residents/new/", {"name": "张三", "kind": "owner", "phone": "12345"})
    assert response.status_code == 200
    assert "请输入11位手机号码" in str(response.context["form"].errors["phone"])


@pytest.mark.django_db
def test_clerk_registers_a_resident_and_records_a_move_in(client_for, clerk):
    client = client_for(clerk)
    unit = UnitFactory(occupancy=Unit.Occupancy.VACANT)
    response = client.post("/registry/residents/new/", {"name": "张三", "kind": "owner", "phone": "13811112222"})
    assert response.status_code == 302
    resident_url = response["Location"]
    response = client.post(resident_url + "move-in/", {"unit": unit.pk, "moved_in": "2026-11-01"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.occupancy == Unit.Occupancy.OCCUPIED
    html = client.get(resident_url).content.decode()
    assert "已登记" in html and "迁入" in html  # timeline entries


@pytest.mark.django_db
def test_unit_list_runs_a_fixed_number_of_queries(client_for, clerk, django_assert_max_num_queries):
    client = client_for(clerk)
    for _ in range(30):
        UnitFactory()
    client.get("/registry/units/")  # warm the session/user
    with django_assert_max_num_queries(12):
        assert client.get("/registry/units/").status_code == 200


@pytest.mark.django_db
def test_department_list_shows_departments_with_and_without_a_head(client_for, clerk, manager):
    from tests.factories import DepartmentFactory

    DepartmentFactory(name="保洁部", head=None)
    DepartmentFactory(name="工程维护部", head=manager)
    html = client_for(clerk).get("/registry/departments/").content.decode()
    assert "保洁部" in html and "工程维护部" in html

"""Issue 14, no lost update: a save from a form opened before someone else's save is refused, and the
other person's change is kept; identical moves at once give one success and clear messages."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from residents import services
from residents.models import Occupancy, Unit
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    EstateFactory,
    OccupancyFactory,
    ResidentFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CHANGED = "该记录已被他人修改"


def edit(client, url, change):
    """Open the edit form and return its fields as the browser would post them, with `change` applied."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data | change


RECORDS = {
    # kind: (factory, edit url, the first person's change, the second person's change, field read back)
    "resident": (lambda: ResidentFactory(phone="13800000001"), "/registry/residents/{}/edit/",
                 {"phone": "13900000002"}, {"phone": "13700000003"}, "phone"),
    "unit": (lambda: UnitFactory(floor_area="80.00"), "/registry/units/{}/edit/",
             {"floor_area": "90.00"}, {"floor_area": "70.00"}, "floor_area"),
    "department": (lambda: DepartmentFactory(name="工程部"), "/registry/departments/{}/edit/",
                   {"name": "工程维护部"}, {"name": "维修部"}, "name"),
    "estate": (lambda: EstateFactory(name="华悦苑"), "/registry/estates/{}/edit/",
               {"name": "华悦苑一期"}, {"name": "华悦苑二期"}, "name"),
    "building": (lambda: BuildingFactory(name="3"), "/registry/buildings/{}/edit/",
                 {"name": "3A"}, {"name": "3B"}, "name"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused(kind, manager, general_manager):
    factory, url, first_change, second_change, field = RECORDS[kind]
    record = factory()
    url = url.format(record.pk)
    first, second = Client(), Client()
    first.force_login(general_manager)
    second.force_login(manager)
    older_form = edit(second, url, second_change)  # opened first, saved last
    assert first.post(url, edit(first, url, first_change)).status_code == 302
    response = second.post(url, older_form)
    assert response.status_code == 409
    assert CHANGED in response.content.decode()
    record.refresh_from_db()
    assert str(getattr(record, field)) == next(iter(first_change.values()))


def test_saving_again_after_reopening_the_record_works(client_for, clerk):
    resident = ResidentFactory(phone="13800000001")
    client = client_for(clerk)
    url = f"/registry/residents/{resident.pk}/edit/"
    assert client.post(url, edit(client, url, {"phone": "13900000002"})).status_code == 302
    assert client.post(url, edit(client, url, {"phone": "13700000003"})).status_code == 302
    resident.refresh_from_db()
    assert resident.phone == "13700000003" and resident.version == 2


def test_a_form_without_its_version_is_refused_with_a_message(client_for, clerk):
    resident = ResidentFactory(phone="13800000001")
    client = client_for(clerk)
    url = f"/registry/residents/{resident.pk}/edit/"
    data = edit(client, url, {"phone": "13900000002"})
    del data["seen_version"]
    response = client.post(url, data)
    assert "表单已失效，请重新打开该记录。" in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone == "13800000001"


def test_a_move_in_after_the_unit_form_was_opened_is_not_undone_by_its_save(client_for, clerk):
    unit = UnitFactory(occupancy=Unit.Occupancy.VACANT, move_in_date=None)
    client = client_for(clerk)
    url = f"/registry/units/{unit.pk}/edit/"
    older_form = edit(client, url, {"floor_area": "95.00"})
    services.move_in(resident=ResidentFactory(), unit=unit, on=datetime.date(2026, 1, 5), by=clerk)
    response = client.post(url, older_form)
    assert CHANGED in response.content.decode()
    unit.refresh_from_db()
    assert unit.occupancy == Unit.Occupancy.OCCUPIED and unit.move_in_date == datetime.date(2026, 1, 5)


def test_the_admin_refuses_a_save_from_a_change_page_opened_before_someone_elses_save():
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    resident = ResidentFactory(phone="13800000001")
    url = f"/admin/residents/resident/{resident.pk}/change/"
    first, second = Client(), Client()
    first.force_login(admin)
    second.force_login(admin)

    def admin_form(client, phone):
        form = client.get(url).context["adminform"].form
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        return data | {"phone": phone, "occupancies-TOTAL_FORMS": "0", "occupancies-INITIAL_FORMS": "0"}

    older = admin_form(second, "13700000003")
    assert first.post(url, admin_form(first, "13900000002")).status_code == 302
    response = second.post(url, older, follow=True)
    assert CHANGED in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone == "13900000002"


def test_a_move_in_recorded_twice_gets_a_message_not_a_500(clerk):
    resident, unit = ResidentFactory(), UnitFactory()
    OccupancyFactory(resident=resident, unit=unit)
    with pytest.raises(services.MoveError, match="该住户已登记在此房号"):
        services.move_in(resident=resident, unit=unit, by=clerk)


def test_a_move_out_recorded_twice_keeps_the_first_date(clerk):
    occupancy = OccupancyFactory(moved_in=datetime.date(2025, 1, 1))
    services.move_out(occupancy=occupancy, on=datetime.date(2026, 1, 1), by=clerk)
    with pytest.raises(services.MoveError):
        services.move_out(occupancy=occupancy, on=datetime.date(2026, 2, 1), by=clerk)
    occupancy.refresh_from_db()
    assert occupancy.moved_out == datetime.date(2026, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_move_ins_at_once_give_one_success_and_clear_messages():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (run with DATABASE_URL=postgres://…)")
    from core.roles import Role

    resident, unit = ResidentFactory(), UnitFactory(occupancy=Unit.Occupancy.VACANT)
    clerks = [UserFactory(role=Role.CLERK, username=f"clerk{n}") for n in range(20)]
    clients = []
    for clerk in clerks:
        client = Client()
        client.force_login(clerk)
        clients.append(client)
    barrier, responses, errors = threading.Barrier(20), [], []

    def move_in(client):
        try:
            barrier.wait()
            responses.append(client.post(f"/registry/residents/{resident.pk}/move-in/",
                                          {"unit": unit.pk, "moved_in": "2026-01-05"}))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move_in, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(response.status_code for response in responses) == [200] * 19 + [302]
    for response in responses:
        if response.status_code == 200:
            assert "该住户已登记在此房号。" in response.content.decode()
    assert Occupancy.objects.filter(resident=resident, unit=unit).count() == 1

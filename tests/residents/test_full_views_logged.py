"""SPEC §2 and issue 14: every full view of a resident's record is logged — the detail page, the edit
form, the admin's change page and the registry export."""

import pytest

from residents.models import ResidentAccessLog
from tests.factories import OccupancyFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def logged(user):
    return list(ResidentAccessLog.objects.filter(user=user).values_list("resident__name", "path"))


def test_opening_the_resident_edit_form_is_logged(client_for, clerk):
    resident = ResidentFactory(name="张伟华")
    url = f"/registry/residents/{resident.pk}/edit/"
    assert client_for(clerk).get(url).status_code == 200
    assert logged(clerk) == [("张伟华", url)]


def test_opening_a_residents_change_page_in_the_admin_is_logged(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    resident = ResidentFactory(name="张伟华")
    client.force_login(admin)
    url = f"/admin/residents/resident/{resident.pk}/change/"
    assert client.get(url).status_code == 200
    assert logged(admin) == [("张伟华", url)]


def test_the_registry_export_logs_every_resident_it_contains(client_for, manager):
    shown = [OccupancyFactory(resident__name=name).resident for name in ("张伟华", "李娜")]
    moved_away = ResidentFactory(name="王芳")  # not in any unit: not in the file
    response = client_for(manager).get("/registry/export.xlsx")
    b"".join(response.streaming_content)
    assert sorted(logged(manager)) == sorted((resident.name, "/registry/export.xlsx") for resident in shown)
    assert not ResidentAccessLog.objects.filter(resident=moved_away).exists()


def test_the_export_logs_in_one_statement_whatever_the_number_of_residents(client_for, manager,
                                                                          django_assert_max_num_queries):
    for _ in range(30):
        OccupancyFactory()
    client = client_for(manager)
    with django_assert_max_num_queries(9):
        b"".join(client.get("/registry/export.xlsx").streaming_content)
    assert ResidentAccessLog.objects.filter(user=manager).count() == 30

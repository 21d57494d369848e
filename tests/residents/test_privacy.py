import pytest

from residents.models import ResidentAccessLog
from residents.privacy import mask_name, mask_phone
from tests.factories import OccupancyFactory, ResidentFactory


def test_mask_phone_keeps_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("075512345678") == "075****5678"
    assert mask_phone("") == ""


def test_mask_name_keeps_the_surname_and_hides_the_length():
    assert mask_name("张伟华") == "张**"
    assert mask_name("张") == "张**"


@pytest.fixture
def resident(db):
    resident = ResidentFactory(name="张伟", phone="13812345678", email="zw@example.com")
    OccupancyFactory(resident=resident)
    return resident


@pytest.mark.parametrize("role_fixture", ["clerk", "department_head", "supervisor", "manager", "general_manager"])
def test_customer_service_and_department_heads_and_above_see_full_details(request, client_for, resident, role_fixture):
    user = request.getfixturevalue(role_fixture)
    html = client_for(user).get(resident.get_absolute_url()).content.decode()
    assert "13812345678" in html and "zw@example.com" in html and "张伟" in html


def test_other_staff_see_contact_details_masked_everywhere(client_for, quality, resident):
    client = client_for(quality)
    for url in [resident.get_absolute_url(), "/registry/residents/", "/registry/lookup/?q=张", "/registry/units/"
                f"{resident.occupancies.get().unit_id}/"]:
        html = client.get(url).content.decode()
        assert "13812345678" not in html, url
        assert "zw@example.com" not in html, url
    assert "138****5678" in client.get(resident.get_absolute_url()).content.decode()


def test_each_view_of_a_full_record_is_logged(client_for, clerk, resident):
    client_for(clerk).get(resident.get_absolute_url())
    log = ResidentAccessLog.objects.get()
    assert log.user == clerk and log.resident == resident and log.at is not None


def test_a_masked_view_is_not_a_view_of_the_full_record(client_for, quality, resident):
    client_for(quality).get(resident.get_absolute_url())
    assert not ResidentAccessLog.objects.exists()


def test_managers_see_the_access_log(client, clerk, manager, resident):
    client.force_login(clerk)
    client.get(resident.get_absolute_url())
    client.force_login(manager)
    html = client.get("/registry/access-log/").content.decode()
    assert clerk.username in html or clerk.get_full_name() in html
    assert client.get("/registry/access-log/").context["page_obj"].paginator.count == 1

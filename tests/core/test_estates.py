"""Issue 14, estate scoping: a clerk, department head, supervisor or manager sees and acts on the records
of their own estates only — registry, help requests, complaints, callbacks, reports, exports, admin; the
general manager, the vice general manager and quality see every estate and compare them.

The access matrix (tests/core/test_access.py) grows an estate dimension here: every url about one of the
first office's records is opened by every role of the second office."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.estates import estates_of, narrow_choices, scoped
from core.models import Notification
from core.roles import OVERSIGHT_ROLES, Role
from requests_app import services as request_services
from requests_app.forms import HelpRequestForm
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category, HelpRequest
from residents.models import Department, Estate, StaffPosting
from tests.core.test_access import MATRIX, _url
from tests.factories import DepartmentFactory, EstateFactory, OccupancyFactory, UserFactory
from tests.surveys import access_followup as surveys_followup

pytestmark = pytest.mark.django_db

# The urls of one record of the first office (their `about` in the access matrix).
ESTATE_BOUND = {"unit", "estate", "building", "resident", "occupancy", "help_request", "complaint", "report",
                "action_item", "repair", "attachment", "callback", "survey_results", "survey_plan", "survey",
                "survey_form"}
ESTATE_BOUND |= surveys_followup.ESTATE_BOUND


@pytest.fixture
def second_office(posted_office):
    """The second estate's office: one user per role, posted there only (oversight roles see all anyway)."""
    other = EstateFactory(name="锦华广场", code="JHG")
    users = {role: UserFactory(role=role, username=f"b_{role}", estates=[other]) for role in Role}
    return other, users


@pytest.fixture
def posted_office(office):
    """The access matrix's office, its staff posted to its estate only."""
    users, objects = office
    for user in users.values():
        StaffPosting.objects.filter(user=user).update(all_estates=False)
        user.posting.estates.set([objects["estate"]])
    return users, objects


@pytest.mark.parametrize("role", [*Role], ids=str)
def test_another_estates_staff_get_404_for_every_record_of_this_estate(client, posted_office, second_office, role):
    users, objects = posted_office
    _other, outsiders = second_office
    user = outsiders[role]
    client.force_login(user)
    for name, (allowed, method, about) in MATRIX.items():
        if about is None or about.partition(" ")[0] not in ESTATE_BOUND or role not in allowed:
            continue
        response = getattr(client, method)(_url(name, about, objects, user))
        if role in OVERSIGHT_ROLES:
            assert response.status_code in (200, 302), (role, name, response.status_code)
        else:
            assert response.status_code == 404, (role, name, response.status_code)


LISTS_AND_EXPORTS = [
    "requests_app:list", "requests_app:register", "requests_app:register_xlsx", "requests_app:log",
    "requests_app:supervisor", "requests_app:figures", "complaints:list", "complaints:board",
    "complaints:print_register", "complaints:statistics", "complaints:statistics_export", "complaints:recurring",
    "reports:list", "reports:compare", "callbacks:queue", "callbacks:list", "callbacks:figures",
    "callbacks:figures_export", "residents:unit_list", "residents:resident_list", "residents:estate_list",
    "residents:department_list", "residents:export", "residents:access_log", "home", "todo",
]


def _text(response):
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.content.decode()


@pytest.mark.parametrize("role", [*Role], ids=str)
def test_no_list_export_or_desk_shows_another_estates_records(client, posted_office, second_office, role):
    users, objects = posted_office
    _other, outsiders = second_office
    client.force_login(outsiders[role])
    estate = objects["estate"]
    secrets = [objects["help_request"].number, objects["complaint"].number, objects["callback"].number,
               estate.name, objects["resident"].name]
    for name in LISTS_AND_EXPORTS:
        allowed, _method, _about = MATRIX[name]
        if role not in allowed and allowed != "any logged-in user, with or without a role":
            continue
        response = client.get(reverse(name), {"kind": "month", "year": timezone.localdate().year,
                                              "month": timezone.localdate().month, "q": "张"})
        assert response.status_code == 200, (role, name, response.status_code)
        text = _text(response)
        for secret in secrets:
            if role in OVERSIGHT_ROLES:
                continue
            assert secret not in text, (role, name, secret)


def test_oversight_roles_compare_every_estate_and_others_only_their_own(client_for, posted_office, second_office):
    users, objects = posted_office
    other, outsiders = second_office
    period = objects["report"].period
    params = {"kind": period.kind, "year": period.year, "month": period.index}
    for role in OVERSIGHT_ROLES:
        content = client_for(outsiders[role]).get(reverse("reports:compare"), params).content.decode()
        assert objects["estate"].name in content and other.name in content, role
    content = client_for(outsiders[Role.MANAGER]).get(reverse("reports:compare"), params).content.decode()
    assert other.name in content and objects["estate"].name not in content


def test_statistics_of_another_estate_are_refused_next_to_the_field(client_for, posted_office, second_office):
    users, objects = posted_office
    _other, outsiders = second_office
    today = timezone.localdate()
    response = client_for(outsiders[Role.MANAGER]).get(reverse("complaints:statistics"), {
        "kind": "month", "year": today.year, "month": today.month, "estate": objects["estate"].pk})
    assert "estate" in response.context["form"].errors
    assert response.context["stats"] is None


def test_statistics_default_to_the_users_own_estate(client_for, posted_office, second_office):
    users, objects = posted_office
    other, outsiders = second_office
    today = timezone.localdate()
    response = client_for(outsiders[Role.SUPERVISOR]).get(reverse("complaints:statistics"), {
        "kind": "month", "year": today.year, "month": today.month})
    assert response.context["estate"] == other
    assert response.context["stats"].figure("total") == 0
    response = client_for(users[Role.SUPERVISOR]).get(reverse("complaints:statistics"), {
        "kind": "month", "year": today.year, "month": today.month})
    assert response.context["estate"] == objects["estate"]
    assert response.context["stats"].figure("total") == 2


def test_a_tampered_estate_or_unit_from_another_office_is_a_field_error(posted_office, second_office):
    users, objects = posted_office
    other, outsiders = second_office
    form = narrow_choices(HelpRequestForm({
        "channel": "phone", "category": Category.INQUIRY, "matter": "询问", "caller_name": "赵先生",
        "caller_phone": "13611112222", "estate": objects["estate"].pk, "unit": objects["unit"].pk,
    }), user=outsiders[Role.CLERK])
    assert not form.is_valid()
    assert {"estate", "unit"} <= set(form.errors)


def test_step_forms_offer_the_records_own_estates_departments_and_staff(client_for, posted_office, second_office):
    users, objects = posted_office
    other, outsiders = second_office
    DepartmentFactory(name="锦华工程部", kind=Department.Kind.ENGINEERING, estate=other, head=outsiders[Role.DEPARTMENT_HEAD])
    content = client_for(users[Role.CLERK]).get(objects["complaint"].get_absolute_url()).content.decode()
    assert "锦华工程部" not in content
    content = client_for(users[Role.CLERK]).get(objects["help_request"].get_absolute_url()).content.decode()
    assert "锦华工程部" not in content
    assert outsiders[Role.DEPARTMENT_HEAD].first_name not in content


def test_one_estates_news_never_reaches_another_estates_supervisor(posted_office, second_office):
    users, objects = posted_office
    _other, outsiders = second_office
    request_services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.EMERGENCY, matter="老人晕倒", unit=objects["unit"],
                         resident=objects["resident"], emergency_choice="call_120", serious=True,
                         patient_address="3-1202", patient_phone="13812345678"),
        by=users[Role.CLERK],
    )
    assert Notification.objects.filter(recipient=users[Role.SUPERVISOR]).exists()
    assert not Notification.objects.filter(recipient=outsiders[Role.SUPERVISOR]).exists()
    assert not Notification.objects.filter(recipient=outsiders[Role.MANAGER]).exists()


def test_staff_without_a_posting_see_no_records_and_are_told_why(client_for, posted_office):
    users, objects = posted_office
    newcomer = UserFactory(role=Role.CLERK, username="newcomer", estates=[])
    assert estates_of(newcomer) == frozenset()
    content = client_for(newcomer).get(reverse("requests_app:list")).content.decode()
    assert objects["help_request"].number not in content
    assert 'id="unposted"' in content


def test_head_office_staff_work_for_every_estate_including_later_ones(posted_office):
    users, objects = posted_office
    hotline = UserFactory(role=Role.CLERK, username="hotline")  # the factory's default: every estate
    later = EstateFactory(name="新开小区", code="NEW")
    assert estates_of(hotline) is None
    assert scoped(Estate.objects.all(), hotline).filter(pk=later.pk).exists()


def test_every_record_of_a_single_estate_company_gets_its_estate_on_upgrade(clerk):
    from django.apps import apps

    from core.migration_helpers import fill_estates

    occupancy = OccupancyFactory()
    help_request = HelpRequest.objects.create(number="QZ-OLD-1", channel="phone", category=Category.INQUIRY,
                                              matter="旧记录", unit=occupancy.unit, received_at=timezone.now(),
                                              received_by=clerk)
    no_unit = HelpRequest.objects.create(number="QZ-OLD-2", channel="phone", category=Category.INQUIRY,
                                         matter="旧记录二", received_at=timezone.now(), received_by=clerk)
    fill_estates("requests_app", "HelpRequest")(apps, None)
    help_request.refresh_from_db()
    no_unit.refresh_from_db()
    assert help_request.estate == occupancy.unit.building.estate == no_unit.estate


def test_the_admin_lists_only_the_users_estates(client, posted_office, second_office):
    users, objects = posted_office
    _other, outsiders = second_office
    supervisor = outsiders[Role.SUPERVISOR]
    supervisor.is_staff = True
    supervisor.save()
    client.force_login(supervisor)
    content = client.get("/admin/callbacks/callback/").content.decode()
    assert objects["callback"].number not in content
    assert client.get(f"/admin/callbacks/callback/{objects['callback'].pk}/change/").status_code == 302  # not found
    own = users[Role.SUPERVISOR]
    own.is_staff = True
    own.save()
    client.force_login(own)
    assert objects["callback"].number in client.get("/admin/callbacks/callback/").content.decode()

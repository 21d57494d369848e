"""Issue 10: every role lands on its own desk — its to-do lists, counted in the navigation bar,
refreshing themselves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.choices import Level
from core import desk
from core.estates import estates_of
from core.roles import Role
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
from tests.complaints.conftest import register
from tests.factories import DepartmentFactory, OccupancyFactory
from tests.surveys import access_followup as surveys_followup

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

PANELS = {
    Role.CLERK: {"time_limits", "today", "complaints_to_dispatch", "callbacks_to_call", "callbacks_answers_due",
                 "surveys_to_prepare", "surveys_collecting"},
    Role.DEPARTMENT_HEAD: {"callbacks_department", "department_requests", "complaints_to_sign", "complaints_to_handle",
                           "complaints_my_extension_requests"},
    Role.SUPERVISOR: {"callbacks_to_call", "callbacks_escalated", "callbacks_answers_due", "reports_due", "time_limits", "referred", "written_replies", "sign_off", "complaints_to_dispatch",
                      "complaints_overdue", "surveys_to_prepare", "surveys_to_close", "surveys_collecting"},
    Role.MANAGER: {"reports_due", "written_replies", "sign_off", "complaints_overdue",
                   "complaints_extensions_to_approve", "complaints_forwarded_to_me", "complaints_month_figures",
                   "surveys_awaiting_approval", "surveys_to_close", "surveys_collecting"},
    Role.GENERAL_MANAGER: {"complaints_extensions_to_approve", "complaints_forwarded_to_me",
                           "complaints_major_open", "surveys_awaiting_approval"},
    Role.VICE_GENERAL_MANAGER: {"surveys_awaiting_approval"},
    Role.QUALITY: {"reports_due", "unsigned_archive", "complaints_overdue_by_department"},
}
for _role, _keys in surveys_followup.PANELS.items():
    PANELS[_role] |= _keys


@pytest.fixture
def office(make_user):
    users = {role: make_user(role, username=f"d_{role}") for role in Role}
    occupancy = OccupancyFactory()
    department = DepartmentFactory(name="工程维护部", head=users[Role.DEPARTMENT_HEAD])
    return users, occupancy, department


@pytest.mark.parametrize("role", list(PANELS), ids=str)
def test_each_role_lands_on_its_own_desk(client_for, office, role):
    users, _occupancy, _department = office
    client = client_for(users[role])
    assert client.get(reverse("start"))["Location"] == reverse("home")
    shown = {panel.key for panel, _rows, _count in client.get(reverse("home")).context["panels"]}
    assert shown == PANELS[role]


def test_the_desks_show_what_waits_for_each_role(client_for, office):
    users, occupancy, department = office
    clerk, head = users[Role.CLERK], users[Role.DEPARTMENT_HEAD]
    minor = register(by=clerk, channel="phone", description="楼道灯坏", unit=occupancy.unit, level=Level.MINOR)
    important = register(by=clerk, channel="phone", description="保安态度差", unit=occupancy.unit,
                         level=Level.IMPORTANT)
    for complaint in (minor, important):
        complaint_services.dispatch_complaint(complaint=complaint, department=department, by=clerk)
        complaint_services.sign_for_complaint(complaint=complaint, by=head)
        complaint_services.request_extension(complaint=complaint, reason="等配件", by=head,
                                             new_due=timezone.now() + 20 * DAY)
    complaint_services.forward_complaint(complaint=important, to=users[Role.MANAGER], by=clerk)
    referred = request_services.refer_to_supervisor(
        help_request=request_services.register_help_request(
            HelpRequestInput(channel="phone", category="other", matter="要求赔偿", unit=occupancy.unit), by=clerk),
        by=clerk,
    )

    def rows(role, key):
        panels = {panel.key: rows for panel, rows, _count in client_for(users[role]).get(reverse("home")).context["panels"]}
        return panels[key]

    assert rows(Role.DEPARTMENT_HEAD, "complaints_to_handle") == [minor, important]
    assert rows(Role.MANAGER, "complaints_extensions_to_approve") == [minor]
    assert rows(Role.GENERAL_MANAGER, "complaints_extensions_to_approve") == [important]
    assert rows(Role.MANAGER, "complaints_forwarded_to_me") == [important]
    assert rows(Role.SUPERVISOR, "referred") == [referred]
    assert rows(Role.CLERK, "time_limits") == [referred]


def test_the_navigation_bar_counts_what_waits(client_for, office):
    users, occupancy, _department = office
    register(by=users[Role.CLERK], channel="phone", description="噪音", unit=occupancy.unit, level=Level.MINOR)
    response = client_for(users[Role.CLERK]).get(reverse("todo"))
    assert {(panel.key, count) for panel, count in response.context["counts"]} == {("complaints_to_dispatch", 1)}
    assert 'hx-trigger="every' in response.content.decode()


def test_a_panel_refreshes_itself_and_only_for_its_roles(client_for, office):
    users, _occupancy, _department = office
    response = client_for(users[Role.SUPERVISOR]).get(reverse("desk_panel", args=["referred"]))
    assert response.status_code == 200 and 'id="panel-referred"' in response.content.decode()
    assert client_for(users[Role.QUALITY]).get(reverse("desk_panel", args=["referred"])).status_code == 403
    assert client_for(users[Role.QUALITY]).get(reverse("desk_panel", args=["nothing"])).status_code == 404


def test_the_desk_runs_a_fixed_number_of_queries(client_for, office, django_assert_max_num_queries):
    users, occupancy, _department = office
    for n in range(15):
        register(by=users[Role.CLERK], channel="phone", description=f"噪音{n}", unit=occupancy.unit,
                 level=Level.MINOR)
    client = client_for(users[Role.SUPERVISOR])
    client.get(reverse("home"))
    with django_assert_max_num_queries(40):
        client.get(reverse("home"))


def test_a_panel_counts_only_when_its_first_page_is_full(office, django_assert_num_queries):
    """Issue 15: a first page shorter than DESK_ROWS is everything; the count query is spared."""
    users, occupancy, _department = office
    clerk = users[Role.CLERK]
    estates_of(clerk)  # the posting is read once per user, not per panel
    today = desk.panel("today")
    now = timezone.now()

    def save(n):
        request_services.register_help_request(
            HelpRequestInput(channel="phone", category="other", matter=f"咨询{n}", unit=occupancy.unit), by=clerk)

    for n in range(3):
        save(n)
    with django_assert_num_queries(1):
        rows, count = desk.panel_content(today, clerk, now)
    assert (len(rows), count) == (3, 3)
    for n in range(3, desk.DESK_ROWS + 2):
        save(n)
    with django_assert_num_queries(2):
        rows, count = desk.panel_content(today, clerk, now)
    assert (len(rows), count) == (desk.DESK_ROWS, desk.DESK_ROWS + 2)

"""Through the client: reception, the workflow pages, access per role, the board."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.choices import Level, Status
from complaints.models import Complaint, ComplaintPolicy
from complaints.workflow import WORKFLOW
from core.roles import Role
from tests.complaints.conftest import register
from tests.factories import DepartmentFactory, EstateFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def live_now():
    return timezone.now()


def act(client, complaint, action, **data):
    """POST one step's form (its fields carry the step's name as prefix)."""
    return client.post(reverse("complaints:act", args=[complaint.pk, action]),
                       {f"{action}-{key}": value for key, value in data.items()})


def offered(response):
    return [action.name for action, _form in response.context["actions"]]


def test_clerk_registers_walk_in_complaint(client_for, clerk, occupancy, department):
    unit = occupancy.unit
    response = client_for(clerk).post(reverse("complaints:create"), {
        "channel": "visit", "estate": unit.building.estate.pk, "unit_label": unit.label.lower(),
        "complainant_phone": occupancy.resident.phone, "description": "楼道灯坏了三天", "demand": "尽快修好",
        "departments": [department.pk], "category": "repair", "validity": "valid", "level": "minor",
    })
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.unit == unit and complaint.resident == occupancy.resident
    assert complaint.recorded_by == clerk and complaint.level == Level.MINOR
    assert list(complaint.complained_departments.all()) == [department]


def test_reception_finds_the_unit_written_the_chinese_way(client_for, clerk, occupancy):
    unit = occupancy.unit
    client_for(clerk).post(reverse("complaints:create"), {
        "channel": "phone", "estate": unit.building.estate.pk, "unit_label": f"{unit.building.name}栋{unit.number}室",
        "description": "噪音扰民", "validity": "valid", "level": "minor",
    })
    assert Complaint.objects.get().unit == unit


def test_reception_form_errors_keep_input(client_for, clerk):
    response = client_for(clerk).post(reverse("complaints:create"), {
        "channel": "phone", "unit_label": "9-9999", "description": "噪音扰民", "validity": "valid",
        "level": "major",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "unit_label" in form.errors and "major_criterion" in form.errors
    assert "噪音扰民" in response.content.decode()
    assert not Complaint.objects.exists()


def test_reception_form_checks_when_a_letter_reached_the_office(client_for, clerk, live_now):
    data = {
        "estate": EstateFactory().pk, "channel": "visit", "complainant_name": "路人", "complainant_phone": "13900001111", "description": "噪音",
        "validity": "valid", "level": "minor", "submitted_at": (live_now - DAY).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client_for(clerk).post(reverse("complaints:create"), data)
    assert "submitted_at" in response.context["form"].errors
    data |= {"channel": "letter", "submitted_at": (live_now + DAY).strftime("%Y-%m-%dT%H:%M")}
    response = client_for(clerk).post(reverse("complaints:create"), data)
    assert "submitted_at" in response.context["form"].errors
    assert not Complaint.objects.exists()
    data["submitted_at"] = timezone.localtime(live_now - 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = client_for(clerk).post(reverse("complaints:create"), data)
    complaint = Complaint.objects.get()
    assert complaint.accepted_late
    assert "超过24小时" in client_for(clerk).get(response["Location"]).content.decode()


def test_reception_form_shows_level_criteria_help(client_for, clerk):
    content = client_for(clerk).get(reverse("complaints:create")).content.decode()
    assert "一个月" in content  # criterion (c) in the help text, in Chinese
    assert content.count("住户投诉意见表") == 2  # the page title and the heading, not the heading twice


def test_not_valid_complaint_from_form_is_closed(client_for, clerk):
    client_for(clerk).post(reverse("complaints:create"), {
        "estate": EstateFactory().pk, "channel": "phone", "complainant_name": "路人", "complainant_phone": "13900001111",
        "description": "市政道路施工噪音", "validity": "invalid", "invalid_reason": "非本公司管理范围，已解释",
    })
    complaint = Complaint.objects.get()
    assert complaint.status == Status.CLOSED and not complaint.is_valid


def test_clerk_dispatches_and_department_head_signs_and_handles(client_for, make_complaint, clerk, department):
    complaint = make_complaint(now=timezone.now())
    client = client_for(clerk)
    assert act(client, complaint, "dispatch", department=department.pk).status_code == 302
    client = client_for(department.head)
    detail = client.get(complaint.get_absolute_url())
    assert offered(detail) == ["sign", "request_extension", "attach"]
    act(client, complaint, "sign")
    act(client, complaint, "handle", process="更换灯管", result="已修复")
    complaint.refresh_from_db()
    assert complaint.status == Status.HANDLED
    assert complaint.signed_by == department.head and complaint.handled_by == department.head


def test_other_department_head_cannot_see_or_sign(client_for, make_complaint, advance, make_user):
    complaint = advance(make_complaint(), "dispatched")
    other = make_user(Role.DEPARTMENT_HEAD, username="head_sec")
    DepartmentFactory(name="保安部", head=other)
    client = client_for(other)
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert act(client, complaint, "sign").status_code == 404


def test_server_rejects_action_the_role_may_not_take(client_for, make_complaint, advance, clerk):
    complaint = advance(make_complaint(), "dispatched")
    assert act(client_for(clerk), complaint, "sign").status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED


def test_server_rejects_step_the_status_does_not_allow(client_for, make_complaint, clerk):
    complaint = make_complaint()
    response = act(client_for(clerk), complaint, "inform", method="phone")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_form_error_on_action_shows_detail_with_errors(client_for, make_complaint, advance, department):
    complaint = advance(make_complaint(), "signed")
    response = act(client_for(department.head), complaint, "handle", process="x", result="")
    assert response.status_code == 200
    assert dict(response.context["actions"])[WORKFLOW.action("handle")].errors


def test_manager_approves_minor_extension_through_page(client_for, make_complaint, advance, department, manager):
    complaint = advance(make_complaint(), "signed")
    new_due = timezone.localtime(timezone.now() + 2 * DAY).replace(second=0, microsecond=0)
    act(client_for(department.head), complaint, "request_extension", new_due=f"{new_due:%Y-%m-%d %H:%M}", reason="等配件")
    extension = complaint.extensions.get()
    client = client_for(manager)
    assert "decide_extension" in offered(client.get(complaint.get_absolute_url()))
    act(client, complaint, "decide_extension", approve="yes")
    complaint.refresh_from_db()
    assert complaint.handle_due == extension.new_due


def test_quality_sees_personal_data_masked(client_for, make_complaint, quality):
    complaint = make_complaint()
    content = client_for(quality).get(complaint.get_absolute_url()).content.decode()
    assert "138****5678" in content and "13812345678" not in content
    assert "张*" in content


def test_supervisor_sees_overdue_complaint_on_board(client_for, make_complaint, supervisor):
    received = timezone.now() - datetime.timedelta(hours=2)
    late = make_complaint(now=received)
    response = client_for(supervisor).get(reverse("complaints:board"))
    rows = list(response.context["page_obj"])
    assert rows == [late]
    assert rows[0].next_step == "dispatch"
    assert abs(rows[0].late_by - datetime.timedelta(minutes=110)) < datetime.timedelta(minutes=1)
    content = response.content.decode()
    assert late.number in content and "派单" in content


def test_board_sorts_most_late_first_and_filters(client_for, make_complaint, advance, supervisor, department):
    now = timezone.now()
    newer = make_complaint(now=now - datetime.timedelta(minutes=30))
    older = advance(make_complaint(now=now - 3 * DAY), "signed", at=now - 3 * DAY)
    soon = make_complaint(now=now - datetime.timedelta(minutes=5))
    client = client_for(supervisor)
    rows = list(client.get(reverse("complaints:board")).context["page_obj"])
    assert rows == [older, newer, soon]
    assert rows[0].next_step == "handle"
    filtered = client.get(reverse("complaints:board"), {"department": department.pk}).context["page_obj"]
    assert list(filtered) == [older]
    counts = client.get(reverse("complaints:board")).context["counts"]
    assert {(c["department__name"], c["late"], c["total"]) for c in counts} == {("工程维护部", 1, 1), (None, 1, 2)}


def test_board_shows_crossed_escalation_line_not_yet_escalated(client_for, make_complaint, advance, supervisor):
    received = timezone.now() - 40 * DAY
    complaint = advance(make_complaint(now=received), "signed", at=received)
    complaint.handle_due = timezone.now() + 10 * DAY
    complaint.save(update_fields=["handle_due", *WORKFLOW.schedule(complaint)])
    row = client_for(supervisor).get(reverse("complaints:board")).context["page_obj"][0]
    assert row.next_step == "escalate"


def test_board_shows_policy_in_force_and_calendar_fallback(client_for, supervisor, monkeypatch):
    policy = ComplaintPolicy.current()
    policy.working_days = True
    policy.save()
    monkeypatch.setattr("complaints.views.calendar_has_data", lambda year: False)
    content = client_for(supervisor).get(reverse("complaints:board")).content.decode()
    assert "工作日" in content and "只跳过周末" in content


@pytest.mark.parametrize("rows", [3, 30])
def test_board_query_count_does_not_grow_with_rows(client_for, make_complaint, supervisor, rows,
                                                   django_assert_max_num_queries):
    received = timezone.now() - datetime.timedelta(hours=1)
    for _ in range(rows):
        make_complaint(now=received)
    client = client_for(supervisor)
    # One reads the supervisor's estates (issue 14), one the departments' names for the counts (issue 15).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("complaints:board"))
    assert len(response.context["page_obj"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(client_for, make_complaint, clerk, rows,
                                                  django_assert_max_num_queries):
    for _ in range(rows):
        make_complaint()
    client = client_for(clerk)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("complaints:list"))
    assert len(response.context["page_obj"]) == rows


def test_manager_changes_working_days_setting(client_for, manager, supervisor):
    assert client_for(supervisor).post(reverse("complaints:policy"), {}).status_code == 403
    client = client_for(manager)
    client.post(reverse("complaints:policy"), {"working_days": "on", "warning_lead_minutes": 30})
    policy = ComplaintPolicy.current()
    assert policy.working_days and policy.warning_lead_minutes == 30


def test_printable_form_and_register(client_for, make_complaint, advance, supervisor):
    complaint = advance(make_complaint(now=timezone.now()), "handled", at=timezone.now())
    client = client_for(supervisor)
    assert "住户投诉意见表" in client.get(reverse("complaints:print_form", args=[complaint.pk])).content.decode()
    month = timezone.localdate()
    content = client.get(reverse("complaints:print_register"),
                         {"kind": "month", "year": month.year, "month": month.month}).content.decode()
    assert "投诉处理记录表" in content and complaint.number in content


def test_user_without_role_gets_403(client_for, make_user):
    assert client_for(make_user(None, username="norole")).get(reverse("complaints:list")).status_code == 403


def test_complaint_from_help_request_is_graded_then_dispatched_in_the_ui(client_for, clerk, department):
    complaint = register(
        by=clerk, channel="phone", description="保安态度差", complainant_name="王芳", complainant_phone="13700001111",
    )
    client = client_for(clerk)
    steps = offered(client.get(complaint.get_absolute_url()))
    assert "grade" in steps and "dispatch" not in steps
    act(client, complaint, "grade", level="important")
    steps = offered(client.get(complaint.get_absolute_url()))
    assert "dispatch" in steps and "forward" in steps
    act(client, complaint, "dispatch", department=department.pk)
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED and complaint.handle_due is not None

"""The help-request workflow declaration (requests_app.workflow): every edge, and the rules it carries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from requests_app import services
from requests_app.models import Category, HelpRequest, Responsibility, Status
from requests_app.workflow import WORKFLOW
from tests.factories import photo_upload
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def users(make_user, engineering):
    roles = [Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.VICE_GENERAL_MANAGER,
             Role.GENERAL_MANAGER, Role.QUALITY]
    found = {str(role): make_user(role, username=f"edge_{role}") for role in roles}
    return found | {"department head": engineering.head, "no role": make_user(None, username="edge_none")}


def _data(engineering):
    return {
        "refer": {"note": "住户要求赔偿"},
        "reply": {"reply": "马上安排"},
        "written-reply": {"text": "书面答复"},
        "assign": {"department": engineering.pk, "handler": engineering.head.pk},
        "handle": {"result": "已处理"},
        "complete-repair": {"work_done": "更换阀芯", "verdict": "satisfied", "trial_run_days": "7"},
        "close": {"note": "电话告知"},
        "sign-off": {},
        "emergency": {"emergency_choice": "call_120", "checklist": ["called_120"]},
        "paid": {"paid_service": "on", "fee": "50"},
        "attach": {"file": photo_upload(), "description": "厨房水槽下漏水"},
    }


def _record_in(make_request, engineering, clerk, supervisor, now, category=Category.OTHER):
    def record_in(state):
        hr = make_request(category, department=engineering, at=now)
        if state == Status.REFERRED:
            hr = services.refer_to_supervisor(help_request=hr, by=clerk, now=now)
        if state in (Status.REPLIED, Status.ASSIGNED, Status.HANDLED, Status.CLOSED):
            hr = services.record_reply(help_request=hr, by=clerk, reply="好", now=now)
        if state in (Status.ASSIGNED,):
            hr = services.assign_request(help_request=hr, by=clerk, department=engineering, now=now)
        if state in (Status.HANDLED, Status.CLOSED):
            if category == Category.REPAIR:
                hr = services.complete_repair(help_request=hr, by=clerk, work_done="好", verdict="satisfied", now=now)
            else:
                hr = services.handle_request(help_request=hr, by=clerk, result="好", now=now)
        if state == Status.CLOSED:
            hr = services.close_request(help_request=hr, by=clerk, now=now)
        return hr

    return record_in


def test_every_edge_of_a_help_request(make_request, users, engineering, clerk, supervisor, now):
    walked = walk_every_edge(
        WORKFLOW, record_in=_record_in(make_request, engineering, clerk, supervisor, now), users=users,
        data=_data(engineering), now=now,
    )
    assert len(walked) == len(Status) * len([a for a in WORKFLOW.actions if a.service]) * len(users)


def test_every_edge_of_a_repair_before_it_is_handled(make_request, users, engineering, clerk, supervisor, now):
    walk_every_edge(
        WORKFLOW, record_in=_record_in(make_request, engineering, clerk, supervisor, now, Category.REPAIR),
        users=users, data=_data(engineering), now=now, states=[Status.RECEIVED, Status.REPLIED, Status.ASSIGNED],
    )


def test_every_edge_of_an_archived_request(make_request, users, engineering, clerk, supervisor, now):
    last_year = now.replace(year=now.year - 1)
    walk_every_edge(
        WORKFLOW, record_in=_record_in(make_request, engineering, clerk, supervisor, last_year), users=users,
        data=_data(engineering), now=now, states=[Status.RECEIVED],
    )


# ---- the rules the declaration carries (issue 9) -------------------------------------------------

def test_gt_repair_coordination_is_a_tracked_deadline(make_request, client_for, clerk, supervisor, engineering, now):
    gt = make_request(Category.REPAIR, responsibility=Responsibility.COORDINATION, department=engineering)
    assert gt.coordination_due_at == now + 2 * DAY
    assert (gt.next_step, gt.next_due) == ("coordination", now + 2 * DAY)
    assert services.warn_due(now=now + 2 * DAY + MIN) == 2  # the department head and the supervisor
    assert set(Notification.objects.filter(step="coordination").values_list("recipient", flat=True)) == {
        supervisor.pk, engineering.head.pk,
    }
    board = client_for(supervisor).get(reverse("requests_app:supervisor")).context["board"]
    assert list(board["coordination"]) == [gt]
    done = services.complete_repair(help_request=gt, by=clerk, work_done="协调完毕", verdict="satisfied", now=now + DAY)
    assert done.next_due is None and not Notification.objects.filter(done_at__isnull=True, step="coordination").exists()


def test_serious_emergency_reaches_the_security_head_the_supervisor_and_the_manager(
    make_request, security, supervisor, manager
):
    make_request(Category.EMERGENCY, serious=True, department=security)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {security.head.username, supervisor.username, manager.username}


def test_an_urgent_event_routed_elsewhere_still_reaches_the_security_head(make_request, security, engineering,
                                                                          supervisor, manager):
    make_request(Category.DISASTER, matter="地下车库水浸", department=engineering)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert security.head.username in told and {supervisor.username, manager.username} <= told


def test_help_request_detail_needs_a_role(client_for, make_user, make_request):
    response = client_for(make_user(None, username="norole")).get(make_request().get_absolute_url())
    assert response.status_code == 403


def test_complaint_help_request_carries_every_typed_field_to_the_complaint(client_for, clerk, resident, unit,
                                                                          engineering):
    response = client_for(clerk).post(reverse("requests_app:create"), {
        "unit": unit.pk, "resident": resident.pk, "channel": "visit", "category": "complaint",
        "matter": "维修工弄脏地板", "level": "important", "complaint_category": "repair",
        "occurred_at": "2026-03-09T15:00", "occurred_place": "3-1202 客厅", "complained_departments": [engineering.pk],
        "complained_person": "维修工小王", "demand": "道歉并清洁", "requested_deadline": "",
    })
    assert response.status_code == 302
    complaint = HelpRequest.objects.get().complaint
    assert (complaint.level, complaint.category, complaint.occurred_place, complaint.complained_person,
            complaint.demand) == ("important", "repair", "3-1202 客厅", "维修工小王", "道歉并清洁")
    assert timezone.localtime(complaint.occurred_at).hour == 15 and list(complaint.complained_departments.all()) == [engineering]
    assert complaint.forward_due is not None and complaint.handle_due is not None

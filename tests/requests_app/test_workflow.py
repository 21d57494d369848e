"""The help-request workflow declaration (requests_app.workflow): every edge, and the rules it carries."""

import datetime

import pytest

from core.roles import Role
from requests_app import services
from requests_app.models import Category, Status
from requests_app.workflow import WORKFLOW
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


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

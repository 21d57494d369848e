"""The rectification workflow declaration (surveys.workflows.rectification): every (state, step, role) edge,
and who may take each step."""

import datetime

import pytest
from django.utils import timezone

from core.roles import Role
from surveys.choices import RectificationStatus
from surveys.services import rectification as services
from surveys.workflows.rectification import WORKFLOW, is_archived
from tests.factories import DepartmentFactory, UserFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import DAY, U, at, make_survey
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(staff, cleaning, estate):
    member = UserFactory(role=Role.CLERK, username="f_cleaner", estates=[estate])
    cleaning.members.add(member)
    other_head = UserFactory(role=Role.DEPARTMENT_HEAD, username="f_other_head", estates=[estate])
    DepartmentFactory(name="保安部", estate=estate, head=other_head)
    return {str(role): user for role, user in staff.items()} | {
        "member of the department": member, "another department's head": other_head,
        "no role": UserFactory(username="f_none", estates=[estate]),
    }


def _data(cleaning):
    return {
        "progress": {"note": "已增加保洁频次"},
        "plan": {"measure": "更换保洁外包单位", "department": cleaning.pk,
                 "due_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()},
        "complete": {"result": "楼道每日保洁两次"},
    }


def test_every_edge_of_a_rectification(estate, cleaning, staff, users, now):
    plans = iter([make_survey(estate, [{"保洁服务": U}], building=str(n)) for n in range(2)])

    def record_in(state):
        [rectification] = services.open_rectifications(plan=next(plans), by=staff[Role.SUPERVISOR], now=now)
        if state == RectificationStatus.DONE:
            rectification = services.complete_rectification(rectification=rectification, result="已整改",
                                                             by=staff[Role.DEPARTMENT_HEAD], now=now + DAY)
        return rectification

    walked = walk_every_edge(WORKFLOW, record_in=record_in, users=users, data=_data(cleaning), now=now)
    assert len(walked) == len(RectificationStatus) * len([a for a in WORKFLOW.actions if a.service]) * len(users)


def _may(users, rectification, name):
    return {label for label, user in users.items() if WORKFLOW.may(user, rectification, WORKFLOW.action(name))}


def test_progress_is_recorded_by_the_departments_people_the_supervisor_and_the_manager(users, rectification):
    assert _may(users, rectification, "progress") == {"department_head", "member of the department", "supervisor",
                                                       "manager"}


def test_only_the_supervisor_and_the_manager_set_the_measure_department_and_deadline(users, rectification):
    assert _may(users, rectification, "plan") == {"supervisor", "manager"}


def test_only_the_departments_head_reports_it_rectified(users, rectification):
    assert _may(users, rectification, "complete") == {"department_head"}


def test_nobody_reopens_a_rectification_by_hand(users, done, now):
    assert all("reopen" not in [a.name for a in WORKFLOW.available(user, done, now)] for user in users.values())
    assert WORKFLOW.action("reopen").service is None


def test_a_rectification_done_in_a_past_year_is_archived(done):
    assert is_archived(done, at("2027-01-02 09:00")) and not is_archived(done, at("2026-12-31 09:00"))


def test_an_open_rectification_is_never_archived(rectification):
    assert not is_archived(rectification, at("2030-01-01 09:00"))


@pytest.mark.parametrize("state", ["open", "done"])
def test_stored_next_step_equals_a_recomputation(request, state):
    record = request.getfixturevalue("rectification" if state == "open" else "done")
    stored = (record.next_due, record.next_step)
    WORKFLOW.schedule(record)
    assert stored == (record.next_due, record.next_step)
    assert (record.next_step == "rectify") == (state == "open")

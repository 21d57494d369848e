"""The callback workflow declaration (callbacks.workflow): every edge, and the rules it carries."""

import datetime

import pytest
from django.utils import timezone

from callbacks import services
from callbacks.choices import Result, Status
from callbacks.workflow import AFTER_CALLING, WORKFLOW
from core.roles import Role
from tests.callbacks.conftest import HOUR, callback_of, record
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db

SAMPLE_DATA = {
    "record": {"result": "satisfied", "method": "phone", "person_reached": "住户本人"},
    "answer": {"answer": "可以开具发票", "method": "phone"},
    "close_unreachable": {"note": "电话停机，上门无人"},
    "assign": {},  # filled with a clerk below
    "hand_back": {},  # filled with a clerk below
    "flag_meeting": {"meeting_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
                     "meeting_problem": "电梯老化"},
    "meeting_outcome": {"outcome": "工程部提交更换方案"},
}


@pytest.fixture
def users(make_user, engineering):
    roles = [Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.VICE_GENERAL_MANAGER,
             Role.GENERAL_MANAGER, Role.QUALITY]
    found = {str(role): make_user(role, username=f"edge_{role}") for role in roles}
    return found | {"department head": engineering.head, "no role": make_user(None, username="edge_none")}


def _record_in(make_told_complaint, clerk, supervisor, now, *, flagged=False):
    def record_in(state):
        callback = callback_of(make_told_complaint())
        later = now + 3 * HOUR
        if state in (Status.ESCALATED, Status.UNREACHABLE):
            for n in range(3):
                callback = record(callback, by=clerk, result=Result.NOT_REACHED, now=later + n * HOUR)
        if state == Status.UNREACHABLE:
            callback = services.close_unreachable(callback=callback, note="已搬离", by=supervisor, now=later + 4 * HOUR)
        if state == Status.AWAITING_ANSWER:
            callback = record(callback, by=clerk, question="能否开发票", answer_due=now + 3 * 24 * HOUR, now=later)
        if state == Status.DONE:
            callback = record(callback, by=clerk, now=later)
        if flagged:
            callback = services.flag_for_meeting(callback=callback, meeting_date=datetime.date(2026, 3, 16),
                                                 meeting_problem="电梯老化", by=clerk, now=later + 5 * HOUR)
        return callback

    return record_in


def test_every_edge_of_a_callback(make_told_complaint, users, clerk, supervisor, now):
    data = SAMPLE_DATA | {"assign": {"assignee": users["clerk"].pk}, "hand_back": {"assignee": users["clerk"].pk}}
    walked = walk_every_edge(WORKFLOW, record_in=_record_in(make_told_complaint, clerk, supervisor, now), users=users,
                             data=data, now=now)
    assert len(walked) == len(Status) * len([a for a in WORKFLOW.actions if a.service]) * len(users)


def test_every_edge_of_a_callback_put_on_the_regular_meeting(make_told_complaint, users, clerk, supervisor, now):
    data = SAMPLE_DATA | {"assign": {"assignee": users["clerk"].pk}, "hand_back": {"assignee": users["clerk"].pk}}
    walk_every_edge(WORKFLOW, record_in=_record_in(make_told_complaint, clerk, supervisor, now, flagged=True),
                    users=users, data=data, now=now, states=sorted(AFTER_CALLING))


def test_while_it_is_being_called_the_record_form_puts_a_problem_on_the_meeting(make_told_complaint, clerk,
                                                                                 supervisor, now):
    callback = _record_in(make_told_complaint, clerk, supervisor, now)(Status.DUE)
    assert "flag_meeting" not in [action.name for action in WORKFLOW.available(clerk, callback, now)]


def test_stored_next_step_equals_a_recomputation_in_every_state(make_told_complaint, clerk, supervisor, now):
    record_in = _record_in(make_told_complaint, clerk, supervisor, now)
    for state in Status:
        callback = record_in(state)
        assert callback.status == state
        stored = (callback.next_due, callback.next_step)
        WORKFLOW.schedule(callback)
        assert stored == (callback.next_due, callback.next_step), state
        assert (callback.next_due is None) == (state in (Status.DONE, Status.UNREACHABLE))


def test_only_customer_service_and_the_manager_record_callbacks(make_told_complaint, users, now):
    callback = callback_of(make_told_complaint())
    action = WORKFLOW.action("record")
    may = {label for label, user in users.items() if WORKFLOW.may(user, callback, action)}
    assert may == {"clerk", "supervisor", "manager"}


def test_after_three_failed_tries_only_the_supervisor_and_the_manager_record(make_told_complaint, users, clerk,
                                                                            supervisor, now):
    callback = _record_in(make_told_complaint, clerk, supervisor, now)(Status.ESCALATED)
    action = WORKFLOW.action("record")
    assert {label for label, user in users.items() if WORKFLOW.may(user, callback, action)} == {"supervisor",
                                                                                              "manager"}

"""The complaint workflow declaration (complaints.workflow): every edge, and the rules it carries."""

import datetime

import pytest

from complaints import services
from complaints.choices import Level, MajorCriterion, Status
from complaints.workflow import WORKFLOW
from core.roles import Role
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

SAMPLE_DATA = {
    "edit": {"description": "电梯故障", "category": "repair"},
    "grade": {"level": "minor"},
    "mark_invalid": {"reason": "非管理处范围"},
    "dispatch": {},  # filled with the department below
    "forward": {},  # filled with the right person below
    "request_extension": {"reason": "等配件"},  # new_due filled below
    "decide_extension": {"approve": "yes"},
    "handle": {"process": "更换零件", "result": "已修复"},
    "answer": {"answer": "三日内解决"},
    "corrective_action": {"cause": "a", "remedy": "b", "corrective_action": "c", "verification": "d"},
    "inform": {"method": "phone"},
    "callback": {"satisfied": "yes"},
    "appeal": {"reason": "不同意"},
}


@pytest.fixture
def users(make_user, department):
    roles = [Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.VICE_GENERAL_MANAGER,
             Role.GENERAL_MANAGER, Role.QUALITY]
    found = {str(role): make_user(role, username=f"edge_{role}") for role in roles}
    return found | {"department head": department.head, "no role": make_user(None, username="edge_none")}


def _record_in(make_complaint, advance, supervisor, level, criterion=""):
    def record_in(state):
        complaint = make_complaint(level=level, major_criterion=criterion)
        steps = {Status.DISPATCHED: "dispatched", Status.SIGNED: "signed", Status.HANDLED: "handled",
                 Status.INFORMED: "informed", Status.CLOSED: "informed"}
        if state in steps:
            complaint = advance(complaint, steps[state])
        if state == Status.CLOSED:
            complaint = services.record_callback(complaint=complaint, satisfied=True, by=supervisor)
        return complaint

    return record_in


def _data(department, manager, general_manager, now):
    new_due = (now + 30 * DAY).strftime("%Y-%m-%dT%H:%M")
    return SAMPLE_DATA | {
        "dispatch": {"department": department.pk},
        "forward": {"to": general_manager.pk},
        "request_extension": {"reason": "等配件", "new_due": new_due},
    }


def test_every_edge_of_a_minor_complaint(make_complaint, advance, users, department, supervisor, manager,
                                        general_manager, now):
    walked = walk_every_edge(
        WORKFLOW, record_in=_record_in(make_complaint, advance, supervisor, Level.MINOR), users=users,
        data=_data(department, manager, general_manager, now), now=now,
    )
    with_buttons = [action for action in WORKFLOW.actions if action.service]
    assert len(walked) == len(Status) * len(with_buttons) * len(users)


def test_every_edge_of_a_major_complaint_before_it_is_closed(make_complaint, advance, users, department, supervisor,
                                                            manager, general_manager, now):
    open_states = [Status.RECEIVED, Status.DISPATCHED, Status.SIGNED, Status.HANDLED]
    data = _data(department, manager, general_manager, now) | {"grade": {"level": "major", "major_criterion": "b"}}
    walk_every_edge(
        WORKFLOW, record_in=_record_in(make_complaint, advance, supervisor, Level.MAJOR, MajorCriterion.LOSS),
        users=users, data=data, now=now, states=open_states,
    )


def test_stored_next_step_equals_a_recomputation_in_every_state(make_complaint, advance, supervisor, now):
    record_in = _record_in(make_complaint, advance, supervisor, Level.IMPORTANT)
    for state in Status:
        if state == Status.CLOSED:
            continue
        complaint = record_in(state)
        stored = (complaint.next_due, complaint.next_step)
        WORKFLOW.schedule(complaint)
        assert stored == (complaint.next_due, complaint.next_step), state


def test_closed_and_invalid_complaints_have_no_pending_step(make_complaint, advance, supervisor, manager):
    closed = services.record_callback(complaint=advance(make_complaint(), "informed"), satisfied=True, by=supervisor)
    invalid = make_complaint(is_valid=False, invalid_reason="非管理问题", level="")
    important = make_complaint(level=Level.IMPORTANT)
    services.mark_invalid(complaint=important, reason="查明非我司责任", by=supervisor)
    for complaint in (closed, invalid, important):
        complaint.refresh_from_db()
        assert WORKFLOW.pending(complaint) == [] and complaint.next_due is None
    assert services.warn_due_complaints(now=closed.received_at + 40 * DAY) == 0

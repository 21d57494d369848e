"""The complaint workflow declaration (complaints.workflow): every edge, and the rules it carries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from complaints import services
from complaints.choices import Level, MajorCriterion, Status
from complaints.workflow import WORKFLOW
from core.errors import WorkflowError
from core.models import Notification
from core.roles import Role
from core.timeline import timeline_for
from tests.complaints.conftest import SHANGHAI, register
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
MIN = datetime.timedelta(minutes=1)

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
    "escalate": {},
    "nudge": {"note": "请尽快"},
    "note": {"text": "已电话催促"},
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


# ---- the rules the declaration carries (issue 9) -------------------------------------------------

def test_major_complaint_cannot_close_without_the_definite_answer_and_forwarding_to_the_general_manager(
    make_complaint, advance, supervisor, general_manager, now
):
    complaint = advance(make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS), "informed")
    services.record_corrective_action(complaint=complaint, cause="a", remedy="b", corrective_action="c",
                                      verification="d", by=supervisor)
    with pytest.raises(WorkflowError) as refused:
        services.record_callback(complaint=complaint, satisfied=True, by=supervisor)
    assert len(refused.value.messages) == 2  # the forwarding and the definite answer
    services.forward_complaint(complaint=complaint, to=general_manager, by=supervisor)
    services.record_answer(complaint=complaint, answer="赔偿地板", by=supervisor)
    assert services.record_callback(complaint=complaint, satisfied=True, by=supervisor).status == Status.CLOSED


def test_important_complaint_cannot_close_without_forwarding_to_the_manager(make_complaint, advance, supervisor,
                                                                           manager):
    complaint = advance(make_complaint(level=Level.IMPORTANT), "informed")
    services.record_corrective_action(complaint=complaint, cause="a", remedy="b", corrective_action="c",
                                      verification="d", by=supervisor)
    with pytest.raises(WorkflowError):
        services.record_callback(complaint=complaint, satisfied=True, by=supervisor)
    services.forward_complaint(complaint=complaint, to=manager, by=supervisor)
    assert services.record_callback(complaint=complaint, satisfied=True, by=supervisor).status == Status.CLOSED


def test_once_graded_only_the_supervisor_may_call_a_complaint_not_valid(client_for, make_complaint, clerk, supervisor):
    graded = make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS)
    url = reverse("complaints:act", args=[graded.pk, "mark_invalid"])
    assert client_for(clerk).post(url, {"mark_invalid-reason": "不是我们的事"}).status_code == 403
    graded.refresh_from_db()
    assert graded.status == Status.RECEIVED and graded.is_valid
    services.mark_invalid(complaint=graded, reason="查明系市政责任", by=supervisor)
    ungraded = register(by=clerk, channel="phone", description="x", complainant_name="路人", complainant_phone="13900000000")
    assert services.mark_invalid(complaint=ungraded, reason="非管理范围", by=clerk).status == Status.CLOSED


def test_lowering_a_grade_needs_the_supervisor_and_a_reason_on_the_timeline(make_complaint, clerk, supervisor):
    complaint = make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS)
    with pytest.raises(PermissionDenied):
        services.grade_complaint(complaint=complaint, level=Level.MINOR, reason="复核", by=clerk)
    with pytest.raises(WorkflowError):
        services.grade_complaint(complaint=complaint, level=Level.MINOR, by=supervisor)
    lowered = services.grade_complaint(complaint=complaint, level=Level.MINOR, reason="复核后属设施局限", by=supervisor)
    assert lowered.level == Level.MINOR
    assert "复核后属设施局限" in timeline_for(lowered).filter(action="grade").last().note
    assert services.grade_complaint(complaint=lowered, level=Level.IMPORTANT, by=clerk).level == Level.IMPORTANT


def test_escalation_moves_the_handling_deadline_to_the_major_row(make_complaint, advance, now):
    complaint = advance(make_complaint(), "signed")
    later = now + 31 * DAY
    services.escalate_due_complaints(now=later)
    complaint.refresh_from_db()
    assert complaint.handle_due == later + 10 * DAY
    assert complaint.answer_due == later + 2 * DAY
    assert complaint.forward_due == datetime.datetime.combine(later.date() + DAY, datetime.time(), tzinfo=later.tzinfo)


def test_a_ten_minute_step_is_not_due_soon_the_moment_it_starts(make_complaint, now):
    make_complaint()  # dispatch due in 10 minutes
    assert services.warn_due_complaints(now=now + MIN) == 0
    assert services.warn_due_complaints(now=now + 6 * MIN) > 0  # within the last half of its 10 minutes
    assert all(n.step == "dispatch" for n in Notification.objects.all())


def test_the_same_day_ends_at_midnight(make_complaint, supervisor, general_manager):
    received = datetime.datetime(2026, 3, 10, 20, 0, tzinfo=SHANGHAI)
    complaint = make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS, now=received)
    done = datetime.datetime(2026, 3, 10, 23, 59, 30, tzinfo=SHANGHAI)
    forwarded = services.forward_complaint(complaint=complaint, to=general_manager, by=supervisor, now=done)
    assert forwarded.forwarded_at <= forwarded.forward_due


def test_taking_a_step_marks_its_notices_done(make_complaint, advance, department, now):
    complaint = advance(make_complaint(), "dispatched")
    services.warn_due_complaints(now=complaint.sign_due + MIN)
    notices = Notification.objects.filter(recipient=department.head, target_id=complaint.pk, step="sign")
    assert notices.exists() and not notices.filter(done_at__isnull=False).exists()
    services.sign_for_complaint(complaint=complaint, by=department.head, now=complaint.sign_due + 2 * MIN)
    assert not notices.filter(done_at__isnull=True).exists()
    assert not notices.filter(read_at__isnull=True).exists()


def test_reception_fields_can_be_completed_while_at_reception_and_the_timeline_says_what(
    client_for, clerk, department
):
    complaint = register(by=clerk, channel="phone", description="保安态度差", complainant_name="王芳",
                         complainant_phone="13700001111")
    url = reverse("complaints:act", args=[complaint.pk, "edit"])
    client_for(clerk).post(url, {
        "edit-complainant_name": "王芳", "edit-complainant_phone": "13700001111", "edit-description": "保安态度差",
        "edit-occurred_place": "北门岗亭", "edit-demand": "道歉", "edit-departments": [department.pk],
        "edit-category": "security",
    })
    complaint.refresh_from_db()
    assert (complaint.occurred_place, complaint.demand, complaint.category) == ("北门岗亭", "道歉", "security")
    assert list(complaint.complained_departments.all()) == [department]
    note = timeline_for(complaint).get(action="edit").note
    assert "发生地点" in note and "被投诉部门" in note and "投诉内容" not in note

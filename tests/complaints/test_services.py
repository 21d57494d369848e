"""The workflow: every step a service function with a timeline entry (SPEC §4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from complaints import services
from complaints.choices import Level, MajorCriterion, Status
from complaints.models import ACCEPTED_LATE, Complaint, ComplaintExtension, ComplaintPolicy
from complaints.workflow import WORKFLOW
from core.channels import Channel
from core.errors import TransitionError, WorkflowError
from core.models import Notification
from core.timeline import timeline_for
from tests.complaints.conftest import register

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def actions(complaint):
    return [event.action for event in timeline_for(complaint)]


def test_register_assigns_ts_number_and_due_times(make_complaint, now):
    complaint = make_complaint()
    assert complaint.number == "TS2026-00001"
    assert complaint.received_at == now
    assert complaint.dispatch_due == now + 10 * MIN
    assert complaint.handle_due == now + 2 * DAY
    assert complaint.estate == complaint.unit.building.estate
    assert complaint.complainant_name == "张伟"
    assert actions(complaint) == ["received", "grade"]


def test_register_contract_for_help_requests_without_level(clerk, now):
    complaint = register(
        by=clerk, channel=Channel.PHONE, description="噪音", complainant_name="路人", complainant_phone="13900000000",
        now=now,
    )
    assert complaint.level == ""
    assert complaint.handle_due is None
    assert not WORKFLOW.allows(complaint, WORKFLOW.action("dispatch"))
    graded = services.grade_complaint(complaint=complaint, level=Level.IMPORTANT, by=clerk, now=now + MIN)
    assert graded.handle_due == now + 3 * DAY
    assert graded.forward_due == now + HOUR
    assert WORKFLOW.allows(graded, WORKFLOW.action("dispatch"))


def test_complaint_accepted_within_24_hours_of_reaching_the_office(make_complaint, now):
    on_time = make_complaint(channel=Channel.SUGGESTION_BOX, submitted_at=now - 23 * HOUR)
    late = make_complaint(channel=Channel.LETTER, submitted_at=now - 25 * HOUR)
    assert not on_time.accepted_late
    assert late.accepted_late
    assert list(Complaint.objects.filter(ACCEPTED_LATE)) == [late]
    assert "24" in timeline_for(late)[0].note


def test_only_deferred_channels_have_an_earlier_arrival_time(make_complaint, now):
    with pytest.raises(WorkflowError):
        make_complaint(channel=Channel.VISIT, submitted_at=now - HOUR)
    with pytest.raises(WorkflowError):
        make_complaint(channel=Channel.LETTER, submitted_at=now + HOUR)
    assert not Complaint.objects.exists()


def test_major_requires_criterion(make_complaint):
    with pytest.raises(WorkflowError):
        make_complaint(level=Level.MAJOR)
    complaint = make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS)
    assert complaint.answer_due is not None


def test_not_valid_complaint_is_answered_and_closed_with_reason(make_complaint):
    complaint = make_complaint(is_valid=False, invalid_reason="属市政供水问题，已告知住户联系水务公司")
    assert complaint.status == Status.CLOSED
    assert not complaint.is_valid
    assert "mark_invalid" in actions(complaint)
    # Notes and files (issue 11: the resident's letter) may still be added to the record; nothing else.
    allowed = [action.name for action in WORKFLOW.actions if WORKFLOW.allows(complaint, action)]
    assert allowed == ["note", "attach", "withdraw-attachment"]


def test_not_valid_needs_reason(make_complaint):
    with pytest.raises(WorkflowError):
        make_complaint(is_valid=False, invalid_reason=" ")


def test_full_workflow_received_to_closed_after_callback(make_complaint, advance, supervisor, now):
    complaint = advance(make_complaint(), "informed")
    assert complaint.status == Status.INFORMED
    assert complaint.signed_by is not None and complaint.signed_at == now
    closed = services.record_callback(complaint=complaint, satisfied=True, by=supervisor, now=now + HOUR)
    assert closed.status == Status.CLOSED
    assert closed.closed_at == now + HOUR
    assert actions(closed) == ["received", "grade", "dispatch", "sign", "handle", "inform", "callback_scheduled",
                               "closed"]


def test_dispatch_sets_department_and_sign_due(make_complaint, advance, department, now):
    complaint = advance(make_complaint(), "dispatched", at=now + 5 * MIN)
    assert complaint.department == department
    assert complaint.sign_due == now + 15 * MIN


def test_illegal_move_is_rejected(make_complaint, advance, department):
    complaint = advance(make_complaint(), "dispatched")
    with pytest.raises(TransitionError):
        services.record_handling(complaint=complaint, process="", result="x", by=department.head)
    assert Complaint.objects.get().status == Status.DISPATCHED


def test_only_department_staff_sign_for(make_complaint, advance, make_user):
    complaint = advance(make_complaint(), "dispatched")
    outsider = make_user("department_head", username="other_head")
    with pytest.raises(PermissionDenied):
        services.sign_for_complaint(complaint=complaint, by=outsider)


def test_department_member_may_sign_for(make_complaint, advance, department, make_user):
    member = make_user("department_head", username="member")
    department.members.add(member)
    complaint = services.sign_for_complaint(complaint=advance(make_complaint(), "dispatched"), by=member)
    assert complaint.signed_by == member


def test_handled_sets_same_day_inform_due(make_complaint, advance, now):
    complaint = advance(make_complaint(), "handled")
    assert complaint.inform_due == datetime.datetime.combine(now.date() + DAY, datetime.time(), tzinfo=now.tzinfo)


def test_unsatisfied_callback_sends_back_to_handling(make_complaint, advance, supervisor, now):
    complaint = advance(make_complaint(), "informed")
    later = now + DAY
    back = services.record_callback(complaint=complaint, satisfied=False, note="仍漏水", by=supervisor, now=later)
    assert back.status == Status.SIGNED
    assert back.handled_at is None
    assert back.handle_due == later + 2 * DAY
    assert "callback_unsatisfied" in actions(back)


def test_appeal_reopens_the_case_with_appeal_recorded(make_complaint, advance, supervisor, clerk, now):
    closed = services.record_callback(complaint=advance(make_complaint(), "informed"), satisfied=True, by=supervisor)
    reopened = services.appeal_complaint(complaint=closed, reason="不同意处理结果", by=clerk, now=now + DAY)
    assert reopened.status == Status.SIGNED
    assert reopened.appeal_count == 1
    assert timeline_for(reopened).get(action="appeal").note == "不同意处理结果"


def test_important_complaint_cannot_close_without_corrective_action(make_complaint, advance, supervisor, manager):
    complaint = advance(make_complaint(level=Level.IMPORTANT), "informed")
    services.forward_complaint(complaint=complaint, to=manager, by=supervisor)
    with pytest.raises(WorkflowError):
        services.record_callback(complaint=complaint, satisfied=True, by=supervisor)
    services.record_corrective_action(
        complaint=complaint, cause="巡检漏项", remedy="当日修复", corrective_action="增加巡检频次",
        verification="一周复查无再发", by=manager,
    )
    assert services.record_callback(complaint=complaint, satisfied=True, by=supervisor).status == Status.CLOSED


def test_corrective_action_not_for_minor(make_complaint, manager):
    with pytest.raises(TransitionError):
        services.record_corrective_action(
            complaint=make_complaint(), cause="a", remedy="b", corrective_action="c", verification="d", by=manager
        )


def test_forward_important_to_manager(make_complaint, clerk, manager, now):
    complaint = make_complaint(level=Level.IMPORTANT)
    forwarded = services.forward_complaint(complaint=complaint, to=manager, by=clerk, now=now + 30 * MIN)
    assert forwarded.forwarded_to == manager
    with pytest.raises(TransitionError):
        services.forward_complaint(complaint=forwarded, to=manager, by=clerk)


def test_minor_complaint_is_not_forwarded(make_complaint, clerk, manager):
    with pytest.raises(TransitionError):
        services.forward_complaint(complaint=make_complaint(), to=manager, by=clerk)


def test_major_definite_answer_recorded(make_complaint, general_manager, now):
    complaint = make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS)
    answered = services.record_answer(complaint=complaint, answer="三日内赔偿", by=general_manager, now=now + DAY)
    assert answered.answered_at == now + DAY


def test_minor_extension_needs_manager_approval(make_complaint, advance, department, manager, general_manager, now):
    complaint = advance(make_complaint(), "signed")
    new_due = complaint.handle_due + 3 * DAY
    services.request_extension(complaint=complaint, reason="等配件", new_due=new_due, by=department.head)
    with pytest.raises(PermissionDenied):
        services.decide_extension(complaint=complaint, approve=True, by=general_manager)
    services.decide_extension(complaint=complaint, approve=True, by=manager, now=now + HOUR)
    complaint.refresh_from_db()
    assert complaint.handle_due == new_due
    assert ComplaintExtension.objects.get().decision == ComplaintExtension.Decision.APPROVED


def test_important_extension_needs_general_manager_approval(make_complaint, advance, department, manager,
                                                             general_manager):
    complaint = advance(make_complaint(level=Level.IMPORTANT), "signed")
    old_due = complaint.handle_due
    services.request_extension(complaint=complaint, reason="外包单位排期", new_due=old_due + DAY, by=department.head)
    with pytest.raises(PermissionDenied):
        services.decide_extension(complaint=complaint, approve=True, by=manager)
    services.decide_extension(complaint=complaint, approve=False, note="不同意", by=general_manager)
    complaint.refresh_from_db()
    assert complaint.handle_due == old_due
    assert "extension_refused" in actions(complaint)


def test_major_complaint_cannot_be_extended(make_complaint, advance, department):
    complaint = advance(make_complaint(level=Level.MAJOR, major_criterion=MajorCriterion.LOSS), "signed")
    with pytest.raises(WorkflowError):
        services.request_extension(complaint=complaint, reason="x", new_due=complaint.handle_due + DAY,
                                   by=department.head)


def test_extension_new_date_must_be_later(make_complaint, advance, department):
    complaint = advance(make_complaint(), "signed")
    with pytest.raises(WorkflowError):
        services.request_extension(complaint=complaint, reason="x", new_due=complaint.handle_due, by=department.head)


def test_unresolved_one_month_escalates_to_major_criterion_c(make_complaint, advance, now):
    complaint = advance(make_complaint(), "signed")
    assert services.escalate_due_complaints(now=now + 27 * DAY) == 0
    later = now + 31 * DAY
    assert services.escalate_due_complaints(now=later) == 1
    complaint.refresh_from_db()
    assert complaint.level == Level.MAJOR
    assert complaint.major_criterion == MajorCriterion.UNRESOLVED_MONTH
    assert complaint.escalated_at == later
    assert "escalate" in actions(complaint)


def test_escalation_is_idempotent(make_complaint, now):
    make_complaint()
    assert services.escalate_due_complaints(now=now + 40 * DAY) == 1
    assert services.escalate_due_complaints(now=now + 40 * DAY + MIN) == 0
    assert Complaint.objects.get().level == Level.MAJOR


def test_resolved_or_invalid_complaints_are_not_escalated(make_complaint, advance, now):
    advance(make_complaint(), "handled")
    make_complaint(is_valid=False, invalid_reason="非管理问题")
    assert services.escalate_due_complaints(now=now + 60 * DAY) == 0


def test_repeat_complaint_same_unit_same_department_within_30_days_is_flagged(make_complaint, advance, now):
    advance(make_complaint(), "dispatched")
    second = advance(make_complaint(now=now + 20 * DAY), "dispatched", at=now + 20 * DAY)
    assert second.repeat_flag
    third = advance(make_complaint(now=now + 70 * DAY), "dispatched", at=now + 70 * DAY)
    assert not third.repeat_flag


def test_working_days_setting_changes_day_limits(make_complaint, manager):
    services.update_policy(working_days=True, warning_lead_minutes=60, by=manager)
    friday = datetime.datetime(2026, 3, 13, 9, 0, tzinfo=datetime.UTC)
    complaint = make_complaint(now=friday)
    assert complaint.handle_due == friday + 4 * DAY  # Saturday and Sunday skipped
    assert ComplaintPolicy.current().working_days


def test_warnings_once_when_due_soon_and_again_when_overdue(make_complaint, advance, supervisor, department, now):
    complaint = advance(make_complaint(), "signed")
    soon = complaint.handle_due - 30 * MIN
    assert services.warn_due_complaints(now=soon) == 2  # supervisor + department head
    assert services.warn_due_complaints(now=soon + MIN) == 0
    late = complaint.handle_due + MIN
    assert services.warn_due_complaints(now=late) == 2
    assert services.warn_due_complaints(now=late + HOUR) == 0
    assert Notification.objects.filter(recipient=department.head, step="handle").count() == 2
    assert Notification.objects.filter(recipient=supervisor, message__contains=complaint.number).count() == 2


def test_department_is_notified_on_dispatch(make_complaint, advance, department):
    complaint = advance(make_complaint(), "dispatched")
    assert Notification.objects.get(recipient=department.head).url == complaint.get_absolute_url()


def test_overdue_warning_also_goes_by_email(make_complaint, advance, supervisor, department, mailoutbox,
                                            django_capture_on_commit_callbacks):
    complaint = advance(make_complaint(), "signed")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.warn_due_complaints(now=complaint.handle_due + MIN)
    recipients = {address for message in mailoutbox for address in message.to}
    assert {supervisor.email, department.head.email} <= recipients
    assert complaint.number in mailoutbox[0].subject

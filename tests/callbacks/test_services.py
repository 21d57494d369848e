"""Every source makes its callback due through one function, and every verdict reaches the source
(SPEC §6, issue 13)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from callbacks import services
from callbacks.choices import Method, Result, SourceKind, Status
from callbacks.models import Callback, CallbackAttempt, CallbackPolicy
from callbacks.workflow import WORKFLOW
from complaints import services as complaint_services
from complaints.choices import Level
from complaints.choices import Status as ComplaintStatus
from core.errors import WorkflowError
from core.jobs import periodic_jobs
from core.models import Notification
from core.timeline import timeline_for
from requests_app import services as request_services
from requests_app.models import Status as RequestStatus
from requests_app.workflow import WORKFLOW as REQUEST_WORKFLOW
from residents.models import Resident
from tests.callbacks.conftest import DAY, HOUR, SHANGHAI, callback_of, record
from tests.factories import OccupancyFactory, ResidentFactory, UnitFactory

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def actions(record):
    return [event.action for event in timeline_for(record)]


# ---- what makes a callback due, and when ----------------------------------------------------------

def test_satisfied_repair_is_called_back_by_phone_when_its_trial_run_ends(make_repair, engineering, now):
    repair = make_repair("satisfied", trial_run_days=7)
    callback = callback_of(repair)
    assert callback.kind == SourceKind.REPAIR and callback.number == "HF2026-00001"
    assert callback.due_at == at("2026-03-17 20:00") == callback.next_due  # completed 10:00, 7 days' trial run
    assert callback.planned_method == Method.PHONE and callback.status == Status.DUE
    assert (callback.department, callback.contact_name, callback.contact_phone) == (engineering, "张伟华", "13812345678")
    assert callback.source_label == repair.number and "更换阀芯" in callback.subject
    assert "callback_scheduled" in actions(repair)


def test_unsatisfied_repair_is_called_back_at_once_by_phone_or_visit(make_repair, now):
    callback = callback_of(make_repair("unsatisfied"))
    assert callback.due_at == now + HOUR + CallbackPolicy.current().immediate
    assert callback.planned_method == ""  # phone or visit


def test_trial_run_default_is_the_office_setting(make_repair, clerk):
    policy = CallbackPolicy.current()
    policy.repair_trial_run_days = 3
    policy.save()
    repair = make_repair("satisfied", trial_run_days=None)
    assert repair.repair_order.trial_run_days == 3
    assert callback_of(repair).due_at == at("2026-03-13 20:00")
    assert REQUEST_WORKFLOW.action("complete-repair").initial(repair) == {"trial_run_days": 3}


def test_complaint_told_is_called_back_the_next_working_day(make_told_complaint, engineering):
    complaint = make_told_complaint()
    callback = callback_of(complaint)
    assert callback.kind == SourceKind.COMPLAINT and callback.due_at == at("2026-03-11 20:00")
    assert (callback.department, callback.unit, callback.contact_name) == (engineering, complaint.unit, "张伟华")
    assert callback.source_label == complaint.number


def test_the_next_working_day_is_an_office_setting(make_told_complaint):
    policy = CallbackPolicy.current()
    policy.follow_up_working_days = 2
    policy.save()
    assert callback_of(make_told_complaint()).due_at == at("2026-03-12 20:00")


def test_a_rectification_is_called_back_once_per_unit_that_was_unsatisfied(stand_in_sources, clerk, engineering, now):
    task = engineering.estate  # stands in for the surveys app's rectification task
    units = [UnitFactory(building__estate=task, building__name=f"R{n}") for n in range(3)]
    moved_in = datetime.date(2020, 1, 1)
    OccupancyFactory(unit=units[0], resident=ResidentFactory(name="租户乙", kind=Resident.Kind.TENANT), moved_in=moved_in)
    owner = OccupancyFactory(unit=units[0], resident=ResidentFactory(name="业主甲", kind=Resident.Kind.OWNER),
                             moved_in=moved_in).resident
    made = [
        services.schedule_callback(kind=SourceKind.RECTIFICATION, source=task, unit=unit, department=engineering,
                                   subject="保洁服务整改完成", by=clerk, now=now)
        for unit in units
    ]
    assert len({c.pk for c in made}) == 3 and all(c.due_at == at("2026-03-11 20:00") for c in made)
    assert (made[0].resident, made[0].contact_name) == (owner, "业主甲")  # the unit's owner is called
    assert made[1].contact_name == "" and made[1].estate == task
    # Scheduling again (a retried request) makes no second callback for the same unit.
    again = services.schedule_callback(kind=SourceKind.RECTIFICATION, source=task, unit=units[0], by=clerk, now=now)
    assert again == made[0] and Callback.objects.count() == 3
    record(made[0], by=clerk, result=Result.UNSATISFIED, now=now + HOUR)
    assert stand_in_sources == [(SourceKind.RECTIFICATION, "unsatisfied", task.pk)]


def test_a_suggestion_slip_gets_a_phone_callback_by_the_clerk(stand_in_sources, clerk, supervisor, unit, now):
    slip = unit.building.estate  # stands in for the surveys app's suggestion slip
    callback = services.schedule_callback(kind=SourceKind.SUGGESTION, source=slip, contact_name="李先生",
                                          contact_phone="13900001111", subject="建议增设快递柜", assignee=clerk,
                                          by=clerk, now=now)
    assert callback.planned_method == Method.PHONE and callback.assignee == clerk
    record(callback, by=clerk, result=Result.VERY_SATISFIED, now=now + HOUR)
    assert stand_in_sources == [(SourceKind.SUGGESTION, "satisfied", slip.pk)]


def test_a_kind_no_installed_app_handles_is_refused(clerk, unit, now, monkeypatch):
    monkeypatch.setattr(apps.get_app_config("surveys"), "callback_sources", [])  # as if surveys were not installed
    with pytest.raises(LookupError):
        services.schedule_callback(kind=SourceKind.SUGGESTION, source=unit, by=clerk, now=now)


def test_a_repair_callback_needs_the_residents_verdict(make_repair, clerk, now):
    repair = make_repair()
    with pytest.raises(ValueError):
        services.schedule_callback(kind=SourceKind.REPAIR, source=repair, by=clerk, now=now)


# ---- recording: the verdict reaches the source --------------------------------------------------------

def test_satisfied_callback_closes_the_complaint(make_told_complaint, clerk, now):
    complaint = make_told_complaint()
    callback = record(callback_of(complaint), by=clerk, result=Result.FAIRLY_SATISFIED, comments="还可以",
                      now=now + DAY)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_at == now + DAY
    assert complaint.callback_satisfied is True  # what the complaint statistics read
    assert callback.status == Status.DONE and callback.next_due is None and callback.satisfied
    assert actions(complaint)[-2:] == ["callback_recorded", "closed"]
    assert "基本满意" in timeline_for(complaint)[len(actions(complaint)) - 2].note


def test_unsatisfied_callback_sends_the_complaint_back_to_handling_until_the_resident_is_satisfied(
    make_told_complaint, clerk, engineering, now
):
    complaint = make_told_complaint()
    first = record(callback_of(complaint), by=clerk, result=Result.VERY_UNSATISFIED, follow_up="电梯仍有异响",
                   now=now + DAY)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.SIGNED and complaint.callback_satisfied is False
    assert complaint.handle_due == now + DAY + 2 * DAY and complaint.next_step == "handle"
    assert Callback.objects.for_source(complaint).open().count() == 0  # none due until it is handled again
    complaint = complaint_services.record_handling(complaint=complaint, result="更换部件", by=engineering.head,
                                                   now=now + 2 * DAY)
    complaint = complaint_services.inform_resident(complaint=complaint, method="visit", by=clerk, now=now + 2 * DAY)
    second = callback_of(complaint)
    assert second != first and (second.round, second.follows) == (2, first)
    assert second.due_at == at("2026-03-13 20:00")
    record(second, by=clerk, result=Result.SATISFIED, now=now + 3 * DAY)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.callback_satisfied is True


def test_a_complaint_that_may_not_close_yet_refuses_the_callback_and_nothing_is_saved(make_told_complaint, clerk, now):
    complaint = make_told_complaint(Level.IMPORTANT)  # no corrective action recorded yet
    callback = callback_of(complaint)
    with pytest.raises(WorkflowError, match="纠正|corrective"):
        record(callback, by=clerk, result=Result.SATISFIED, now=now + DAY)
    callback.refresh_from_db()
    complaint.refresh_from_db()
    assert callback.status == Status.DUE and callback.result == "" and not CallbackAttempt.objects.exists()
    assert complaint.status == ComplaintStatus.INFORMED


def test_unsatisfied_callback_sends_the_repair_back_to_engineering_and_the_next_callback_follows_completion(
    make_repair, clerk, engineering, now
):
    repair = make_repair("unsatisfied")
    first = record(callback_of(repair), by=clerk, result=Result.UNSATISFIED, method=Method.VISIT,
                   follow_up="水龙头仍滴水", now=now + 2 * HOUR)
    repair.refresh_from_db()
    order = repair.repair_order
    assert repair.status == RequestStatus.ASSIGNED and repair.handled_at is None
    assert (order.completed_at, order.verdict) == (None, "")
    assert "callback_recorded" in actions(repair) and "reopen-repair" in actions(repair)
    told = Notification.objects.filter(recipient=engineering.head, step="complete-repair")
    assert told.exists() and "仍" in told.get().message
    repair = request_services.complete_repair(help_request=repair, by=engineering.head, work_done="更换整个龙头",
                                              verdict="satisfied", trial_run_days=3, now=now + DAY)
    second = callback_of(repair)
    assert (second.round, second.follows, second.due_at) == (2, first, at("2026-03-14 20:00"))
    record(second, by=clerk, result=Result.SATISFIED, now=at("2026-03-14 10:00"))
    repair.refresh_from_db()
    assert repair.status == RequestStatus.HANDLED  # satisfied: nothing reopens; the desk closes it as usual


def test_a_closed_and_signed_off_repair_reopens_too(make_repair, clerk, supervisor, now):
    repair = make_repair("satisfied")
    repair = request_services.close_request(help_request=repair, by=clerk, now=now + 2 * HOUR)
    repair = request_services.sign_off(help_request=repair, by=supervisor, now=now + 3 * HOUR)
    record(callback_of(repair), by=clerk, result=Result.UNSATISFIED, now=at("2026-03-17 15:00"))
    repair.refresh_from_db()
    assert repair.status == RequestStatus.ASSIGNED and repair.signed_off_at is None and repair.closed_at is None


def test_not_reached_is_retried_and_after_three_tries_goes_to_the_supervisor(make_told_complaint, clerk, supervisor,
                                                                             now):
    callback = callback_of(make_told_complaint())
    first_try = at("2026-03-11 10:00")
    callback = record(callback, by=clerk, result=Result.NOT_REACHED, now=first_try)
    assert (callback.status, callback.failed_tries, callback.call_due) == (Status.DUE, 1, at("2026-03-11 20:00"))
    assert callback.due_at == at("2026-03-11 20:00")  # the rule's due time stays for the callback rate
    callback = record(callback, by=clerk, result=Result.NOT_REACHED, now=at("2026-03-11 17:00"))
    assert (callback.status, callback.failed_tries, callback.call_due) == (Status.DUE, 2, at("2026-03-12 20:00"))
    callback = record(callback, by=clerk, result=Result.NOT_REACHED, method=Method.VISIT, now=at("2026-03-12 10:00"))
    assert callback.status == Status.ESCALATED and callback.escalated_at == at("2026-03-12 10:00")
    assert callback.call_due == at("2026-03-13 20:00") and callback.next_step == "call"
    assert Notification.objects.filter(recipient=supervisor, key=f"callback:{callback.pk}:escalated").exists()
    assert CallbackAttempt.objects.filter(callback=callback, result=Result.NOT_REACHED).count() == 3
    with pytest.raises(PermissionDenied):  # now the supervisor's
        record(callback, by=clerk, result=Result.SATISFIED, now=at("2026-03-12 18:00"))
    done = record(callback, by=supervisor, result=Result.SATISFIED, method=Method.VISIT, now=at("2026-03-12 19:00"))
    assert done.status == Status.DONE and done.escalated_at is not None


def test_the_supervisor_may_send_a_clerk_once_more_and_a_further_failed_try_comes_back(
    make_told_complaint, clerk, supervisor, now
):
    callback = callback_of(make_told_complaint())
    for hour in (10, 14, 18):
        callback = record(callback, by=clerk, result=Result.NOT_REACHED, now=at(f"2026-03-11 {hour}:00"))
    back = services.hand_back(callback=callback, assignee=clerk, by=supervisor, now=at("2026-03-12 09:00"))
    assert (back.status, back.assignee, back.call_due) == (Status.DUE, clerk, at("2026-03-12 20:00"))
    assert Notification.objects.filter(recipient=clerk, key__contains=":assigned:").exists()
    again = record(back, by=clerk, result=Result.NOT_REACHED, method=Method.VISIT, now=at("2026-03-12 19:00"))
    assert again.status == Status.ESCALATED and again.failed_tries == 4


def test_a_callback_waiting_only_for_its_promised_answer_does_not_hold_back_the_next_one(
    make_told_complaint, clerk, engineering, now
):
    complaint = make_told_complaint()
    first = record(callback_of(complaint), by=clerk, result=Result.UNSATISFIED, question="何时更换电梯",
                   answer_due=at("2026-03-13 17:00"), now=now + DAY)
    assert first.status == Status.AWAITING_ANSWER
    complaint.refresh_from_db()
    complaint = complaint_services.record_handling(complaint=complaint, result="更换部件", by=engineering.head,
                                                   now=now + 2 * DAY)
    complaint = complaint_services.inform_resident(complaint=complaint, method="phone", by=clerk, now=now + 2 * DAY)
    second = callback_of(complaint)
    assert second != first and second.status == Status.DUE and first.status == Status.AWAITING_ANSWER


def test_the_supervisor_closes_a_callback_nobody_can_be_reached_for(make_told_complaint, clerk, supervisor, now):
    complaint = make_told_complaint()
    callback = callback_of(complaint)
    for hour in (10, 14, 18):
        callback = record(callback, by=clerk, result=Result.NOT_REACHED, now=at(f"2026-03-11 {hour}:00"))
    with pytest.raises(PermissionDenied):
        services.close_unreachable(callback=callback, note="已搬离", by=clerk, now=at("2026-03-12 10:00"))
    closed = services.close_unreachable(callback=callback, note="电话停机，两次上门无人", by=supervisor,
                                        now=at("2026-03-12 10:00"))
    complaint.refresh_from_db()
    assert closed.status == Status.UNREACHABLE and closed.next_due is None
    assert complaint.status == ComplaintStatus.CLOSED and complaint.callback_satisfied is None
    assert "callback_unreachable" in actions(complaint)


def test_a_question_gets_an_agreed_answer_time_that_is_tracked_and_warned(make_repair, clerk, supervisor, now):
    callback = callback_of(make_repair("satisfied", trial_run_days=0))
    promised = at("2026-03-12 17:00")
    callback = record(callback, by=clerk, result=Result.SATISFIED, question="物业费能否开具发票", answer_due=promised,
                      now=at("2026-03-10 15:00"))
    assert callback.status == Status.AWAITING_ANSWER
    assert (callback.next_step, callback.next_due) == ("answer", promised)
    assert services.warn_due_callbacks(now=promised - HOUR) == 2  # the clerk who promised, and the supervisor
    assert services.warn_due_callbacks(now=promised - HOUR) == 0  # told once
    assert services.warn_due_callbacks(now=promised + MIN) == 2  # and again once overdue
    assert set(Notification.objects.filter(step="answer").values_list("recipient", flat=True)) == {clerk.pk,
                                                                                                   supervisor.pk}
    answered = services.record_answer(callback=callback, answer="可以开具电子发票", method=Method.PHONE, by=clerk,
                                      now=promised)
    assert answered.status == Status.DONE and answered.next_due is None
    assert not Notification.objects.filter(step="answer", done_at__isnull=True).exists()


def test_a_callback_falling_due_is_warned_to_the_assignee_and_the_supervisor(make_told_complaint, clerk, supervisor,
                                                                            make_user, now):
    callback = callback_of(make_told_complaint())
    other = make_user("clerk", username="t_clerk2")
    services.assign_callback(callback=callback, assignee=other, by=supervisor, now=now + 3 * HOUR)
    assert services.warn_due_callbacks(now=at("2026-03-11 12:00")) == 0
    assert services.warn_due_callbacks(now=at("2026-03-11 17:30")) == 2
    assert set(Notification.objects.filter(step="call", key__endswith=":soon").values_list("recipient", flat=True)) == {
        other.pk, supervisor.pk}


def test_a_serious_problem_goes_on_the_regular_meeting_and_its_decision_on_the_source(make_told_complaint, clerk,
                                                                                     supervisor, now):
    complaint = make_told_complaint()
    meeting = datetime.date(2026, 3, 16)
    callback = record(callback_of(complaint), by=clerk, result=Result.SATISFIED, serious=True, meeting_date=meeting,
                      meeting_problem="电梯老化，需整体更换", now=now + DAY)
    assert callback.meeting_date == meeting
    assert Notification.objects.filter(recipient=supervisor, key__contains=":meeting:").exists()
    decided = services.record_meeting_outcome(callback=callback, outcome="工程部3月底前提交更换方案",
                                              by=supervisor, now=at("2026-03-16 10:00"))
    assert decided.meeting_outcome_by == supervisor
    assert "callback_meeting" in actions(complaint)
    with pytest.raises(WorkflowError):
        WORKFLOW.check(supervisor, decided, WORKFLOW.action("meeting_outcome"), now)


def test_every_try_is_on_the_callbacks_and_the_sources_timeline(make_repair, clerk, now):
    repair = make_repair("satisfied", trial_run_days=0)
    callback = callback_of(repair)
    record(callback, by=clerk, result=Result.NOT_REACHED, now=now + 2 * HOUR)
    record(callback, by=clerk, result=Result.SATISFIED, now=now + 5 * HOUR)
    assert actions(callback) == ["received", "not_reached", "callback_recorded"]
    assert actions(repair)[-3:] == ["callback_scheduled", "callback_not_reached", "callback_recorded"]


def test_the_callback_warnings_are_a_periodic_job():
    assert "callbacks.services.warn_due_callbacks" in [path for path, _job in periodic_jobs()]


def test_the_office_setting_change_is_recorded(supervisor):
    policy = CallbackPolicy.current()
    policy.retry_hours = 2
    services.update_policy(policy=policy, by=supervisor)
    assert actions(policy) == ["updated"] and CallbackPolicy.current().retry_hours == 2

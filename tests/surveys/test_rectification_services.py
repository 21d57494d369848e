"""Rectification 整改措施 (issue 12): opened when a survey closes for every item rated unsatisfied above the
plan's threshold, for the item's department, with a deadline; done by the department head, which makes one
callback due per unsatisfied unit; an unsatisfied callback reopens it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from callbacks.choices import Result, SourceKind
from callbacks.choices import Status as CallbackStatus
from callbacks.models import Callback
from core.errors import WorkflowError
from core.models import Notification, TimelineEvent
from core.roles import Role
from residents.models import Department
from surveys.choices import RectificationStatus
from surveys.deadlines_followup import RECTIFICATION_DAYS
from surveys.models import Rectification
from surveys.services import rectification as services
from tests.factories import DepartmentFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import DAY, FS, HOUR, VS, VU, U, at, call, make_survey

pytestmark = pytest.mark.django_db


def _opened(plan, staff, now):
    return services.open_rectifications(plan=plan, by=staff[Role.SUPERVISOR], now=now)


def _names(rectifications):
    return sorted(r.item.name for r in rectifications)


# ---- which items -------------------------------------------------------------------------------------

def test_threshold_zero_rectifies_an_item_with_any_unsatisfied_answer(estate, cleaning, staff, now):
    plan = make_survey(estate, [{"保洁服务": U, "保安服务": VS}] + [{"保洁服务": VS, "保安服务": VS}] * 99)
    [opened] = _opened(plan, staff, now)
    assert (opened.item.name, opened.unsatisfied_count, opened.answers_count) == ("保洁服务", 1, 100)


def test_very_unsatisfied_counts_as_unsatisfied(estate, cleaning, staff, now):
    plan = make_survey(estate, [{"保洁服务": VU}, {"保洁服务": FS}])
    assert _names(_opened(plan, staff, now)) == ["保洁服务"]


def test_only_items_whose_unsatisfied_share_is_above_the_threshold_are_rectified(estate, cleaning, staff, now):
    # 保洁服务: 2 of 4 unsatisfied (50%); 保安服务: 1 of 4 (exactly 25%, not above); 车辆管理: none.
    rows = [{"保洁服务": U, "保安服务": U, "车辆管理": VS}, {"保洁服务": U, "保安服务": VS, "车辆管理": FS},
            {"保洁服务": VS, "保安服务": VS, "车辆管理": VS}, {"保洁服务": FS, "保安服务": FS, "车辆管理": VS}]
    plan = make_survey(estate, rows, threshold=Decimal("0.25"))
    assert _names(_opened(plan, staff, now)) == ["保洁服务"]


def test_an_item_nobody_rated_unsatisfied_or_nobody_rated_is_not_rectified(survey, staff, now):
    assert _names(_opened(survey, staff, now)) == ["保洁服务"]  # 保安服务 all satisfied, 车辆管理 never rated


def test_opening_twice_creates_nothing_new(survey, staff, now):
    first = _opened(survey, staff, now)
    assert _opened(survey, staff, now + HOUR) == []
    assert list(Rectification.objects.filter(plan=survey)) == first


def test_a_rectification_counts_the_items_answers_when_it_is_opened(rectification):
    assert (rectification.unsatisfied_count, rectification.answers_count) == (3, 4)
    assert rectification.unsatisfied_share == Decimal("0.75")


# ---- which department --------------------------------------------------------------------------------

def test_the_items_own_department_is_responsible(estate, cleaning, staff, now):
    own = DepartmentFactory(name="物业保洁外包组", kind=Department.Kind.OTHER, estate=estate)
    plan = make_survey(estate, [{"保洁服务": U}])
    plan.questionnaire.items.filter(name="保洁服务").update(department=own)
    [opened] = _opened(plan, staff, now)
    assert opened.department == own


def test_the_department_of_the_items_kind_in_the_estate_before_a_company_wide_one(estate, cleaning, staff, now):
    DepartmentFactory(name="公司保洁中心", kind=Department.Kind.CLEANING, estate=None)
    [opened] = _opened(make_survey(estate, [{"保洁服务": U}]), staff, now)
    assert opened.department == cleaning


def test_a_company_wide_department_of_the_kind_when_the_estate_has_none(estate, staff, now):
    company = DepartmentFactory(name="公司保洁中心", kind=Department.Kind.CLEANING, estate=None)
    DepartmentFactory(name="别处保洁部", kind=Department.Kind.CLEANING, estate=DepartmentFactory().estate)
    [opened] = _opened(make_survey(estate, [{"保洁服务": U}]), staff, now)
    assert opened.department == company


def test_no_department_of_the_kind_leaves_the_choice_to_the_supervisor(estate, staff, now):
    [opened] = _opened(make_survey(estate, [{"车辆管理": U}]), staff, now)
    assert opened.department is None
    assert Notification.objects.filter(recipient=staff[Role.SUPERVISOR], target_id=opened.pk).exists()


def test_the_department_head_is_told_of_a_new_rectification(rectification, cleaning):
    notice = Notification.objects.get(recipient=cleaning.head, target_id=rectification.pk)
    assert rectification.number in notice.message and notice.url == rectification.get_absolute_url()


def test_the_deadline_is_the_end_of_the_day_15_days_later(rectification):
    assert RECTIFICATION_DAYS == 15
    assert rectification.due_at == at("2026-03-26 00:00") and rectification.due_day.isoformat() == "2026-03-25"
    assert (rectification.next_due, rectification.next_step) == (rectification.due_at, "rectify")


def test_the_number_and_the_surveys_timeline_name_the_rectification(rectification, survey):
    assert rectification.number.startswith("ZG2026-")
    assert TimelineEvent.objects.filter(object_id=survey.pk, action="rectification_opened").exists()


# ---- the steps --------------------------------------------------------------------------------------

def test_progress_is_recorded_on_the_progress_record_and_the_timeline(rectification, staff, now):
    services.record_progress(rectification=rectification, note="已增加两名保洁员", by=staff[Role.DEPARTMENT_HEAD],
                             now=now + HOUR)
    [entry] = rectification.progress.all()
    assert (entry.note, entry.by) == ("已增加两名保洁员", staff[Role.DEPARTMENT_HEAD])
    assert TimelineEvent.objects.filter(object_id=rectification.pk, action="progress").exists()


def test_empty_progress_is_refused(rectification, staff, now):
    with pytest.raises(WorkflowError):
        services.record_progress(rectification=rectification, note="  ", by=staff[Role.SUPERVISOR], now=now)


def test_the_supervisor_sets_the_measure_department_and_deadline(rectification, estate, staff, now):
    other = DepartmentFactory(name="环境部", estate=estate, head=staff[Role.MANAGER])
    changed = services.plan_rectification(rectification=rectification, measure="更换保洁外包单位", department=other,
                                          due_on=at("2026-04-30 00:00").date(), by=staff[Role.SUPERVISOR], now=now)
    assert (changed.measure, changed.department, changed.due_at) == ("更换保洁外包单位", other, at("2026-05-01 00:00"))
    assert changed.next_due == changed.due_at
    assert Notification.objects.filter(recipient=staff[Role.MANAGER], target_id=rectification.pk).exists()


def test_a_deadline_in_the_past_is_refused(rectification, cleaning, staff, now):
    with pytest.raises(WorkflowError):
        services.plan_rectification(rectification=rectification, measure="x", department=cleaning,
                                    due_on=at("2026-03-09 00:00").date(), by=staff[Role.SUPERVISOR], now=now)


def test_a_department_of_another_estate_is_refused(rectification, other_estate, staff, now):
    elsewhere = DepartmentFactory(name="保洁部", estate=other_estate)
    with pytest.raises(WorkflowError):
        services.plan_rectification(rectification=rectification, measure="x", department=elsewhere,
                                    due_on=at("2026-04-01 00:00").date(), by=staff[Role.SUPERVISOR], now=now)


def test_a_clerk_cannot_set_the_plan(rectification, cleaning, staff, now):
    with pytest.raises(PermissionDenied):
        services.plan_rectification(rectification=rectification, measure="x", department=cleaning,
                                    due_on=at("2026-04-01 00:00").date(), by=staff[Role.CLERK], now=now)


# ---- done, and the callbacks -------------------------------------------------------------------------

def test_completion_makes_one_callback_due_per_unit_that_rated_the_item_unsatisfied(done, cleaning, estate):
    callbacks = Callback.objects.for_source(done).select_related("unit").order_by("unit__number")
    assert [c.unit.number for c in callbacks] == ["1201", "1202", "1203"]  # 1204 was fairly satisfied
    assert {(c.kind, c.department, c.estate, c.status, c.source_label) for c in callbacks} == {
        (SourceKind.RECTIFICATION, cleaning, estate, CallbackStatus.DUE, done.number)}
    assert [c.contact_name for c in callbacks] == ["业主0", "业主1", "业主2"]  # each unit's owner
    assert "增加保洁频次" in callbacks[0].subject
    assert (done.status, done.next_due, done.result) == (RectificationStatus.DONE, None, "增加保洁频次，楼道每日两次")


def test_completion_and_its_callbacks_are_one_transaction(rectification, staff, now, monkeypatch):
    def broken(**kwargs):
        raise WorkflowError("callbacks unavailable")

    monkeypatch.setattr(services, "schedule_callback", broken)
    with pytest.raises(WorkflowError):
        services.complete_rectification(rectification=rectification, result="已整改", by=staff[Role.DEPARTMENT_HEAD],
                                        now=now)
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN and rectification.done_at is None


def test_completion_needs_what_was_done(rectification, staff, now):
    with pytest.raises(WorkflowError):
        services.complete_rectification(rectification=rectification, result="", by=staff[Role.DEPARTMENT_HEAD], now=now)


def test_an_unsatisfied_callback_reopens_the_rectification_with_a_new_deadline(done, staff, now):
    callback = Callback.objects.for_source(done).order_by("unit__number").first()
    call(callback, by=staff[Role.CLERK], result=Result.UNSATISFIED, now=now + 3 * DAY)
    done.refresh_from_db()
    assert done.status == RectificationStatus.OPEN and done.done_at is None
    assert done.due_at == at("2026-03-29 00:00") and done.next_due == done.due_at  # 15 days from the callback
    event = TimelineEvent.objects.filter(object_id=done.pk, action="reopen").get()
    assert callback.number in event.note
    assert callback.number in done.progress.get().note
    assert Notification.objects.filter(recipient=done.department.head, target_id=done.pk,
                                       key__contains="reopened").exists()


def test_a_second_unsatisfied_callback_while_reopened_is_added_to_the_progress_record(done, staff, now):
    first, second, _third = Callback.objects.for_source(done).order_by("unit__number")
    call(first, by=staff[Role.CLERK], result=Result.UNSATISFIED, now=now + 3 * DAY)
    call(second, by=staff[Role.CLERK], result=Result.VERY_UNSATISFIED, now=now + 3 * DAY + HOUR)
    done.refresh_from_db()
    assert done.status == RectificationStatus.OPEN and done.progress.count() == 2
    assert TimelineEvent.objects.filter(object_id=done.pk, action="still_unsatisfied").exists()


def test_a_satisfied_callback_leaves_the_rectification_done(done, staff, now):
    call(Callback.objects.for_source(done).first(), by=staff[Role.CLERK], result=Result.SATISFIED, now=now + 3 * DAY)
    done.refresh_from_db()
    assert done.status == RectificationStatus.DONE


def test_done_again_calls_back_every_unit_not_yet_found_satisfied(done, staff, now):
    first, second, third = Callback.objects.for_source(done).order_by("unit__number")
    call(first, by=staff[Role.CLERK], result=Result.SATISFIED, now=now + 3 * DAY)
    call(second, by=staff[Role.CLERK], result=Result.UNSATISFIED, now=now + 3 * DAY)
    again = services.complete_rectification(rectification=done, result="更换保洁外包单位", by=staff[Role.DEPARTMENT_HEAD],
                                            now=now + 10 * DAY)
    rounds = {c.unit.number: (c.round, c.status) for c in Callback.objects.for_source(again).exclude(
        pk__in=[first.pk, second.pk]).select_related("unit")}
    # 1201 is satisfied; 1202 gets its second callback; 1203's first is still due (no second one).
    assert rounds == {"1202": (2, CallbackStatus.DUE), "1203": (1, CallbackStatus.DUE)}
    assert third.pk in {c.pk for c in Callback.objects.for_source(again)}


def test_a_rectification_done_last_year_still_reopens(done, staff):
    callback = Callback.objects.for_source(done).first()
    call(callback, by=staff[Role.CLERK], result=Result.UNSATISFIED, now=at("2027-01-05 10:00"))
    done.refresh_from_db()
    assert done.status == RectificationStatus.OPEN


# ---- the warnings ----------------------------------------------------------------------------------

def test_the_department_head_is_warned_before_the_deadline_and_once_overdue(rectification, cleaning):
    head = cleaning.head
    assert services.warn_due_rectifications(now=at("2026-03-20 09:00")) == 0
    assert services.warn_due_rectifications(now=at("2026-03-24 09:00")) >= 1  # within two days
    assert services.warn_due_rectifications(now=at("2026-03-24 10:00")) == 0  # told once
    services.warn_due_rectifications(now=at("2026-03-26 09:00"))
    kinds = {notice.key.rsplit(":", 1)[1] for notice in Notification.objects.filter(recipient=head, step="rectify")
             if notice.key.count(":") == 4}
    assert kinds == {"soon", "overdue"}

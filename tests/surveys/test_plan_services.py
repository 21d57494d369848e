"""The plan's services (surveys.services.plans): drafting, the chain, sending the forms, the collection period's
end, the warnings, closing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import WorkflowError
from core.models import Notification, TimelineEvent
from core.roles import Role
from residents.models import Unit
from surveys.choices import PlanStatus, PlanStep, Rating
from surveys.models import Rectification, SurveyForm, SurveyPlan
from surveys.services import plans as services
from surveys.services import returns
from surveys.workflows.plan import WORKFLOW
from tests.factories import UserFactory
from tests.surveys.test_plan_setup import DAY, HOUR, make_estate, plan_in, plan_input

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.surveys.test_plan_setup"]


def test_several_estates_make_one_plan_each_in_one_transaction(estate, questionnaire, chain):
    other = make_estate(name="锦华广场", code="JHG", area="126000")
    plans = services.draft_plans(data=plan_input(questionnaire), estates=[estate, other], by=chain["supervisor"])
    assert [plan.estate for plan in plans] == [estate, other]
    assert len({plan.number for plan in plans}) == 2 and all(p.number.startswith("DC") for p in plans)
    assert all(plan.status == PlanStatus.DRAFT for plan in plans)


def test_a_refused_estate_drafts_no_plan_at_all(estate, questionnaire, chain):
    bad = plan_input(questionnaire, days=9)
    with pytest.raises(WorkflowError):
        services.draft_plans(data=bad, estates=[estate, make_estate(name="B", code="B")], by=chain["supervisor"])
    assert SurveyPlan.objects.count() == 0


def test_staff_of_a_plan_work_for_its_estate(estate, questionnaire, chain):
    other = make_estate(name="锦华广场", code="JHG", area="126000")
    here = UserFactory(username="s_here", role=Role.CLERK, estates=[estate])
    there = UserFactory(username="s_there", role=Role.CLERK, estates=[other])
    plans = services.draft_plans(data=plan_input(questionnaire, staff=(here, there)), estates=[estate, other],
                                 by=chain["supervisor"])
    assert [set(plan.staff.all()) for plan in plans] == [{here}, {there}]


def test_only_customer_service_drafts_and_only_for_its_estates(estate, questionnaire, chain):
    with pytest.raises(PermissionDenied):
        services.draft_plans(data=plan_input(questionnaire), estates=[estate], by=chain["manager"])
    elsewhere = UserFactory(username="s_jhg", role=Role.SUPERVISOR, estates=[make_estate(name="B", code="B")])
    with pytest.raises(PermissionDenied):
        services.draft_plans(data=plan_input(questionnaire), estates=[estate], by=elsewhere)


def test_the_collection_window_keeps_10_to_15_days_in_the_service(estate, questionnaire, chain):
    for days, ok in ((9, False), (10, True), (15, True), (16, False)):
        data = plan_input(questionnaire, days=days)
        if ok:
            services.draft_plans(data=data, estates=[estate], by=chain["supervisor"])
        else:
            with pytest.raises(WorkflowError, match=f"{days}"):
                services.draft_plans(data=data, estates=[estate], by=chain["supervisor"])


def test_editing_the_draft_names_the_fields_changed_on_the_timeline(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain)
    services.update_plan(plan=plan, data=plan_input(questionnaire, title="新标题", days=14), by=chain["clerk"])
    plan.refresh_from_db()
    assert plan.title == "新标题"
    event = TimelineEvent.objects.filter(object_id=plan.pk, action="edit").get()
    assert "标题" in event.note or "title" in event.note


def test_send_back_needs_a_reason_and_restarts_the_chain(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.REVIEWED, estate=estate, questionnaire=questionnaire, chain=chain)
    with pytest.raises(WorkflowError):
        services.send_back_plan(plan=plan, reason="  ", by=chain["gm"])
    plan = services.send_back_plan(plan=plan, reason="请补充发放范围", by=chain["gm"])
    assert plan.status == PlanStatus.DRAFT and plan.returned_reason == "请补充发放范围"
    assert plan.confirmed_by is None and plan.reviewed_by is None and plan.submitted_at is None
    event = TimelineEvent.objects.filter(object_id=plan.pk, action="send_back").get()
    assert event.note == "请补充发放范围" and event.actor == chain["gm"]
    # The drafter hears of it.
    assert Notification.objects.filter(recipient=chain["supervisor"], message__contains="请补充发放范围").exists()


def test_each_step_tells_the_next_approver(estate, questionnaire, chain):
    plan_in(PlanStatus.SUBMITTED, estate=estate, questionnaire=questionnaire, chain=chain)
    assert Notification.objects.filter(recipient=chain["manager"], step="confirm").exists()
    plan = plan_in(PlanStatus.CONFIRMED, estate=estate, questionnaire=questionnaire, chain=chain)
    assert Notification.objects.filter(recipient=chain["vgm"], step="review", target_id=plan.pk).exists()
    services.review_plan(plan=plan, by=chain["vgm"])
    assert Notification.objects.filter(recipient=chain["gm"], step="approve", target_id=plan.pk).exists()
    # Taking the step marks the notice that asked for it done.
    assert Notification.objects.get(recipient=chain["vgm"], step="review", target_id=plan.pk).done_at is not None


def test_starting_sends_one_form_per_chosen_unit_and_freezes_the_numbers(estate, questionnaire, chain):
    Unit.objects.filter(building__estate=estate, building__name="1", number="0101").update(occupancy="vacant")
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    forms = SurveyForm.objects.filter(plan=plan)
    # 11 occupied households under 50,000 m²: 98% rounded up = 11.
    assert plan.occupied_households == 11 and plan.forms_required == 11 == forms.count()
    assert len({form.token for form in forms}) == 11 and all(len(form.token) >= 20 for form in forms)
    assert not forms.filter(unit__occupancy="vacant").exists()
    assert {form.estate_id for form in forms} == {estate.pk}
    assert plan.collection_due == services.end_of_local_day(plan.collection_ends)
    assert plan.close_due > plan.collection_due
    assert (plan.next_step, plan.next_due) == (PlanStep.COLLECT, plan.collection_due)


def test_every_building_is_represented_when_forms_are_fewer_than_households(questionnaire, chain):
    # 90% of 40 households at 50,000 m² = 36 forms: every building still gets some.
    estate = make_estate(name="大盘", code="BIG", area="50000", buildings=(("1", 30), ("2", 8), ("3", 2)))
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    assert plan.forms_required == 36
    sent = set(SurveyForm.objects.filter(plan=plan).values_list("unit__building__name", flat=True))
    assert sent == {"1", "2", "3"}


def test_an_estate_without_occupied_units_sends_nothing(questionnaire, chain):
    estate = make_estate(name="空盘", code="EMPTY", buildings=())
    plan = plan_in(PlanStatus.APPROVED, estate=estate, questionnaire=questionnaire, chain=chain)
    with pytest.raises(WorkflowError):
        services.start_survey(plan=plan, by=chain["clerk"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_forms_do_not_go_out_after_the_collection_window(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.APPROVED, estate=estate, questionnaire=questionnaire, chain=chain)
    after = timezone.make_aware(datetime.datetime.combine(plan.collection_ends + DAY, datetime.time(9)))
    with pytest.raises(WorkflowError, match=plan.collection_ends.isoformat()):
        services.start_survey(plan=plan, by=chain["clerk"], now=after)


def test_the_collection_period_ends_by_itself_and_closing_is_next(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    assert services.end_due_collections(now=plan.collection_due - HOUR) == 0
    assert services.warn_due_plans(now=plan.collection_due + HOUR) >= 1
    plan.refresh_from_db()
    assert plan.collection_ended_at == plan.collection_due
    assert (plan.next_step, plan.next_due) == (PlanStep.CLOSE, plan.close_due)
    assert TimelineEvent.objects.filter(object_id=plan.pk, action="end_collection", actor=None).exists()


def test_warnings_before_the_collection_ends_and_when_the_results_are_overdue(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    plan.staff.add(chain["clerk"])
    assert services.warn_due_plans(now=plan.collection_due - 3 * DAY) == 0
    assert services.warn_due_plans(now=plan.collection_due - DAY) >= 1
    assert Notification.objects.filter(recipient=chain["clerk"], step=PlanStep.COLLECT).exists()
    assert services.warn_due_plans(now=plan.collection_due - DAY) == 0  # told once
    services.warn_due_plans(now=plan.close_due + HOUR)
    for closer in (chain["supervisor"], chain["manager"]):
        assert Notification.objects.filter(recipient=closer, step=PlanStep.CLOSE, key__endswith=":overdue").exists()


def test_the_results_are_due_a_working_week_after_the_last_collection_day():
    # Thursday 12 November 2026: five working days later is Thursday 19 November.
    due = services.close_due_for(datetime.date(2026, 11, 12))
    assert timezone.localtime(due) == timezone.make_aware(datetime.datetime(2026, 11, 20, 0, 0))


def test_closing_opens_the_rectifications_in_the_same_transaction(estate, questionnaire, chain, rectifications):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    plan = services.close_survey(plan=plan, by=chain["manager"], note="结果已公布")
    assert plan.status == PlanStatus.CLOSED and plan.closed_by == chain["manager"]
    assert rectifications == [(plan.pk, PlanStatus.CLOSED, chain["manager"], plan.closed_at)]
    assert plan.next_due is None
    note = TimelineEvent.objects.filter(object_id=plan.pk, action="close").get().note
    assert "结果已公布" in note and "0" in note


def test_a_failing_rectification_leaves_the_survey_open(estate, questionnaire, chain, monkeypatch):
    def broken(*, plan, by, now):
        raise WorkflowError("no department")

    monkeypatch.setattr(services, "open_rectifications", broken)
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    with pytest.raises(WorkflowError):
        services.close_survey(plan=plan, by=chain["manager"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COLLECTING


def test_the_threshold_is_kept_as_a_share(estate, questionnaire, chain):
    [plan] = services.draft_plans(data=plan_input(questionnaire, rectification_threshold=Decimal("0.05")),
                                  estates=[estate], by=chain["supervisor"])
    assert plan.rectification_threshold == Decimal("0.05")
    with pytest.raises(WorkflowError):
        services.draft_plans(data=plan_input(questionnaire, rectification_threshold=Decimal("5")), estates=[estate],
                             by=chain["supervisor"])


def test_a_half_year_plan_says_which_half(estate, questionnaire, chain):
    with pytest.raises(WorkflowError):
        services.draft_plans(data=plan_input(questionnaire, period_kind="half_year"), estates=[estate],
                             by=chain["supervisor"])
    [plan] = services.draft_plans(data=plan_input(questionnaire, half=2), estates=[estate], by=chain["supervisor"])
    assert plan.half is None  # an annual plan keeps no half


def test_the_workflow_declares_who_may_enter_returned_forms(estate, questionnaire, chain, rectifications):
    collecting = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    enter = WORKFLOW.action("enter")
    assert WORKFLOW.may(chain["clerk"], collecting, enter) and WORKFLOW.may(chain["manager"], collecting, enter)
    closed = services.close_survey(plan=collecting, by=chain["supervisor"])
    assert not WORKFLOW.may(chain["clerk"], closed, enter) and WORKFLOW.may(chain["manager"], closed, enter)


def test_closing_a_survey_opens_a_rectification_for_each_item_rated_unsatisfied(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    form = plan.forms.first()
    first, second = list(questionnaire.items.order_by("position"))[:2]
    returns.record_return(returns.ReturnInput(form=form, ratings={first.pk: Rating.UNSATISFIED,
                                                                  second.pk: Rating.VERY_SATISFIED}), by=chain["clerk"])
    plan = services.close_survey(plan=plan, by=chain["manager"])
    assert [r.item for r in Rectification.objects.filter(plan=plan)] == [first]

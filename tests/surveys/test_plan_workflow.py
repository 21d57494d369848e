"""The plan's workflow declaration (surveys.workflows.plan): every (state, action, role) edge, and the rules
it carries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import ArchivedError, TransitionError
from core.roles import Role
from surveys.choices import PlanStatus
from surveys.services import plans as services
from surveys.workflows.plan import AWAITING, WORKFLOW, keep_until
from tests.surveys.test_plan_setup import CHAIN, plan_in
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
# The fixtures of the plan, returns and answer tests (estate, chain, questionnaire, rectifications).
pytest_plugins = ["tests.surveys.test_plan_setup"]

SAMPLE_DATA = {
    "submit": {"note": ""},
    "confirm": {"note": "同意"},
    "review": {"note": "同意"},
    "approve": {"note": ""},
    "send_back": {"reason": "样本量说明不清"},
    "start": {},
    "close": {"note": ""},
}


@pytest.fixture
def users(make_user):
    roles = [Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.VICE_GENERAL_MANAGER,
             Role.GENERAL_MANAGER, Role.QUALITY]
    found = {str(role): make_user(role, username=f"edge_{role}") for role in roles}
    return found | {"no role": make_user(None, username="edge_none")}


def test_every_edge_of_a_survey_plan(users, estate, questionnaire, chain, rectifications):
    def record_in(state):
        return plan_in(state, estate=estate, questionnaire=questionnaire, chain=chain)

    walked = walk_every_edge(WORKFLOW, record_in=record_in, users=users, data=SAMPLE_DATA, now=timezone.now())
    assert len(walked) == len(PlanStatus) * len([a for a in WORKFLOW.actions if a.service]) * len(users)


def test_each_approval_step_is_taken_by_its_role_only(users, estate, questionnaire, chain):
    expected = {"submit": {"clerk", "supervisor"}, "confirm": {"manager"}, "review": {"vice_general_manager"},
                "approve": {"general_manager"}, "start": {"clerk", "supervisor"}, "close": {"supervisor", "manager"}}
    for name, roles in expected.items():
        state = next(iter(WORKFLOW.action(name).source))
        plan = plan_in(state, estate=estate, questionnaire=questionnaire, chain=chain)
        may = {label for label, user in users.items() if WORKFLOW.may(user, plan, WORKFLOW.action(name))}
        assert may == roles, name


def test_a_plan_is_sent_back_by_the_role_whose_step_it_waits_for(users, estate, questionnaire, chain):
    labels = {Role.MANAGER: "manager", Role.VICE_GENERAL_MANAGER: "vice_general_manager",
              Role.GENERAL_MANAGER: "general_manager"}
    action = WORKFLOW.action("send_back")
    for state, roles in AWAITING.items():
        plan = plan_in(state, estate=estate, questionnaire=questionnaire, chain=chain)
        may = {label for label, user in users.items() if WORKFLOW.may(user, plan, action)}
        assert may == {labels[role] for role in roles}, state


def test_only_an_approved_plan_starts(estate, questionnaire, chain):
    for state in CHAIN:
        plan = plan_in(state, estate=estate, questionnaire=questionnaire, chain=chain) if state != PlanStatus.CLOSED \
            else None
        if plan is None:
            continue
        if state == PlanStatus.APPROVED:
            assert services.start_survey(plan=plan, by=chain["clerk"]).status == PlanStatus.COLLECTING
        else:
            with pytest.raises(TransitionError):
                services.start_survey(plan=plan, by=chain["clerk"])


def test_stored_next_step_equals_a_recomputation_in_every_state(estate, questionnaire, chain, rectifications):
    for state in CHAIN:
        plan = plan_in(state, estate=estate, questionnaire=questionnaire, chain=chain)
        stored = (plan.next_due, plan.next_step)
        WORKFLOW.schedule(plan)
        assert stored == (plan.next_due, plan.next_step), state
        assert (plan.next_due is None) == (state != PlanStatus.COLLECTING), state


def test_a_past_years_plan_is_read_only_except_for_managers(estate, questionnaire, chain):
    last_year = timezone.localdate().year - 1
    plan = plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain, year=last_year)
    with pytest.raises(ArchivedError):
        services.submit_plan(plan=plan, by=chain["clerk"])
    now = timezone.now()
    assert WORKFLOW.available(chain["clerk"], plan, now) == []
    assert WORKFLOW.writable_by(chain["manager"], plan, now)
    assert keep_until(plan) == datetime.date(last_year + 2, 12, 31)


def test_nobody_takes_the_end_of_the_collection_period_by_hand(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    with pytest.raises(PermissionDenied):
        WORKFLOW.transition(plan, "end_collection", by=chain["supervisor"], now=plan.collection_due)

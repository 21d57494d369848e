"""What the plan, returns and answer tests share (fixtures and helpers; no tests of its own): an estate with
occupied units in three buildings, one user per role of the approval chain, a plan walked to any state
through the services, and a record of the calls closing makes to open the rectifications."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.roles import Role
from surveys.choices import PlanStatus
from surveys.services import plans as services
from surveys.services.plans import PlanInput
from surveys.services.questionnaires import install_templates
from surveys.services.rectification import open_rectifications
from tests.factories import BuildingFactory, EstateFactory, UnitFactory
from tests.surveys.factories import QuestionnaireFactory

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
CHAIN = [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.CONFIRMED, PlanStatus.REVIEWED, PlanStatus.APPROVED,
         PlanStatus.COLLECTING, PlanStatus.CLOSED]


def make_estate(name="华悦苑", code="HYY", area="48000", buildings=(("1", 6), ("2", 4), ("3", 2)), vacant=0):
    """An estate with `buildings` = ((name, occupied units), ...) and `vacant` vacant units in the first."""
    estate = EstateFactory(name=name, code=code, gross_floor_area=Decimal(area))
    for building_name, count in buildings:
        building = BuildingFactory(estate=estate, name=building_name)
        for n in range(count):
            UnitFactory(building=building, number=f"{n // 2 + 1:02d}{n % 2 + 1:02d}")
    first = estate.buildings.order_by("name").first()
    for n in range(vacant):
        UnitFactory(building=first, number=f"99{n:02d}", occupancy="vacant")
    return estate


@pytest.fixture
def estate(db):
    return make_estate()


@pytest.fixture
def questionnaire(db):
    return QuestionnaireFactory()


@pytest.fixture
def chain(make_user):
    """One user per role of the chain, posted to every estate (the factory's default)."""
    return {
        "clerk": make_user(Role.CLERK, username="p_clerk", first_name="王丽"),
        "supervisor": make_user(Role.SUPERVISOR, username="p_supervisor", first_name="陈静"),
        "manager": make_user(Role.MANAGER, username="p_manager", first_name="刘洋"),
        "vgm": make_user(Role.VICE_GENERAL_MANAGER, username="p_vgm", first_name="黄志强"),
        "gm": make_user(Role.GENERAL_MANAGER, username="p_gm", first_name="周建国"),
    }


def plan_input(questionnaire, *, starts=None, days=12, **kwargs):
    starts = starts or timezone.localdate() - 2 * DAY
    values = {
        "title": "年度住户满意度调查", "purpose": "了解住户满意程度", "period_kind": "annual",
        "year": timezone.localdate().year, "respondents": "已入住住户", "questionnaire": questionnaire,
        "collection_starts": starts, "collection_ends": starts + (days - 1) * DAY,
    }
    return PlanInput(**values | kwargs)


def plan_in(state, *, estate, questionnaire, chain, now=None, **kwargs):
    """A plan walked through the services to `state` ."""
    now = now or timezone.now() - HOUR
    [plan] = services.draft_plans(data=plan_input(questionnaire, **kwargs), estates=[estate], by=chain["supervisor"],
                                  now=now)
    steps = [
        (PlanStatus.SUBMITTED, lambda p: services.submit_plan(plan=p, by=chain["clerk"], now=now)),
        (PlanStatus.CONFIRMED, lambda p: services.confirm_plan(plan=p, by=chain["manager"], now=now)),
        (PlanStatus.REVIEWED, lambda p: services.review_plan(plan=p, by=chain["vgm"], now=now)),
        (PlanStatus.APPROVED, lambda p: services.approve_plan(plan=p, by=chain["gm"], now=now)),
        (PlanStatus.COLLECTING, lambda p: services.start_survey(plan=p, by=chain["clerk"], now=now)),
        (PlanStatus.CLOSED, lambda p: services.close_survey(plan=p, by=chain["supervisor"], now=now)),
    ]
    for target, step in steps[: CHAIN.index(state)]:
        plan = step(plan)
        assert plan.status == target
    return plan


@pytest.fixture
def rectifications(monkeypatch):
    """The calls closing makes to open the rectifications (the real function still runs)."""
    calls = []

    def spy(*, plan, by, now):
        calls.append((plan.pk, plan.status, by, now))
        return open_rectifications(plan=plan, by=by, now=now)

    monkeypatch.setattr(services, "open_rectifications", spy)
    return calls


@pytest.fixture
def seed_questionnaires(db):
    """The two seed questionnaires (the data migration's; a transactional test flushed them)."""
    from surveys.models import Questionnaire, QuestionnaireItem

    return install_templates(Questionnaire, QuestionnaireItem)

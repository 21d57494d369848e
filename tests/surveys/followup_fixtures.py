"""Fixtures of the rectification, forum and suggestion-box tests (imported by those test modules): one estate
(华悦苑) with its cleaning and security departments, a survey closed with the ratings a test gives, and a
second estate's office (锦华广场) for the scoping tests."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from callbacks.choices import Method, Result
from callbacks.services import record_callback
from core.roles import Role
from residents.models import Department
from surveys.choices import PlanStatus, Rating
from surveys.services import rectification as rectification_services
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    EstateFactory,
    OccupancyFactory,
    UnitFactory,
    UserFactory,
)
from tests.surveys.factories import PlanFactory, SurveyFormFactory, returned

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
U, VU, FS, VS = Rating.UNSATISFIED, Rating.VERY_UNSATISFIED, Rating.FAIRLY_SATISFIED, Rating.VERY_SATISFIED
# The questionnaire factory's items and the kind of department each names (as the seeds' templates do).
KINDS = {"保安服务": Department.Kind.SECURITY, "保洁服务": Department.Kind.CLEANING,
         "车辆管理": Department.Kind.PARKING, "维修服务": Department.Kind.ENGINEERING}


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def now():
    # A Tuesday morning in March 2026: no public holiday in the next weeks.
    return at("2026-03-10 09:00")


@pytest.fixture
def estate(db):
    return EstateFactory(name="华悦苑", code="HYY")


@pytest.fixture
def other_estate(db):
    return EstateFactory(name="锦华广场", code="JHG")


@pytest.fixture
def staff(estate):
    """One user per role posted to 华悦苑 (the oversight roles see every estate anyway)."""
    return {role: UserFactory(role=role, username=f"f_{role}", estates=[estate]) for role in Role}


@pytest.fixture
def cleaning(estate, staff):
    department = DepartmentFactory(name="保洁部", kind=Department.Kind.CLEANING, estate=estate,
                                   head=staff[Role.DEPARTMENT_HEAD])
    department.members.add(staff[Role.DEPARTMENT_HEAD])
    return department


@pytest.fixture
def outsiders(other_estate):
    """The second estate's office: one user per role posted there only."""
    return {role: UserFactory(role=role, username=f"o_{role}", estates=[other_estate]) for role in Role}


def make_survey(estate, rows, *, threshold=0, building="3"):
    """A closed survey of `estate` with one returned form per entry of `rows` ({item name: rating}), each from
    its own unit of one building (1201, 1202, …) with a registered owner."""
    plan = PlanFactory(estate=estate, status=PlanStatus.CLOSED, rectification_threshold=threshold)
    for item in plan.questionnaire.items.all():
        item.department_kind = KINDS.get(item.name, "")
        item.save(update_fields=["department_kind"])
    block = BuildingFactory(estate=estate, name=building)
    for n, ratings in enumerate(rows):
        unit = UnitFactory(building=block, number=f"{1201 + n}")
        OccupancyFactory(unit=unit, resident__name=f"业主{n}", moved_in=datetime.date(2020, 1, 1))
        returned(SurveyFormFactory(plan=plan, unit=unit), ratings)
    return plan


@pytest.fixture
def survey(estate, cleaning):
    """Four forms back: 保洁服务 rated unsatisfied by 1201 and 1202 (3 of 4 answers unsatisfied in all: 1203 too,
    very unsatisfied), 保安服务 by nobody."""
    return make_survey(estate, [
        {"保洁服务": U, "保安服务": VS},
        {"保洁服务": U, "保安服务": FS},
        {"保洁服务": VU, "保安服务": VS},
        {"保洁服务": FS, "保安服务": VS},
    ])


@pytest.fixture
def rectification(survey, staff, now):
    """The open rectification of 保洁服务 in `survey`."""
    [opened] = rectification_services.open_rectifications(plan=survey, by=staff[Role.SUPERVISOR], now=now)
    return opened


@pytest.fixture
def done(rectification, staff, now):
    """The rectification reported done by the cleaning department's head: three callbacks due."""
    return rectification_services.complete_rectification(
        rectification=rectification, result="增加保洁频次，楼道每日两次", by=staff[Role.DEPARTMENT_HEAD], now=now + DAY)


def call(callback, *, by, result=Result.SATISFIED, now, **kwargs):
    """callbacks.services.record_callback with a reachable resident (tests only)."""
    kwargs.setdefault("person_reached", "业主本人")
    if result in (Result.UNSATISFIED, Result.VERY_UNSATISFIED):
        kwargs.setdefault("follow_up", "楼道仍然脏")
    return record_callback(callback=callback, result=result, method=Method.PHONE, by=by, now=now, **kwargs)

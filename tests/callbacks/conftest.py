"""Callbacks tests: a repair and a complaint walked to the point where their callback is due."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from callbacks import services
from callbacks.choices import Method, Result, SourceKind
from callbacks.models import Callback
from callbacks.sources import CallbackSource
from complaints import services as complaint_services
from complaints.choices import Level
from core.channels import Channel
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from residents.models import Department
from tests.complaints.conftest import register
from tests.factories import DepartmentFactory, OccupancyFactory, UnitFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def now():
    # A Tuesday morning in March: no public holiday within the next weeks.
    return datetime.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def unit(db):
    return UnitFactory(building__name="3", building__estate__name="华悦苑", number="1202")


@pytest.fixture
def occupancy(unit):
    return OccupancyFactory(unit=unit, resident__name="张伟华", resident__phone="13812345678")


@pytest.fixture
def resident(occupancy):
    return occupancy.resident


@pytest.fixture
def engineering(unit, department_head):
    department = DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING,
                                   estate=unit.building.estate, head=department_head)
    department.members.add(department_head)
    return department


@pytest.fixture
def make_repair(clerk, unit, resident, engineering, now):
    """make_repair(verdict="satisfied", trial_run_days=7) -> a repair help request completed at `at`."""

    def make(verdict="satisfied", trial_run_days=7, *, at=None, matter="厨房水龙头漏水"):
        at = at or now
        hr = request_services.register_help_request(
            HelpRequestInput(category=Category.REPAIR, channel=Channel.PHONE, matter=matter, unit=unit,
                             resident=resident, department=engineering),
            by=clerk, now=at,
        )
        hr = request_services.assign_request(help_request=hr, by=clerk, department=engineering,
                                             handler=engineering.head, now=at)
        return request_services.complete_repair(help_request=hr, by=engineering.head, work_done="更换阀芯",
                                                verdict=verdict, trial_run_days=trial_run_days, now=at + HOUR)

    return make


@pytest.fixture
def make_told_complaint(clerk, unit, resident, engineering, now):
    """make_told_complaint(level="minor") -> a complaint handled by engineering and the resident told."""

    def make(level=Level.MINOR, *, at=None, **kwargs):
        at = at or now
        complaint = register(by=clerk, now=at, channel=Channel.VISIT, description="电梯困人无人处理",
                             resident=resident, unit=unit, level=level, **kwargs)
        complaint = complaint_services.dispatch_complaint(complaint=complaint, department=engineering, by=clerk, now=at)
        complaint = complaint_services.sign_for_complaint(complaint=complaint, by=engineering.head, now=at)
        complaint = complaint_services.record_handling(complaint=complaint, result="已修复并致歉",
                                                       by=engineering.head, now=at + HOUR)
        return complaint_services.inform_resident(complaint=complaint, method="phone", by=clerk, now=at + 2 * HOUR)

    return make


def callback_of(source):
    """The source's latest callback."""
    return Callback.objects.for_source(source).order_by("-created_at", "-pk").first()


def record(callback, *, by, result=Result.SATISFIED, now, **kwargs):
    """services.record_callback with a reachable resident by default (tests only)."""
    kwargs.setdefault("method", Method.PHONE)
    if result != Result.NOT_REACHED:
        kwargs.setdefault("person_reached", "住户本人")
    if result in (Result.UNSATISFIED, Result.VERY_UNSATISFIED):
        kwargs.setdefault("follow_up", "仍然漏水")
    return services.record_callback(callback=callback, result=result, by=by, now=now, **kwargs)


@pytest.fixture
def stand_in_sources(monkeypatch):
    """Stand in for the surveys app's two kinds (declared on its AppConfig) with a stand-in source model (an
    estate) and hooks that remember what they were told: the callbacks app's own tests, whatever surveys does."""
    told = []

    def hook(outcome):
        return lambda *, source, callback, by, now: told.append((callback.kind, outcome, source.pk))

    sources = [
        CallbackSource(SourceKind.RECTIFICATION, "residents:estate_update", unsatisfied=hook("unsatisfied")),
        CallbackSource(SourceKind.SUGGESTION, "residents:estate_update", satisfied=hook("satisfied")),
    ]
    monkeypatch.setattr(apps.get_app_config("surveys"), "callback_sources", sources, raising=False)
    return told

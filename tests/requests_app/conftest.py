import datetime

import pytest
from django.utils import timezone

from core.channels import Channel
from requests_app import services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from residents.models import Department
from tests.factories import DepartmentFactory, OccupancyFactory, UnitFactory

# A fixed "now" in the current year, so records are not archived unless a test says so.
NOON = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12, 0)))


@pytest.fixture
def now():
    return NOON


@pytest.fixture
def unit(db):
    return UnitFactory(building__name="3", number="1202")


@pytest.fixture
def occupancy(unit):
    return OccupancyFactory(unit=unit, resident__name="张伟华", resident__phone="13812345678")


@pytest.fixture
def resident(occupancy):
    return occupancy.resident


@pytest.fixture
def engineering(unit, make_user):
    head = make_user("department_head", username="t_eng_head")
    return DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, estate=unit.building.estate, head=head)


@pytest.fixture
def security(unit, make_user):
    head = make_user("department_head", username="t_sec_head")
    return DepartmentFactory(name="保安部", kind=Department.Kind.SECURITY, estate=None, head=head)


@pytest.fixture
def make_request(clerk, unit, now):
    """make_request(category=..., **service kwargs) -> a saved help request, via the service."""

    def make(category=Category.OTHER, *, by=None, at=None, **kwargs):
        kwargs.setdefault("channel", Channel.PHONE)
        kwargs.setdefault("matter", "厨房水龙头漏水")
        if "estate" not in kwargs and "caller_name" not in kwargs:
            kwargs.setdefault("unit", unit)
        if category == Category.EMERGENCY:
            kwargs.setdefault("patient_address", "3-1202")
            kwargs.setdefault("patient_phone", "13812345678")
            kwargs.setdefault("emergency_choice", "call_120")
        return services.register_help_request(HelpRequestInput(category=category, **kwargs), by=by or clerk, now=at or now)

    return make

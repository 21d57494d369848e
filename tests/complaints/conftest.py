import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints import services
from complaints.choices import Level
from complaints.inputs import ComplaintInput
from core.channels import Channel
from tests.factories import DepartmentFactory, OccupancyFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def now():
    # A Tuesday morning in March (calendar days and working days agree for the next week).
    return datetime.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def department(department_head):
    department = DepartmentFactory(name="工程维护部", head=department_head)
    department.members.add(department_head)
    return department


@pytest.fixture
def occupancy(db):
    return OccupancyFactory(resident__name="张伟", resident__phone="13812345678")


def register(*, by, now=None, **fields):
    """services.register_complaint with the input written as keywords (tests only)."""
    return services.register_complaint(ComplaintInput(**fields), by=by, now=now)


@pytest.fixture
def make_complaint(clerk, occupancy, now):
    default_now = now

    def make(*, by=None, now=None, **kwargs):
        values = {
            "channel": Channel.VISIT,
            "description": "电梯故障无人处理",
            "resident": occupancy.resident,
            "unit": occupancy.unit,
            "level": Level.MINOR,
        }
        return register(by=by or clerk, now=now or default_now, **(values | kwargs))

    return make


@pytest.fixture
def advance(clerk, department, now):
    """advance(complaint, to) walks a complaint through the workflow up to a step."""
    order = ["dispatched", "signed", "handled", "informed"]

    def run(complaint, to, at=None):
        at = at or now
        head = department.head
        steps = {
            "dispatched": lambda c: services.dispatch_complaint(complaint=c, department=department, by=clerk, now=at),
            "signed": lambda c: services.sign_for_complaint(complaint=c, by=head, now=at),
            "handled": lambda c: services.record_handling(complaint=c, process="更换零件", result="已修复", by=head,
                                                          now=at),
            "informed": lambda c: services.inform_resident(complaint=c, method="phone", by=clerk, now=at),
        }
        for name in order[: order.index(to) + 1]:
            complaint = steps[name](complaint)
        return complaint

    return run

"""The pure due-time policy (SPEC §4 table), table-driven."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints import deadlines
from complaints.choices import Level
from core.roles import Role

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)  # Tuesday


def at(day, hour=9, minute=0, month=3, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_dispatch_due_ten_minutes_after_reception_for_every_level():
    for level in Level:
        assert deadlines.reception_due_times(level=level, received_at=T0)["dispatch_due"] == at(10, 9, 10)


@pytest.mark.parametrize(
    ("level", "expected"),
    [(Level.IMPORTANT, at(10, 10, 0)), (Level.MAJOR, at(11, 0, 0)), (Level.MINOR, None)],
)
def test_forward_important_within_one_hour_major_same_day(level, expected):
    assert deadlines.forward_due(level, T0) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [(Level.MAJOR, at(20)), (Level.IMPORTANT, at(13)), (Level.MINOR, at(12)), ("", None)],
)
def test_handling_limits_10_3_2_days(level, expected):
    assert deadlines.handle_due(level, T0) == expected


def test_major_definite_answer_within_two_days():
    assert deadlines.answer_due(Level.MAJOR, T0) == at(12)
    assert deadlines.answer_due(Level.IMPORTANT, T0) is None


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(at(11, 17), at(11, 17)), (at(15), at(12)), (None, at(12))],
)
def test_minor_deadline_uses_residents_earlier_date(requested, expected):
    assert deadlines.handle_due(Level.MINOR, T0, requested_deadline=requested) == expected


def test_residents_earlier_date_does_not_shorten_important_deadline():
    assert deadlines.handle_due(Level.IMPORTANT, T0, requested_deadline=at(11)) == at(13)


@pytest.mark.parametrize(
    ("start", "working", "expected"),
    [
        # Friday + 2 days: Sunday in calendar days, Tuesday in working days.
        (at(13), False, at(15)),
        (at(13), True, at(17)),
        # National Day 2026: 1-7 October are holidays; 30 Sep + 2 working days -> 9 Oct (10 Oct is 调休).
        (at(30, month=9), True, at(9, month=10)),
    ],
)
def test_day_limits_count_calendar_or_working_days(start, working, expected):
    assert deadlines.handle_due(Level.MINOR, start, working_days=working) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [(at(10), at(10, month=4)), (at(31, month=1), at(28, month=2)), (at(15, month=12, year=2026), at(15, month=1, year=2027))],
)
def test_escalation_one_month_after_reception(received, expected):
    assert deadlines.escalation_due(received) == expected


def test_inform_resident_same_day_as_handled():
    assert deadlines.inform_due(at(11, 15)) == at(12, 0, 0)


@pytest.mark.parametrize(
    ("level", "role"), [(Level.MINOR, Role.MANAGER), (Level.IMPORTANT, Role.GENERAL_MANAGER), (Level.MAJOR, None)]
)
def test_extension_approved_by_manager_for_minor_general_manager_for_important(level, role):
    assert deadlines.extension_approver(level) == role

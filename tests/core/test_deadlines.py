import datetime

import pytest
from django.utils import timezone, translation

from core.deadlines import add_days, calendar_has_data, due_at, due_in, format_duration, overdue_by

TZ = timezone.get_default_timezone()


def local(*args):
    return timezone.make_aware(datetime.datetime(*args), TZ)


@pytest.mark.parametrize(
    ("start", "days", "working", "expected"),
    [
        # calendar days: plain addition
        (local(2026, 9, 30, 10, 0), 2, False, local(2026, 10, 2, 10, 0)),
        # working days: a Friday plus 2 working days is the Tuesday
        (local(2026, 11, 20, 15, 30), 2, True, local(2026, 11, 24, 15, 30)),
        # working days skip the National Day holiday (2026-10-01..07)
        (local(2026, 9, 30, 9, 0), 1, True, local(2026, 10, 8, 9, 0)),
    ],
)
def test_add_days(start, days, working, expected):
    assert add_days(start, days, working_days=working) == expected


def test_working_days_fall_back_to_weekends_for_a_year_without_holiday_data():
    assert not calendar_has_data(2099)
    # 2099-01-02 is a Friday; 1 working day later is Monday 2099-01-05
    assert add_days(local(2099, 1, 2, 9, 0), 1, working_days=True) == local(2099, 1, 5, 9, 0)


def test_due_at_accepts_durations_and_days():
    start = local(2026, 3, 1, 8, 0)
    assert due_at(start, datetime.timedelta(minutes=10)) == local(2026, 3, 1, 8, 10)
    assert due_at(start, 2) == local(2026, 3, 3, 8, 0)


def test_overdue_by_and_due_in():
    due = local(2026, 3, 1, 8, 0)
    assert overdue_by(due, local(2026, 3, 1, 9, 30)) == datetime.timedelta(hours=1, minutes=30)
    assert overdue_by(due, local(2026, 3, 1, 7, 0)) is None
    assert due_in(due, local(2026, 3, 1, 7, 0)) == datetime.timedelta(hours=1)
    assert due_in(due, local(2026, 3, 1, 9, 0)) is None
    assert overdue_by(None, local(2026, 3, 1, 9, 0)) is None


def test_format_duration_in_chinese():
    with translation.override("zh-hans"):
        assert format_duration(datetime.timedelta(days=2, hours=3)) == "2天 3小时"
        assert format_duration(datetime.timedelta(minutes=15)) == "15分钟"
        assert format_duration(datetime.timedelta(seconds=20)) == "不到1分钟"

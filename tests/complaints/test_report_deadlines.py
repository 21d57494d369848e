"""When a complaint report is due (seed 000 §4.8, issue 16) and how long its forms are kept: pure rules."""

import datetime

import pytest

from core.periods import Period
from reports.deadlines import due_day, keep_until, report_due
from tests.complaints.conftest import SHANGHAI


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (1, datetime.date(2026, 2, 28)),  # February has no 30th: its last day
        (2, datetime.date(2026, 3, 30)),
        (3, datetime.date(2026, 4, 30)),
        (4, datetime.date(2026, 5, 30)),
        (5, datetime.date(2026, 6, 30)),
        (6, datetime.date(2026, 7, 30)),
        (7, datetime.date(2026, 8, 30)),
        (8, datetime.date(2026, 9, 30)),
        (9, datetime.date(2026, 10, 30)),
        (10, datetime.date(2026, 11, 30)),
        (11, datetime.date(2026, 12, 30)),
        (12, datetime.date(2027, 1, 30)),  # December's report is due in the next year
    ],
)
def test_monthly_report_is_due_by_the_30th_of_the_month_after(month, due):
    assert due_day(Period("month", 2026, month)) == due


def test_january_report_in_a_leap_year_is_due_on_the_29th_of_february():
    assert due_day(Period("month", 2028, 1)) == datetime.date(2028, 2, 29)


def test_half_year_and_year_reports_are_due_by_the_30th_of_the_month_after():
    assert due_day(Period("half", 2026, 1)) == datetime.date(2026, 7, 30)
    assert due_day(Period("half", 2026, 2)) == datetime.date(2027, 1, 30)
    assert due_day(Period("year", 2026)) == datetime.date(2027, 1, 30)


def test_a_report_submitted_at_23_59_on_the_due_day_is_on_time():
    due = report_due(Period("month", 2026, 1))
    assert due == datetime.datetime(2026, 3, 1, 0, 0, tzinfo=SHANGHAI)
    assert datetime.datetime(2026, 2, 28, 23, 59, tzinfo=SHANGHAI) < due


@pytest.mark.parametrize(
    ("received", "kept"),
    [
        (datetime.date(2026, 11, 23), datetime.date(2028, 11, 23)),
        (datetime.date(2028, 2, 29), datetime.date(2030, 2, 28)),
    ],
)
def test_forms_are_kept_two_years_from_the_day_quality_receives_them(received, kept):
    assert keep_until(received) == kept

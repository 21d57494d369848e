"""The due-time rules of every source (SPEC §6, issue 13): pure functions, table-driven."""

import datetime
from types import SimpleNamespace

import pytest

from callbacks import deadlines
from callbacks.choices import SourceKind
from tests.callbacks.conftest import SHANGHAI

CALLING_ENDS = datetime.time(20, 0)
POLICY = SimpleNamespace(follow_up_working_days=1, immediate=datetime.timedelta(minutes=60), calling_ends=CALLING_ENDS)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("told, due", [
    ("2026-03-10 14:00", "2026-03-11 20:00"),  # Tuesday -> Wednesday
    ("2026-03-13 16:00", "2026-03-16 20:00"),  # Friday -> Monday
    ("2026-03-14 10:00", "2026-03-16 20:00"),  # Saturday -> Monday
    ("2026-09-30 14:00", "2026-10-08 20:00"),  # before National Day -> first working day after it
    ("2026-10-09 09:00", "2026-10-10 20:00"),  # Friday -> Saturday, a make-up working day (调休)
    ("2026-03-10 23:30", "2026-03-11 20:00"),  # told late at night: still the next working day
])
def test_complaint_told_is_called_back_the_next_working_day_by_the_end_of_calling_hours(told, due):
    assert deadlines.first_due(SourceKind.COMPLAINT, now=at(told), policy=POLICY) == at(due)


@pytest.mark.parametrize("kind", [SourceKind.RECTIFICATION, SourceKind.SUGGESTION])
def test_rectifications_and_suggestion_slips_follow_the_same_working_day_rule(kind):
    assert deadlines.first_due(kind, now=at("2026-03-13 16:00"), policy=POLICY) == at("2026-03-16 20:00")


def test_the_office_may_allow_more_working_days():
    policy = SimpleNamespace(**{**vars(POLICY), "follow_up_working_days": 2})
    assert deadlines.first_due(SourceKind.COMPLAINT, now=at("2026-03-12 10:00"), policy=policy) == at("2026-03-16 20:00")


@pytest.mark.parametrize("ends, due", [
    ("2026-03-17 10:00", "2026-03-17 20:00"),  # the trial run ends in the morning: due that evening
    ("2026-03-17 20:00", "2026-03-17 20:00"),
    ("2026-03-17 21:30", "2026-03-18 20:00"),  # ends after calling hours: the next day
])
def test_satisfied_repair_is_due_when_its_trial_run_ends(ends, due):
    due_at = deadlines.first_due(SourceKind.REPAIR, now=at("2026-03-10 10:00"), policy=POLICY, satisfied=True,
                                 trial_run_ends_at=at(ends))
    assert due_at == at(due)


def test_satisfied_repair_without_trial_run_is_due_the_same_evening():
    due_at = deadlines.first_due(SourceKind.REPAIR, now=at("2026-03-10 10:00"), policy=POLICY, satisfied=True,
                                 trial_run_ends_at=at("2026-03-10 10:00"))
    assert due_at == at("2026-03-10 20:00")


def test_unsatisfied_repair_is_due_immediately_within_the_office_limit():
    now = at("2026-03-10 15:00")
    assert deadlines.first_due(SourceKind.REPAIR, now=now, policy=POLICY, satisfied=False) == at("2026-03-10 16:00")


@pytest.mark.parametrize("now, due", [
    ("2026-03-10 10:00", "2026-03-10 20:00"),  # retry at 14:00, within today's calling hours
    ("2026-03-10 16:30", "2026-03-11 20:00"),  # retry at 20:30, past calling hours: tomorrow
])
def test_not_reached_is_retried_after_the_office_interval(now, due):
    assert deadlines.retry_due(at(now), retry_after=datetime.timedelta(hours=4), calling_ends=CALLING_ENDS) == at(due)


def test_with_the_supervisor_it_is_due_by_the_next_working_day():
    assert deadlines.escalated_due(at("2026-03-13 11:00"), calling_ends=CALLING_ENDS) == at("2026-03-16 20:00")


@pytest.mark.parametrize("today, weekday, meeting", [
    (datetime.date(2026, 3, 10), 0, datetime.date(2026, 3, 16)),  # Tuesday -> next Monday
    (datetime.date(2026, 3, 16), 0, datetime.date(2026, 3, 16)),  # Monday -> today
    (datetime.date(2026, 3, 10), 4, datetime.date(2026, 3, 13)),  # Tuesday -> Friday
])
def test_serious_problems_go_to_the_next_regular_meeting(today, weekday, meeting):
    assert deadlines.next_meeting_date(today, weekday=weekday) == meeting


def test_three_failed_tries_go_to_the_supervisor():
    assert deadlines.MAX_FAILED_TRIES == 3

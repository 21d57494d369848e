"""The time limits of rectification, owners' forums and the suggestion box (SPEC §5): pure functions, no
database; the services store what they return, so lists and warnings read plain columns.
"""

import datetime

from django.utils import timezone

from complaints.deadlines import ACCEPT_LIMIT

# SPEC §5 / seed 002 意见征询制度 3 ("责成有关部门限期解决"): the office manager sets the limit and the SOP
# names no number. The office's default, which the supervisor changes per rectification: 15 days, the
# longest collection window of the survey itself (SPEC §5: 10–15 days) — a department gets at least as
# long to put a service right as residents had to return the forms, and the result can be published
# with the rectification plan within the month after the survey closes. Longer than any complaint
# limit (SPEC §4: handled within 10 days at most), since a rectification changes a service, not one case.
RECTIFICATION_DAYS = 15
# Warn the department head two days before a rectification falls due (never earlier than half its time,
# core.workflow.Deadline.limit).
RECTIFICATION_WARNING_LEAD = datetime.timedelta(days=2)

# SPEC §5 / seed 002 意见征询制度 7: the box is opened daily and each slip sorted. A slip may be a complaint,
# and a complaint is accepted within 24 hours of reaching the office (SPEC §4, seed 002 §4.1: the
# complaints app's ACCEPT_LIMIT): so a slip is sorted within that time, weekends included — the
# service centre's desk is staffed every day.
SORT_LIMIT = ACCEPT_LIMIT
# Warn the front desk eight hours before a slip must be sorted (a night's slips reach the morning shift).
SLIP_WARNING_LEAD = datetime.timedelta(hours=8)

# Owners' forum follow-ups are due on a day; the supervisor hears of each once it is overdue.
LAST_MOMENT = datetime.timedelta(microseconds=1)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def end_of(day):
    """The end of a local day: the next midnight (a step done at 23:59 that day is on time; SPEC §1)."""
    return local_midnight(day + datetime.timedelta(days=1))


def day_of(due):
    """The last day a step may be done on, for a due time stored as the midnight that ends it."""
    return timezone.localdate(due - LAST_MOMENT)


def rectification_due(now, days=RECTIFICATION_DAYS):
    """A new (or reopened) rectification is due by the end of the day `days` calendar days later."""
    return end_of(timezone.localdate(now) + datetime.timedelta(days=days))


def sort_due(found_on, entered_at):
    """A slip is sorted within 24 hours of reaching the office (so a complaint among the slips is accepted
    in time)."""
    return slip_arrival(found_on, entered_at) + SORT_LIMIT


def slip_arrival(found_on, entered_at):
    """When the slip reached the office, for the complaint it becomes (its `submitted_at`, from which the
    24-hour acceptance of SPEC §4 runs): the moment it was entered when that was on the day it was taken
    out of the box; for a slip entered on a later day, the start of the day it was taken out (the
    strict reading: the office had it from that day)."""
    if timezone.localdate(entered_at) == found_on:
        return entered_at
    return local_midnight(found_on)


def follow_up_overdue(due_on, today):
    return due_on < today

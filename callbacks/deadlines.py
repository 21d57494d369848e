"""The callback due-time policy (SPEC §6, issue 13): pure functions, no database.

Every deadline but the immediate one ends with the office's calling hours on its day: residents are
not called late at night (seed 002 §4.1.3: avoid unsuitable hours), so "due the next working day"
means by the end of calling hours that day. The office sets the numbers (CallbackPolicy); the
services pass them in, so these functions stay table-testable.
"""

import datetime

from django.utils import timezone

from callbacks.choices import SourceKind
from core.deadlines import add_days

# Issue 13 (seed 004 回访: follow the caller until reached): after three failed tries the callback goes
# to the supervisor.
MAX_FAILED_TRIES = 3
# After the third failed try the supervisor has until the end of the next working day's calling hours.
SUPERVISOR_WORKING_DAYS = 1


def calling_deadline(moment, *, calling_ends):
    """The end of calling hours on the day of `moment`, or the next day's when `moment` is past it."""
    local = timezone.localtime(moment)
    day = local.date()
    if local.time() > calling_ends:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, calling_ends), local.tzinfo)


def follow_up_due(start, *, working_days, calling_ends):
    """SPEC §6 / issue 13: a complaint handled and the resident told (and a survey rectification or a
    suggestion slip) is called back the next working day (the office sets how many), by the end of
    calling hours; public holidays and make-up days come from the Chinese calendar."""
    day = add_days(start, working_days, working_days=True)
    local = timezone.localtime(day)
    return timezone.make_aware(datetime.datetime.combine(local.date(), calling_ends), local.tzinfo)


def repair_due(*, satisfied, trial_run_ends_at, now, immediate, calling_ends):
    """SPEC §6 (seed 002 回访制度 2(1)): a satisfied resident gets a phone callback once the repair's
    trial run is over; an unsatisfied one an immediate phone call or visit."""
    if not satisfied:
        return now + immediate
    return calling_deadline(max(trial_run_ends_at or now, now), calling_ends=calling_ends)


def first_due(kind, *, now, policy, satisfied=None, trial_run_ends_at=None):
    """When a new callback of this kind falls due (the one place the rules per source are written)."""
    if kind == SourceKind.REPAIR:
        return repair_due(
            satisfied=satisfied, trial_run_ends_at=trial_run_ends_at, now=now, immediate=policy.immediate,
            calling_ends=policy.calling_ends,
        )
    return follow_up_due(now, working_days=policy.follow_up_working_days, calling_ends=policy.calling_ends)


def retry_due(now, *, retry_after, calling_ends):
    """Not reached: try again after `retry_after`, by the end of that day's calling hours."""
    return calling_deadline(now + retry_after, calling_ends=calling_ends)


def escalated_due(now, *, calling_ends):
    """With the supervisor after three failed tries: by the end of the next working day's calling hours."""
    return follow_up_due(now, working_days=SUPERVISOR_WORKING_DAYS, calling_ends=calling_ends)


def next_meeting_date(today, *, weekday):
    """The next regular meeting (例会) on the office's weekday, today included."""
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


def end_of_local_day(day):
    """Midnight after local `day`: "due today" means before it."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)

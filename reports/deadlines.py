"""When a complaint report is due and how long its forms are kept (SPEC §4, §7): pure, no database."""

import calendar
import datetime

from django.utils import timezone

# Seed 000 §4.8 / SPEC §4: the supervisor's statistics and analysis by the 30th of each month, for the
# month before (issue 16); a month without a 30th (February) ends the day before: its last day.
REPORT_DAY = 30
# SPEC §4 / §7: the complaint forms handed to the quality department are kept 2 years.
RETENTION_YEARS = 2
# The office's choice (not a SPEC number): the supervisor is warned three days before a report or the
# forms' hand-over falls due, an action item's owner one day before its due date.
REPORT_WARNING_LEAD = datetime.timedelta(days=3)
ACTION_ITEM_WARNING_LEAD = datetime.timedelta(days=1)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def end_of(day):
    """The end of a local day: the next midnight (a step done at 23:59 that day is on time)."""
    return local_midnight(day + datetime.timedelta(days=1))


def due_day(period):
    """The day a report of `period` is due: the 30th of the month after the period — or that month's
    last day when it has no 30th (February)."""
    after = period.end_date  # the first day after the period
    return after.replace(day=min(REPORT_DAY, calendar.monthrange(after.year, after.month)[1]))


def report_due(period):
    return end_of(due_day(period))


def keep_until(received_on):
    """The last day the forms must be kept: 2 years after the quality department received them."""
    try:
        return received_on.replace(year=received_on.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return received_on.replace(year=received_on.year + RETENTION_YEARS, day=28)

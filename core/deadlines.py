"""Deadline helpers shared by the workflows: due times, "overdue by", "due in".

Pure functions, no database. Day limits count calendar days unless `working_days` is set;
then Chinese public holidays and make-up working days (调休) come from `chinese_calendar`,
and for a year it has no data for, only weekends are skipped (`calendar_has_data` tells).
"""

import datetime

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def calendar_has_data(year):
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_days(start, days, *, working_days=False):
    """`start` plus `days` days, at the same local time of day."""
    if not working_days:
        return start + datetime.timedelta(days=days)
    local = timezone.localtime(start)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    moved = datetime.datetime.combine(day, local.timetz().replace(tzinfo=None))
    return timezone.make_aware(moved, local.tzinfo)


def due_at(start, limit, *, working_days=False):
    """Due time for a limit given as a timedelta (minutes, hours) or a number of days."""
    if isinstance(limit, datetime.timedelta):
        return start + limit
    return add_days(start, limit, working_days=working_days)


def overdue_by(due, now):
    """How long past due, or None if not (yet) overdue."""
    if due is None or now <= due:
        return None
    return now - due


def due_in(due, now):
    """How long until due, or None if already past."""
    if due is None or now > due:
        return None
    return due - now


def format_duration(delta):
    """A short human duration: '2天3小时', '15分钟' in Chinese."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts) if parts else _("less than a minute")

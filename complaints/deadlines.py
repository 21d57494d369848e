"""The complaint due-time policy (SPEC §4 time-limit table): pure functions, no database.

Services call `reception_due_times` at reception/grading and the step helpers at each step and
store the results as DateTimeFields, so the overdue board can work in SQL.
"""

import calendar
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import Level
from core.channels import Channel
from core.deadlines import add_days
from core.roles import Role

# SPEC §4 / seed 002 §4.1: a complaint is accepted (受理) within 24 hours of reaching the office;
# it matters for letters, faxes, the suggestion box and online messages, which wait to be recorded.
ACCEPT_LIMIT = datetime.timedelta(hours=24)
# Channels where the resident is not in front of the clerk, so arrival and reception can differ.
DEFERRED_CHANNELS = (Channel.LETTER, Channel.FAX, Channel.SUGGESTION_BOX, Channel.ONLINE)
# SPEC §4: the form goes to the complained department within 10 minutes, every level.
DISPATCH_LIMIT = datetime.timedelta(minutes=10)
# SPEC §4 / seed 000 §4.5: the department's receiver signs the register when the form arrives;
# we give the receiver the same 10 minutes from dispatch.
SIGN_LIMIT = datetime.timedelta(minutes=10)
# SPEC §4: important complaints go to the manager within 1 hour of reception.
IMPORTANT_FORWARD_LIMIT = datetime.timedelta(hours=1)
# SPEC §4: major complaints get a definite answer to the resident within 2 days.
MAJOR_ANSWER_DAYS = 2
MAJOR_ANSWER_LIMIT = datetime.timedelta(days=MAJOR_ANSWER_DAYS)
# SPEC §4: handled within 10 days (major), 3 days (important), 2 days (minor, or sooner if the resident asks).
HANDLE_DAYS = {Level.MAJOR: 10, Level.IMPORTANT: 3, Level.MINOR: 2}
# SPEC §4 major (c): a valid complaint not reasonably resolved within one month becomes major.
ESCALATION_MONTHS = 1
# The shortest month, for sizing the escalation warning (core.workflow.Deadline.limit).
ESCALATION_LIMIT = datetime.timedelta(days=28)
# Issue 4: repeat complaints from the same unit about the same department within 30 days.
REPEAT_WINDOW = datetime.timedelta(days=30)
# Issue 4: the board also shows what falls due within the next 24 hours.
BOARD_HORIZON = datetime.timedelta(hours=24)
# SPEC §4: who approves an extension; major complaints have no extension in the table.
EXTENSION_APPROVER = {Level.MINOR: Role.MANAGER, Level.IMPORTANT: Role.GENERAL_MANAGER}


def arrival_error(channel, submitted_at, now):
    """Why an arrival time cannot stand (a message for the clerk), or None. Visits and calls arrive as
    they are recorded; a letter cannot arrive after it is recorded."""
    if submitted_at is None:
        return None
    if channel not in DEFERRED_CHANNELS:
        return _("A visit or call is received as it happens: leave this empty.")
    if submitted_at > now:
        return _("The time it reached the office cannot be in the future.")
    return None


def end_of_day(moment):
    """The end of the local day of `moment` ("the same day" ends at midnight, SPEC §1): the next
    local midnight; a step done before it, 23:59:59 included, is on time."""
    local = timezone.localtime(moment)
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight, local.tzinfo)


def add_months(moment, months):
    """Same local day and time `months` later, clamped to the month's last day (31 Jan -> 28/29 Feb)."""
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def dispatch_due(received_at):
    return received_at + DISPATCH_LIMIT


def sign_due(dispatched_at):
    return dispatched_at + SIGN_LIMIT


def forward_due(level, start):
    """Important: within 1 hour; major: the same day (to the general manager); minor: no forwarding."""
    if level == Level.IMPORTANT:
        return start + IMPORTANT_FORWARD_LIMIT
    if level == Level.MAJOR:
        return end_of_day(start)
    return None


def answer_due(level, start, *, working_days=False):
    if level == Level.MAJOR:
        return add_days(start, MAJOR_ANSWER_DAYS, working_days=working_days)
    return None


def handle_due(level, start, *, requested_deadline=None, working_days=False):
    """The handling deadline; for minor complaints the resident's own deadline wins if sooner."""
    if level not in HANDLE_DAYS:
        return None
    due = add_days(start, HANDLE_DAYS[level], working_days=working_days)
    if level == Level.MINOR and requested_deadline and requested_deadline < due:
        return requested_deadline
    return due


def handle_limit(complaint):
    """The handling step's own limit at the complaint's level (sizes its warning)."""
    days = HANDLE_DAYS.get(complaint.level)
    return datetime.timedelta(days=days) if days else None


def inform_due(handled_at):
    # SPEC §4: the resident is told the result the same day the department returns the form.
    return end_of_day(handled_at)


def escalation_due(received_at):
    return add_months(received_at, ESCALATION_MONTHS)


def reception_due_times(*, level, received_at, requested_deadline=None, working_days=False):
    """Every due time known at reception (or when an ungraded complaint gets its level)."""
    return {
        "dispatch_due": dispatch_due(received_at),
        "forward_due": forward_due(level, received_at),
        "answer_due": answer_due(level, received_at, working_days=working_days),
        "handle_due": handle_due(
            level, received_at, requested_deadline=requested_deadline, working_days=working_days
        ),
        "escalation_due": escalation_due(received_at),
    }


def escalated_due_times(*, escalated_at, working_days=False):
    """Once a complaint becomes major by criterion (c), the major row of the SPEC §4 table applies from
    the escalation: forward to the general manager that day, a definite answer within 2 days, handled
    within 10 days."""
    return {
        "forward_due": forward_due(Level.MAJOR, escalated_at),
        "answer_due": answer_due(Level.MAJOR, escalated_at, working_days=working_days),
        "handle_due": handle_due(Level.MAJOR, escalated_at, working_days=working_days),
    }


def extension_approver(level):
    """The role that approves an extension at this level, or None if the SPEC allows none."""
    return EXTENSION_APPROVER.get(level)

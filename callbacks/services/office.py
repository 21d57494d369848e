"""The supervisor's side: handing callbacks to clerks, the regular meeting (例会), the warnings."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from callbacks import deadlines
from callbacks.models import CallbackPolicy
from callbacks.services._common import tell_meeting
from callbacks.workflow import WORKFLOW
from core.errors import WorkflowError
from core.notifications import notify
from core.people import display_name
from core.timeline import record_event


@transaction.atomic
def assign_callback(*, callback, assignee, by, now=None):
    """The supervisor arranges the callback (seed 000 §4.8): the clerk who makes it."""
    now = now or timezone.now()
    callback = WORKFLOW.transition(callback, "assign", by=by, now=now, note=display_name(assignee),
                                   changes={"assignee": assignee})
    notify([assignee], message=format_lazy(_("{number}: callback handed to you"), number=callback.number),
           url=callback.get_absolute_url(), key=f"callback:{callback.pk}:assigned:{assignee.pk}:{now:%Y%m%d%H%M%S}",
           target=callback, step="call")
    return callback


@transaction.atomic
def hand_back(*, callback, assignee, by, now=None):
    """After three failed tries the supervisor sends a clerk once more (e.g. to visit in the evening): due
    again by the next retry time; one more failed try returns it to the supervisor."""
    now = now or timezone.now()
    policy = CallbackPolicy.current()
    callback = WORKFLOW.transition(
        callback, "hand_back", by=by, now=now, note=display_name(assignee),
        changes={"assignee": assignee,
                 "call_due": deadlines.retry_due(now, retry_after=policy.retry_after, calling_ends=policy.calling_ends)},
    )
    notify([assignee], message=format_lazy(_("{number}: callback handed to you"), number=callback.number),
           url=callback.get_absolute_url(), key=f"callback:{callback.pk}:assigned:{assignee.pk}:{now:%Y%m%d%H%M%S}",
           target=callback, step="call")
    return callback


@transaction.atomic
def flag_for_meeting(*, callback, meeting_date, meeting_problem, by, now=None):
    """Seed 004 回访制度 9: a serious problem found in a callback goes to the regular meeting."""
    now = now or timezone.now()
    if not meeting_problem.strip():
        raise WorkflowError(_("Describe the serious problem for the meeting."))
    callback = WORKFLOW.transition(
        callback, "flag_meeting", by=by, now=now, note=f"{meeting_date.isoformat()} {meeting_problem}",
        changes={"meeting_date": meeting_date, "meeting_problem": meeting_problem},
    )
    tell_meeting(callback)
    return callback


@transaction.atomic
def record_meeting_outcome(*, callback, outcome, by, now=None):
    """What the meeting decided (做到件件有落实，事事有回音), on the callback and its source."""
    now = now or timezone.now()
    if not outcome.strip():
        raise WorkflowError(_("Write down what the meeting decided."))
    callback = WORKFLOW.transition(
        callback, "meeting_outcome", by=by, now=now, note=outcome,
        changes={"meeting_outcome": outcome, "meeting_outcome_at": now, "meeting_outcome_by": by},
    )
    record_event(callback.source, action="callback_meeting", label=_("Regular meeting decided"), by=by, at=now,
                 note=f"{callback.number} · {outcome}", data={"callback": callback.pk})
    return callback


def warn_due_callbacks(*, now=None):
    """Warn once when a callback (or a promised answer) falls due within the office's lead, and again
    once overdue (core.workflow). Run every minute by the scheduler (core.jobs)."""
    now = now or timezone.now()
    return WORKFLOW.warn_due(now=now, office_lead=CallbackPolicy.current().warning_lead)


@transaction.atomic
def update_policy(*, policy, by):
    """Save the office setting (from the admin) with who changed it, on the setting's timeline."""
    policy.updated_by = by
    policy.save()
    record_event(policy, action="updated", label=_("Callback setting changed"), by=by,
                 note=(f"days={policy.follow_up_working_days} trial={policy.repair_trial_run_days} "
                       f"immediate={policy.immediate_minutes}m retry={policy.retry_hours}h "
                       f"hours={policy.calling_starts:%H:%M}-{policy.calling_ends:%H:%M} "
                       f"lead={policy.warning_lead_hours}h meeting={policy.meeting_weekday}"))
    return policy


def default_trial_run_days():
    """The repairs' trial-run period the office set (the repair slip may give another)."""
    return CallbackPolicy.current().repair_trial_run_days

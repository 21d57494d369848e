"""The periodic work: one-month escalation (criterion c) and the once-per-step warnings."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Level, MajorCriterion
from complaints.models import Complaint, ComplaintPolicy
from complaints.services._common import working_days_setting
from complaints.workflow import UNRESOLVED, WORKFLOW
from core.errors import WorkflowError
from core.timeline import record_event


@transaction.atomic
def escalate_complaint(*, complaint, now=None, by=None):
    """SPEC §4 major (c): a valid complaint unresolved a month after reception becomes major, and the
    major row of the time-limit table applies from now. Refused (WorkflowError) before the month is up."""
    now = now or timezone.now()
    previous = complaint.get_level_display() or "-"

    def changes(c):
        if c.escalation_due is None or c.escalation_due > now:
            raise WorkflowError(_("This complaint has not been unresolved for a month yet."))
        return {
            "level": Level.MAJOR, "major_criterion": MajorCriterion.UNRESOLVED_MONTH, "escalated_at": now,
            "forwarded_at": None,
            **deadlines.escalated_due_times(escalated_at=now, working_days=working_days_setting()),
        }

    return WORKFLOW.transition(complaint, "escalate", by=by, now=now, changes=changes, note=str(previous))


def escalate_due_complaints(*, now=None):
    """Escalate every complaint that has crossed the one-month line; returns how many. Idempotent: one
    escalated (or resolved) meanwhile by someone else is left alone."""
    now = now or timezone.now()
    candidates = (
        Complaint.objects.filter(is_valid=True, status__in=UNRESOLVED, escalation_due__lte=now)
        .exclude(level=Level.MAJOR).order_by("pk")
    )
    count = 0
    for complaint in candidates:
        try:
            escalate_complaint(complaint=complaint, now=now)
        except WorkflowError:
            continue
        count += 1
    return count


@transaction.atomic
def nudge_complaint(*, complaint, by, note="", now=None):
    """The supervisor's 催办 from the board: the people of the next step are told again."""
    return WORKFLOW.nudge(complaint, by=by, now=now or timezone.now(), note=note)


@transaction.atomic
def add_note(*, complaint, by, text, now=None):
    """A supervisor's note on the timeline (e.g. after calling the department)."""
    return WORKFLOW.transition(complaint, "note", by=by, now=now or timezone.now(), note=text)


@transaction.atomic
def update_policy(*, working_days, warning_lead_minutes, by):
    policy = ComplaintPolicy.objects.select_for_update().get(pk=ComplaintPolicy.current().pk)
    policy.working_days = working_days
    policy.warning_lead_minutes = warning_lead_minutes
    policy.updated_by = by
    policy.save()
    record_event(policy, action="updated", label=_("Complaint deadline setting changed"), by=by,
                 note=f"working_days={working_days} lead={warning_lead_minutes}")
    return policy


def warn_due_complaints(*, now=None):
    """Warn once per step when it falls due within its lead, and again once overdue (core.workflow).
    Returns the number of notifications created."""
    now = now or timezone.now()
    return WORKFLOW.warn_due(now=now, office_lead=ComplaintPolicy.current().warning_lead)

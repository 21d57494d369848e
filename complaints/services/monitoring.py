"""Cron-driven work: one-month escalation (criterion c) and the once-per-step warnings."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Level, MajorCriterion, Status
from complaints.models import Complaint, ComplaintPolicy, pending_steps
from complaints.services._common import lock_complaint, save_fields, working_days_setting
from core.notifications import notify
from core.roles import Role, users_with_role
from core.timeline import record_event


@transaction.atomic
def escalate_complaint(*, complaint, now=None, by=None):
    """SPEC §4 major (c): a valid complaint unresolved a month after reception becomes major. Idempotent:
    a complaint already major, resolved or not yet due is left alone and None is returned."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    due = complaint.escalation_due
    if (
        not complaint.is_valid
        or complaint.level == Level.MAJOR
        or complaint.status not in (Status.RECEIVED, Status.DISPATCHED, Status.SIGNED)
        or due is None
        or due > now
    ):
        return None
    previous = complaint.get_level_display() or "-"
    complaint.level = Level.MAJOR
    complaint.major_criterion = MajorCriterion.UNRESOLVED_MONTH
    complaint.escalated_at = now
    dues = deadlines.escalated_due_times(escalated_at=now, working_days=working_days_setting())
    complaint.forward_due = dues["forward_due"]
    complaint.answer_due = dues["answer_due"]
    complaint.forwarded_at = None
    save_fields(complaint, ["level", "major_criterion", "escalated_at", "forward_due", "answer_due", "forwarded_at"])
    record_event(complaint, action="escalated", label=_("Escalated to major: unresolved one month (criterion c)"),
                 by=by, at=now, note=str(previous))
    return complaint


def escalate_due_complaints(*, now=None):
    """Escalate every complaint that has crossed the one-month line; returns how many."""
    now = now or timezone.now()
    candidates = (
        Complaint.objects.valid().unresolved().exclude(level=Level.MAJOR)
        .filter(escalation_due__lte=now).values_list("pk", flat=True)
    )
    count = 0
    for pk in list(candidates):
        if escalate_complaint(complaint=Complaint(pk=pk), now=now):
            count += 1
    return count


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


def _step_recipients(complaint, supervisors):
    """Issue 4: the department head and the supervisors are warned."""
    head = complaint.department.head if complaint.department_id else None
    return [*supervisors, head] if head else list(supervisors)


def warn_due_complaints(*, now=None):
    """Warn once per step when it is due within the office's lead time, and again once overdue.

    The notification key names the complaint, the step, its due time and the kind, so reruns from cron
    tell nobody twice, while a new due time (extension, reopening) gets its own warnings.
    Returns the number of notifications created.
    """
    now = now or timezone.now()
    lead = ComplaintPolicy.current().warning_lead
    supervisors = list(users_with_role(Role.SUPERVISOR))
    created = 0
    for step, (field, condition) in pending_steps().items():
        rows = (
            Complaint.objects.filter(condition, **{f"{field}__lte": now + lead})
            .select_related("department__head")
            .only("pk", "number", field, "department__head")
        )
        for complaint in rows.iterator(chunk_size=500):
            due = getattr(complaint, field)
            kind = "overdue" if due < now else "soon"
            text = _("{number}: {step} overdue") if kind == "overdue" else _("{number}: {step} due soon")
            message = format_lazy(text, number=complaint.number, step=step.label)
            key = f"complaint:{complaint.pk}:{step.value}:{due:%Y%m%d%H%M}:{kind}"
            created += len(
                notify(_step_recipients(complaint, supervisors), message=message,
                       url=complaint.get_absolute_url(), key=key)
            )
    return created

"""Reception: registering, grading, the not-valid answer, dispatch and forwarding (SPEC §4)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Level, Status
from complaints.models import Complaint
from complaints.services._common import (
    ComplaintError,
    InvalidTransition,
    check_transition,
    lock_complaint,
    save_fields,
    working_days_setting,
)
from core.notifications import notify
from core.numbering import next_number
from core.timeline import record_event

NUMBER_PREFIX = "TS"  # 投诉


def _flag_repeat(complaint, department):
    """Issue 4: same unit, same department, within 30 days -> a possible criterion (a) for the supervisor."""
    if complaint.unit_id is None or department is None:
        return False
    since = complaint.received_at - deadlines.REPEAT_WINDOW
    return (
        Complaint.objects.filter(unit_id=complaint.unit_id, received_at__gte=since, received_at__lte=complaint.received_at)
        .exclude(pk=complaint.pk)
        .filter(department=department)
        .exists()
        or Complaint.objects.filter(
            unit_id=complaint.unit_id, received_at__gte=since, received_at__lte=complaint.received_at,
            complained_departments=department,
        )
        .exclude(pk=complaint.pk)
        .exists()
    )


@transaction.atomic
def register_complaint(
    *,
    by,
    channel,
    description,
    submitted_at=None,
    complainant_name="",
    complainant_phone="",
    resident=None,
    unit=None,
    estate=None,
    now=None,
    level="",
    major_criterion="",
    category="",
    occurred_at=None,
    occurred_place="",
    departments=(),
    complained_person="",
    demand="",
    requested_deadline=None,
    is_valid=True,
    invalid_reason="",
):
    """Log a complaint from any channel (SPEC §4). Level may be left empty (e.g. from a help request)
    and graded later with `grade_complaint`; a not-valid complaint is answered and closed at once."""
    now = now or timezone.now()
    if error := deadlines.arrival_error(channel, submitted_at, now):
        raise ComplaintError(error)
    if level == Level.MAJOR and not major_criterion:
        raise ComplaintError(_("Say which major criterion applies (a, b or c)."))
    if estate is None and unit is not None:
        estate = unit.building.estate
    complaint = Complaint(
        number=next_number(NUMBER_PREFIX, at=now),
        channel=channel,
        received_at=now,
        submitted_at=submitted_at,
        recorded_by=by,
        resident=resident,
        unit=unit,
        estate=estate,
        complainant_name=complainant_name or (resident.name if resident else ""),
        complainant_phone=complainant_phone or (resident.phone if resident else ""),
        description=description,
        demand=demand,
        occurred_at=occurred_at,
        occurred_place=occurred_place,
        complained_person=complained_person,
        requested_deadline=requested_deadline,
        level=level,
        major_criterion=major_criterion if level == Level.MAJOR else "",
        category=category or Complaint._meta.get_field("category").default,
    )
    complaint.__dict__.update(
        deadlines.reception_due_times(
            level=level, received_at=now, requested_deadline=requested_deadline, working_days=working_days_setting()
        )
    )
    complaint.save()
    if departments:
        complaint.complained_departments.set(departments)
    note = complaint.get_channel_display()
    if complaint.accepted_late:
        note = _("%(channel)s; accepted more than 24 hours after it reached the office") % {"channel": note}
    record_event(complaint, action="received", label=_("Complaint received"), by=by, at=now, note=note)
    if level:
        _record_level(complaint, by=by, now=now)
    if not is_valid:
        complaint = mark_invalid(complaint=complaint, reason=invalid_reason, by=by, now=now)
    return complaint


def _record_level(complaint, *, by, now):
    # The label is stored untranslated and shown translated, so the level goes in the note.
    note = " ".join(filter(None, [str(complaint.get_level_display()), complaint.get_major_criterion_display()]))
    record_event(complaint, action="graded", label=_("Graded"), by=by, at=now, note=note)


@transaction.atomic
def grade_complaint(*, complaint, level, major_criterion="", by, now=None):
    """Set or change the level before dispatch; the due times follow from reception."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    if complaint.status != Status.RECEIVED or not complaint.is_valid:
        raise InvalidTransition(_("Only a valid complaint not yet dispatched can be graded here."))
    if level == Level.MAJOR and not major_criterion:
        raise ComplaintError(_("Say which major criterion applies (a, b or c)."))
    complaint.level = level
    complaint.major_criterion = major_criterion if level == Level.MAJOR else ""
    dues = deadlines.reception_due_times(
        level=level, received_at=complaint.received_at, requested_deadline=complaint.requested_deadline,
        working_days=working_days_setting(),
    )
    dues.pop("dispatch_due")
    dues.pop("escalation_due")
    complaint.__dict__.update(dues)
    save_fields(complaint, ["level", "major_criterion", *dues])
    _record_level(complaint, by=by, now=now)
    return complaint


@transaction.atomic
def mark_invalid(*, complaint, reason, by, now=None):
    """Not about the company's management or service: recorded with the reason, answered, closed."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("Give the reason the complaint is not valid."))
    complaint = lock_complaint(complaint)
    check_transition(complaint, "mark_invalid")
    complaint.is_valid = False
    complaint.invalid_reason = reason
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    save_fields(complaint, ["is_valid", "invalid_reason", "status", "closed_at"])
    record_event(complaint, action="invalid", label=_("Not a valid complaint: answered and closed"), by=by,
                 at=now, note=reason)
    return complaint


@transaction.atomic
def dispatch_complaint(*, complaint, department, by, now=None):
    """Send the form to the complained department (due 10 minutes after reception)."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    check_transition(complaint, "dispatch")
    complaint.status = Status.DISPATCHED
    complaint.department = department
    complaint.dispatched_at = now
    complaint.dispatched_by = by
    complaint.sign_due = deadlines.sign_due(now)
    complaint.repeat_flag = complaint.repeat_flag or _flag_repeat(complaint, department)
    save_fields(complaint, ["status", "department", "dispatched_at", "dispatched_by", "sign_due", "repeat_flag"])
    record_event(complaint, action="dispatched", label=_("Dispatched to department"), by=by, at=now,
                 note=department.name)
    if complaint.repeat_flag:
        record_event(complaint, action="repeat_flagged",
                     label=_("Possible repeat complaint (criterion a) flagged for the supervisor"), at=now)
    notify(department.staff(), message=format_lazy(_("{number}: complaint dispatched to your department"),
                                                   number=complaint.number),
           url=complaint.get_absolute_url(), key=f"complaint:{complaint.pk}:dispatched:{now:%Y%m%d%H%M%S}")
    return complaint


@transaction.atomic
def forward_complaint(*, complaint, to, by, now=None):
    """Important: to the manager within 1 hour; major: to the general manager the same day."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    if complaint.forward_due is None or complaint.forwarded_at is not None:
        raise InvalidTransition(_("This complaint has nothing to forward."))
    complaint.forwarded_at = now
    complaint.forwarded_to = to
    save_fields(complaint, ["forwarded_at", "forwarded_to"])
    record_event(complaint, action="forwarded", label=_("Forwarded to the manager / general manager"), by=by,
                 at=now, note=to.get_full_name() or to.username)
    notify([to], message=format_lazy(_("{number}: complaint forwarded to you"), number=complaint.number),
           url=complaint.get_absolute_url())
    return complaint

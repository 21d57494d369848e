"""Every write to a complaint: one function per step, each in one transaction with a timeline entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Level, MajorCriterion, Status
from complaints.models import Complaint, ComplaintExtension, ComplaintPolicy, pending_steps
from complaints.permissions import in_department
from core.notifications import notify
from core.numbering import next_number
from core.roles import Role, has_role, users_with_role
from core.timeline import record_event

NUMBER_PREFIX = "TS"  # 投诉


class ComplaintError(ValidationError):
    """A move the workflow does not allow; the message is shown to the user."""


class InvalidTransition(ComplaintError):
    pass


def _lock(complaint):
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _check(complaint, action):
    if action not in complaint.allowed_transitions():
        raise InvalidTransition(
            _("“%(action)s” is not possible while the complaint is %(status)s."),
            params={"action": action, "status": complaint.get_status_display()},
        )


def _save(complaint, fields):
    complaint.save(update_fields=fields)
    return complaint


def _working_days():
    return ComplaintPolicy.current().working_days


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
    if level == Level.MAJOR and not major_criterion:
        raise ComplaintError(_("Say which major criterion applies (a, b or c)."))
    if estate is None and unit is not None:
        estate = unit.building.estate
    complaint = Complaint(
        number=next_number(NUMBER_PREFIX, at=now),
        channel=channel,
        received_at=now,
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
            level=level, received_at=now, requested_deadline=requested_deadline, working_days=_working_days()
        )
    )
    complaint.save()
    if departments:
        complaint.complained_departments.set(departments)
    record_event(complaint, action="received", label=_("Complaint received"), by=by, at=now,
                 note=complaint.get_channel_display())
    if level:
        _record_level(complaint, by=by, now=now)
    if not is_valid:
        complaint = mark_invalid(complaint=complaint, reason=invalid_reason, by=by, now=now)
    return complaint


def _record_level(complaint, *, by, now):
    label = format_lazy("{}: {}", _("Graded"), complaint.get_level_display())
    note = complaint.get_major_criterion_display() if complaint.major_criterion else ""
    record_event(complaint, action="graded", label=label, by=by, at=now, note=note)


@transaction.atomic
def grade_complaint(*, complaint, level, major_criterion="", by, now=None):
    """Set or change the level before dispatch; the due times follow from reception."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    if complaint.status != Status.RECEIVED or not complaint.is_valid:
        raise InvalidTransition(_("Only a valid complaint not yet dispatched can be graded here."))
    if level == Level.MAJOR and not major_criterion:
        raise ComplaintError(_("Say which major criterion applies (a, b or c)."))
    complaint.level = level
    complaint.major_criterion = major_criterion if level == Level.MAJOR else ""
    dues = deadlines.reception_due_times(
        level=level, received_at=complaint.received_at, requested_deadline=complaint.requested_deadline,
        working_days=_working_days(),
    )
    dues.pop("dispatch_due")
    dues.pop("escalation_due")
    complaint.__dict__.update(dues)
    _save(complaint, ["level", "major_criterion", *dues])
    _record_level(complaint, by=by, now=now)
    return complaint


@transaction.atomic
def mark_invalid(*, complaint, reason, by, now=None):
    """Not about the company's management or service: recorded with the reason, answered, closed."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("Give the reason the complaint is not valid."))
    complaint = _lock(complaint)
    _check(complaint, "mark_invalid")
    complaint.is_valid = False
    complaint.invalid_reason = reason
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    _save(complaint, ["is_valid", "invalid_reason", "status", "closed_at"])
    record_event(complaint, action="invalid", label=_("Not a valid complaint: answered and closed"), by=by,
                 at=now, note=reason)
    return complaint


@transaction.atomic
def dispatch_complaint(*, complaint, department, by, now=None):
    """Send the form to the complained department (due 10 minutes after reception)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check(complaint, "dispatch")
    complaint.status = Status.DISPATCHED
    complaint.department = department
    complaint.dispatched_at = now
    complaint.dispatched_by = by
    complaint.sign_due = deadlines.sign_due(now)
    complaint.repeat_flag = complaint.repeat_flag or _flag_repeat(complaint, department)
    _save(complaint, ["status", "department", "dispatched_at", "dispatched_by", "sign_due", "repeat_flag"])
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
    complaint = _lock(complaint)
    if complaint.forward_due is None or complaint.forwarded_at is not None:
        raise InvalidTransition(_("This complaint has nothing to forward."))
    complaint.forwarded_at = now
    complaint.forwarded_to = to
    _save(complaint, ["forwarded_at", "forwarded_to"])
    record_event(complaint, action="forwarded", label=_("Forwarded to the manager / general manager"), by=by,
                 at=now, note=to.get_full_name() or to.username)
    notify([to], message=format_lazy(_("{number}: complaint forwarded to you"), number=complaint.number),
           url=complaint.get_absolute_url())
    return complaint


def _require_department(complaint, by):
    if not in_department(by, complaint.department):
        raise PermissionDenied


@transaction.atomic
def sign_for_complaint(*, complaint, by, now=None):
    """The department's receiver signs the handling register: who and when."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check(complaint, "sign")
    _require_department(complaint, by)
    complaint.status = Status.SIGNED
    complaint.signed_at = now
    complaint.signed_by = by
    _save(complaint, ["status", "signed_at", "signed_by"])
    record_event(complaint, action="signed", label=_("Signed for by the department"), by=by, at=now)
    return complaint


@transaction.atomic
def record_handling(*, complaint, process, result, by, now=None):
    """The department records the process and result and returns the form to the service centre."""
    now = now or timezone.now()
    if not result.strip():
        raise ComplaintError(_("Record the handling result."))
    complaint = _lock(complaint)
    _check(complaint, "handle")
    _require_department(complaint, by)
    complaint.status = Status.HANDLED
    complaint.handled_at = now
    complaint.handled_by = by
    complaint.handling_process = process
    complaint.handling_result = result
    complaint.inform_due = deadlines.inform_due(now)
    _save(complaint, ["status", "handled_at", "handled_by", "handling_process", "handling_result", "inform_due"])
    record_event(complaint, action="handled", label=_("Handled and returned to the service centre"), by=by,
                 at=now, note=result)
    return complaint


@transaction.atomic
def record_answer(*, complaint, answer, by, now=None):
    """Major complaints: the definite answer to the resident (within 2 days)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    if complaint.answer_due is None or complaint.answered_at is not None:
        raise InvalidTransition(_("This complaint needs no definite answer now."))
    complaint.answered_at = now
    complaint.answer = answer
    _save(complaint, ["answered_at", "answer"])
    record_event(complaint, action="answered", label=_("Definite answer given to the resident"), by=by, at=now,
                 note=answer)
    return complaint


@transaction.atomic
def inform_resident(*, complaint, method, note="", by, now=None):
    """Supervisor informed and the resident told the result (phone or floor-patrol visit), same day."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check(complaint, "inform")
    complaint.status = Status.INFORMED
    complaint.informed_at = now
    complaint.inform_method = method
    _save(complaint, ["status", "informed_at", "inform_method"])
    record_event(complaint, action="informed", label=_("Supervisor informed and resident told the result"),
                 by=by, at=now, note=" ".join(filter(None, [complaint.get_inform_method_display(), note])))
    return complaint


def _back_to_handling(complaint, *, now):
    """Reopen for the same department with a fresh handling deadline at the complaint's level."""
    complaint.status = Status.SIGNED
    complaint.handled_at = None
    complaint.informed_at = None
    complaint.closed_at = None
    complaint.inform_due = None
    complaint.handle_due = deadlines.handle_due(complaint.level, now, working_days=_working_days())
    return ["status", "handled_at", "informed_at", "closed_at", "inform_due", "handle_due"]


@transaction.atomic
def record_callback(*, complaint, satisfied, note="", by, now=None):
    """Callback result (until the callbacks app exists): satisfied closes the complaint, unsatisfied sends
    it back to handling "until the resident is satisfied" (seed 004)."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _check(complaint, "callback")
    complaint.callback_satisfied = satisfied
    complaint.callback_note = note
    if satisfied:
        if complaint.needs_corrective_action and not complaint.has_corrective_action:
            raise ComplaintError(
                _("Record the corrective and preventive action before closing a major or important complaint.")
            )
        complaint.status = Status.CLOSED
        complaint.closed_at = now
        _save(complaint, ["callback_satisfied", "callback_note", "status", "closed_at"])
        record_event(complaint, action="closed", label=_("Callback: resident satisfied; closed after callback"),
                     by=by, at=now, note=note)
    else:
        fields = _back_to_handling(complaint, now=now)
        _save(complaint, ["callback_satisfied", "callback_note", *fields])
        record_event(complaint, action="callback_unsatisfied",
                     label=_("Callback: resident unsatisfied; back to handling"), by=by, at=now, note=note)
    return complaint


@transaction.atomic
def appeal_complaint(*, complaint, reason, by, now=None):
    """The resident disagrees with the decision (申诉): the case reopens with the appeal recorded."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("Record what the resident appeals against."))
    complaint = _lock(complaint)
    _check(complaint, "appeal")
    fields = _back_to_handling(complaint, now=now)
    complaint.appeal_count += 1
    complaint.callback_satisfied = None
    _save(complaint, [*fields, "appeal_count", "callback_satisfied"])
    record_event(complaint, action="appealed", label=_("Appeal by the resident: case reopened"), by=by, at=now,
                 note=reason)
    return complaint


@transaction.atomic
def record_corrective_action(*, complaint, cause, remedy, corrective_action, verification, by, now=None):
    """纠正与预防 for major and important complaints: cause, remedy, corrective action, verification."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    if not complaint.needs_corrective_action:
        raise InvalidTransition(_("Corrective action is recorded for major and important complaints."))
    complaint.cause, complaint.remedy = cause, remedy
    complaint.corrective_action, complaint.verification = corrective_action, verification
    _save(complaint, ["cause", "remedy", "corrective_action", "verification"])
    record_event(complaint, action="corrective_action", label=_("Corrective and preventive action recorded"),
                 by=by, at=now, note=corrective_action)
    return complaint


@transaction.atomic
def request_extension(*, complaint, reason, new_due, by, now=None):
    """The department asks for more time, with a reason and a new date."""
    now = now or timezone.now()
    complaint = _lock(complaint)
    _require_department(complaint, by)
    approver = deadlines.extension_approver(complaint.level)
    if approver is None:
        raise ComplaintError(_("Major complaints cannot be extended (SPEC §4)."))
    if complaint.status not in (Status.DISPATCHED, Status.SIGNED):
        raise InvalidTransition(_("Only a complaint being handled can be extended."))
    if complaint.extensions.filter(decision=ComplaintExtension.Decision.PENDING).exists():
        raise ComplaintError(_("An extension request is already waiting for a decision."))
    if new_due <= complaint.handle_due:
        raise ComplaintError(_("The new date must be later than the current deadline."))
    extension = ComplaintExtension.objects.create(
        complaint=complaint, requested_by=by, requested_at=now, reason=reason,
        old_due=complaint.handle_due, new_due=new_due, approver_role=approver,
    )
    record_event(complaint, action="extension_requested", label=_("Extension requested"), by=by, at=now,
                 note=f"{timezone.localtime(new_due):%Y-%m-%d %H:%M} {reason}")
    notify(users_with_role(approver), message=format_lazy("{} {}", complaint.number, _("Extension requested")),
           url=complaint.get_absolute_url())
    return extension


@transaction.atomic
def decide_extension(*, extension, approve, note="", by, now=None):
    """Manager (minor) or general manager (important) approves or refuses; approval moves the due time."""
    now = now or timezone.now()
    extension = ComplaintExtension.objects.select_for_update().get(pk=extension.pk)
    complaint = _lock(extension.complaint)
    if not has_role(by, Role(extension.approver_role)):
        raise PermissionDenied
    if extension.decision != ComplaintExtension.Decision.PENDING:
        raise ComplaintError(_("This extension has already been decided."))
    extension.decision = ComplaintExtension.Decision.APPROVED if approve else ComplaintExtension.Decision.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = by, now, note
    extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    if approve:
        complaint.handle_due = extension.new_due
        _save(complaint, ["handle_due"])
        label = _("Extension approved: new handling deadline")
    else:
        label = _("Extension refused")
    record_event(complaint, action=f"extension_{extension.decision}", label=label, by=by, at=now, note=note)
    return extension


@transaction.atomic
def escalate_complaint(*, complaint, now=None, by=None):
    """SPEC §4 major (c): a valid complaint unresolved a month after reception becomes major. Idempotent:
    a complaint already major, resolved or not yet due is left alone and None is returned."""
    now = now or timezone.now()
    complaint = _lock(complaint)
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
    dues = deadlines.escalated_due_times(escalated_at=now, working_days=_working_days())
    complaint.forward_due = dues["forward_due"]
    complaint.answer_due = dues["answer_due"]
    complaint.forwarded_at = None
    _save(complaint, ["level", "major_criterion", "escalated_at", "forward_due", "answer_due", "forwarded_at"])
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

"""The department's handling, the answer to the resident, callback, appeal and corrective action."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Status
from complaints.services._common import (
    ComplaintError,
    InvalidTransition,
    check_transition,
    lock_complaint,
    require_department,
    save_fields,
    working_days_setting,
)
from core.timeline import record_event


@transaction.atomic
def sign_for_complaint(*, complaint, by, now=None):
    """The department's receiver signs the handling register: who and when."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    check_transition(complaint, "sign")
    require_department(complaint, by)
    complaint.status = Status.SIGNED
    complaint.signed_at = now
    complaint.signed_by = by
    save_fields(complaint, ["status", "signed_at", "signed_by"])
    record_event(complaint, action="signed", label=_("Signed for by the department"), by=by, at=now)
    return complaint


@transaction.atomic
def record_handling(*, complaint, process, result, by, now=None):
    """The department records the process and result and returns the form to the service centre."""
    now = now or timezone.now()
    if not result.strip():
        raise ComplaintError(_("Record the handling result."))
    complaint = lock_complaint(complaint)
    check_transition(complaint, "handle")
    require_department(complaint, by)
    complaint.status = Status.HANDLED
    complaint.handled_at = now
    complaint.handled_by = by
    complaint.handling_process = process
    complaint.handling_result = result
    complaint.inform_due = deadlines.inform_due(now)
    save_fields(complaint, ["status", "handled_at", "handled_by", "handling_process", "handling_result", "inform_due"])
    record_event(complaint, action="handled", label=_("Handled and returned to the service centre"), by=by,
                 at=now, note=result)
    return complaint


@transaction.atomic
def record_answer(*, complaint, answer, by, now=None):
    """Major complaints: the definite answer to the resident (within 2 days)."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    if complaint.answer_due is None or complaint.answered_at is not None:
        raise InvalidTransition(_("This complaint needs no definite answer now."))
    complaint.answered_at = now
    complaint.answer = answer
    save_fields(complaint, ["answered_at", "answer"])
    record_event(complaint, action="answered", label=_("Definite answer given to the resident"), by=by, at=now,
                 note=answer)
    return complaint


@transaction.atomic
def inform_resident(*, complaint, method, note="", by, now=None):
    """Supervisor informed and the resident told the result (phone or floor-patrol visit), same day."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    check_transition(complaint, "inform")
    complaint.status = Status.INFORMED
    complaint.informed_at = now
    complaint.inform_method = method
    save_fields(complaint, ["status", "informed_at", "inform_method"])
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
    complaint.handle_due = deadlines.handle_due(complaint.level, now, working_days=working_days_setting())
    return ["status", "handled_at", "informed_at", "closed_at", "inform_due", "handle_due"]


@transaction.atomic
def record_callback(*, complaint, satisfied, note="", by, now=None):
    """Callback result (until the callbacks app exists): satisfied closes the complaint, unsatisfied sends
    it back to handling "until the resident is satisfied" (seed 004)."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    check_transition(complaint, "callback")
    complaint.callback_satisfied = satisfied
    complaint.callback_note = note
    if satisfied:
        if complaint.needs_corrective_action and not complaint.has_corrective_action:
            raise ComplaintError(
                _("Record the corrective and preventive action before closing a major or important complaint.")
            )
        complaint.status = Status.CLOSED
        complaint.closed_at = now
        save_fields(complaint, ["callback_satisfied", "callback_note", "status", "closed_at"])
        record_event(complaint, action="closed", label=_("Callback: resident satisfied; closed after callback"),
                     by=by, at=now, note=note)
    else:
        fields = _back_to_handling(complaint, now=now)
        save_fields(complaint, ["callback_satisfied", "callback_note", *fields])
        record_event(complaint, action="callback_unsatisfied",
                     label=_("Callback: resident unsatisfied; back to handling"), by=by, at=now, note=note)
    return complaint


@transaction.atomic
def appeal_complaint(*, complaint, reason, by, now=None):
    """The resident disagrees with the decision (申诉): the case reopens with the appeal recorded."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("Record what the resident appeals against."))
    complaint = lock_complaint(complaint)
    check_transition(complaint, "appeal")
    fields = _back_to_handling(complaint, now=now)
    complaint.appeal_count += 1
    complaint.callback_satisfied = None
    save_fields(complaint, [*fields, "appeal_count", "callback_satisfied"])
    record_event(complaint, action="appealed", label=_("Appeal by the resident: case reopened"), by=by, at=now,
                 note=reason)
    return complaint


@transaction.atomic
def record_corrective_action(*, complaint, cause, remedy, corrective_action, verification, by, now=None):
    """纠正与预防 for major and important complaints: cause, remedy, corrective action, verification."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    if not complaint.needs_corrective_action:
        raise InvalidTransition(_("Corrective action is recorded for major and important complaints."))
    complaint.cause, complaint.remedy = cause, remedy
    complaint.corrective_action, complaint.verification = corrective_action, verification
    save_fields(complaint, ["cause", "remedy", "corrective_action", "verification"])
    record_event(complaint, action="corrective_action", label=_("Corrective and preventive action recorded"),
                 by=by, at=now, note=corrective_action)
    return complaint

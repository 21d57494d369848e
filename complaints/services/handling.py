"""The department's handling, the answer to the resident, callback, appeal and corrective action."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SourceKind
from callbacks.services import schedule_callback
from complaints import deadlines
from complaints.choices import InformMethod, Level, Status
from complaints.services._common import working_days_setting
from complaints.workflow import CAPA_LEVELS, WORKFLOW
from core.errors import WorkflowError


@transaction.atomic
def sign_for_complaint(*, complaint, by, now=None):
    """The department's receiver signs the handling register: who and when."""
    now = now or timezone.now()
    return WORKFLOW.transition(complaint, "sign", by=by, now=now, changes={"signed_at": now, "signed_by": by})


@transaction.atomic
def record_handling(*, complaint, process="", result, by, now=None):
    """The department records the process and result and returns the form to the service centre."""
    now = now or timezone.now()
    if not result.strip():
        raise WorkflowError(_("Record the handling result."))
    return WORKFLOW.transition(
        complaint, "handle", by=by, now=now, note=result,
        changes={
            "handled_at": now, "handled_by": by, "handling_process": process, "handling_result": result,
            "inform_due": deadlines.inform_due(now),
        },
    )


@transaction.atomic
def record_answer(*, complaint, answer, by, now=None):
    """Major complaints: the definite answer to the resident (within 2 days)."""
    now = now or timezone.now()
    return WORKFLOW.transition(complaint, "answer", by=by, now=now, note=answer,
                               changes={"answered_at": now, "answer": answer})


@transaction.atomic
def inform_resident(*, complaint, method, note="", by, now=None):
    """Supervisor informed and the resident told the result (phone or floor-patrol visit), same day; the
    callback (SPEC §6) is then due through the callbacks app (the next working day, office setting)."""
    now = now or timezone.now()
    complaint = WORKFLOW.transition(
        complaint, "inform", by=by, now=now, note=" ".join(filter(None, [str(InformMethod(method).label), note])),
        changes={"informed_at": now, "inform_method": method},
    )
    schedule_callback(
        kind=SourceKind.COMPLAINT, source=complaint, by=by, now=now, unit=complaint.unit, resident=complaint.resident,
        estate=complaint.estate, department=complaint.department, contact_name=complaint.complainant_name,
        contact_phone=complaint.complainant_phone, subject=f"{complaint.description}\n{complaint.handling_result}",
    )
    return complaint


def closing_blockers(complaint):
    """What must be on record before a complaint may close (SPEC §4), as messages for the user."""
    blockers = []
    if complaint.forward_due is not None and complaint.forwarded_at is None:
        blockers.append(_("Forward it to the manager / general manager first."))
    if complaint.level == Level.MAJOR and complaint.answered_at is None:
        blockers.append(_("Record the definite answer to the resident first."))
    if complaint.is_valid and complaint.level in CAPA_LEVELS and not all(
        [complaint.cause, complaint.remedy, complaint.corrective_action, complaint.verification]
    ):
        blockers.append(
            _("Record the corrective and preventive action before closing a major or important complaint.")
        )
    return blockers


def _back_to_handling(complaint, *, now):
    """Reopen for the same department with a fresh handling deadline at the complaint's level."""
    return {
        "handled_at": None, "informed_at": None, "closed_at": None, "inform_due": None,
        "handle_due": deadlines.handle_due(complaint.level, now, working_days=working_days_setting()),
    }


@transaction.atomic
def record_callback(*, complaint, satisfied, note="", by, now=None):
    """The complaint's side of a callback recorded in the callbacks app (callbacks.sources calls it):
    satisfied closes the complaint, unsatisfied sends it back to handling "until the resident is
    satisfied" (seed 004); None — the supervisor closed the callback because nobody could be reached —
    closes it without a verdict. Closing keeps the closing rules (`closing_blockers`). `callback_satisfied`
    keeps the last verdict for the complaint statistics."""
    now = now or timezone.now()

    def changes(c):
        if satisfied is None or satisfied:
            if blockers := closing_blockers(c):
                raise WorkflowError(blockers)
            return {"callback_satisfied": satisfied, "callback_note": note, "closed_at": now}
        return {"callback_satisfied": False, "callback_note": note, **_back_to_handling(c, now=now)}

    if satisfied is None:
        return WORKFLOW.transition(
            complaint, "callback", by=by, now=now, changes=changes, to=Status.CLOSED, note=note, event="closed",
            label=_("Callback: resident could not be reached; closed by the supervisor"),
        )
    if satisfied:
        return WORKFLOW.transition(
            complaint, "callback", by=by, now=now, changes=changes, to=Status.CLOSED, note=note, event="closed",
            label=_("Callback: resident satisfied; closed after callback"),
        )
    return WORKFLOW.transition(
        complaint, "callback", by=by, now=now, changes=changes, to=Status.SIGNED, note=note,
        event="callback_unsatisfied", label=_("Callback: resident unsatisfied; back to handling"),
    )


@transaction.atomic
def appeal_complaint(*, complaint, reason, by, now=None):
    """The resident disagrees with the decision (申诉): the case reopens with the appeal recorded."""
    now = now or timezone.now()
    if not reason.strip():
        raise WorkflowError(_("Record what the resident appeals against."))
    return WORKFLOW.transition(
        complaint, "appeal", by=by, now=now, note=reason,
        changes=lambda c: {
            **_back_to_handling(c, now=now), "appeal_count": c.appeal_count + 1, "callback_satisfied": None,
        },
    )


@transaction.atomic
def record_corrective_action(*, complaint, cause, remedy, corrective_action, verification, by, now=None):
    """纠正与预防 for major and important complaints: cause, remedy, corrective action, verification."""
    now = now or timezone.now()
    return WORKFLOW.transition(
        complaint, "corrective_action", by=by, now=now, note=corrective_action,
        changes={"cause": cause, "remedy": remedy, "corrective_action": corrective_action,
                 "verification": verification},
    )

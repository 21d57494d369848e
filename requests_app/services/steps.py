"""One function per step of a help request after it is saved; each goes through the declared
workflow (requests_app.workflow): lock, check (role, archive, state), change, timeline."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SourceKind
from callbacks.services import default_trial_run_days, schedule_callback
from core.deadlines import add_days, due_at
from core.people import display_name
from core.timeline import record_event
from core.workflow import recipients
from requests_app.models import (
    EMERGENCY_CHECKLIST,
    GT_COORDINATION_DAYS,
    REFERRAL_REPLY_LIMIT,
    RepairOrder,
    Verdict,
)
from requests_app.services.base import now_or_current, report_serious, supervisors, tell
from requests_app.workflow import WORKFLOW


@transaction.atomic
def refer_to_supervisor(*, help_request, by, note="", now=None):
    """The clerk cannot settle it: the supervisor is asked and the resident is due a reply in 5 minutes."""
    now = now_or_current(now)
    help_request = WORKFLOW.transition(
        help_request, "refer", by=by, now=now, note=note,
        changes={"referred_at": now, "referred_by": by, "reply_due_at": due_at(now, REFERRAL_REPLY_LIMIT)},
    )
    tell(
        supervisors(help_request), help_request,
        format_lazy(_("Help request {number} needs you: reply within 5 minutes"), number=help_request.number),
        "referred", step="reply",
    )
    return help_request


def _first_reply(hr, *, by, now, text):
    """The first reply's time is what the 5-minute rule is measured by; later replies keep it."""
    if hr.first_reply_at is not None:
        return {}
    return {"first_reply_at": now, "first_reply_by": by, "reply": text}


@transaction.atomic
def record_reply(*, help_request, by, reply, now=None):
    now = now_or_current(now)
    return WORKFLOW.transition(
        help_request, "reply", by=by, now=now, note=reply,
        changes=lambda hr: {**_first_reply(hr, by=by, now=now, text=reply), "reply": reply},
    )


@transaction.atomic
def record_written_reply(*, help_request, by, text, now=None):
    """SPEC §3: the supervisor's written reply to a written inquiry (within 2 days)."""
    now = now_or_current(now)
    return WORKFLOW.transition(
        help_request, "written-reply", by=by, now=now, note=text,
        changes=lambda hr: {
            "written_reply": text, "written_reply_at": now, "written_reply_by": by,
            **_first_reply(hr, by=by, now=now, text=text),
        },
    )


@transaction.atomic
def assign_request(*, help_request, by, department, handler=None, now=None):
    now = now_or_current(now)
    help_request = WORKFLOW.transition(
        help_request, "assign", by=by, now=now, changes={"department": department, "handler": handler},
        note=" ".join(part for part in (department.name, display_name(handler)) if part),
    )
    if hasattr(help_request, "repair_order"):
        RepairOrder.objects.filter(help_request=help_request).update(assignee=handler, assigned_at=now)
    if handler is not None:
        tell([handler], help_request, format_lazy(_("Help request {number} assigned to you"), number=help_request.number),
             "assigned")
    return help_request


def _handled(hr, *, by, now, result):
    return {"result": result, "handled_at": now, "handled_by": by, "handler": hr.handler or by}


@transaction.atomic
def handle_request(*, help_request, by, result, now=None):
    now = now_or_current(now)
    return WORKFLOW.transition(help_request, "handle", by=by, now=now, note=result,
                               changes=lambda hr: _handled(hr, by=by, now=now, result=result))


@transaction.atomic
def complete_repair(*, help_request, by, work_done, verdict, trial_run_days=None, completed_at=None, now=None):
    """The repair slip comes back: work done, the resident's verdict, the trial-run period (default: the
    office setting). The verdict makes the callback due (SPEC §6): satisfied — when the trial run ends;
    unsatisfied — at once."""
    now = now_or_current(now)
    if trial_run_days is None:
        trial_run_days = default_trial_run_days()
    help_request = WORKFLOW.transition(
        help_request, "complete-repair", by=by, now=now, note=work_done,
        changes=lambda hr: _handled(hr, by=by, now=now, result=work_done),
    )
    order = RepairOrder.objects.select_for_update().get(help_request=help_request)
    order.completed_at = completed_at or now
    order.work_done = work_done
    order.verdict = verdict
    order.trial_run_days = trial_run_days
    order.trial_run_ends_at = add_days(order.completed_at, trial_run_days)
    order.assignee = order.assignee or help_request.handler or by
    order.save(
        update_fields=["completed_at", "work_done", "verdict", "trial_run_days", "trial_run_ends_at", "assignee"]
    )
    record_event(help_request, action="repair_verdict", label=_("Resident's verdict recorded"), by=by, at=now,
                 note=Verdict(verdict).label)
    schedule_callback(
        kind=SourceKind.REPAIR, source=help_request, by=by, now=now, satisfied=verdict == Verdict.SATISFIED,
        trial_run_ends_at=order.trial_run_ends_at, unit=help_request.unit, resident=help_request.resident,
        estate=help_request.estate, department=help_request.department, contact_name=help_request.caller_name,
        contact_phone=help_request.caller_phone, subject=f"{help_request.matter}\n{work_done}",
    )
    return help_request


@transaction.atomic
def reopen_repair(*, help_request, reason, by, now=None):
    """SPEC §6: a callback found the resident unsatisfied, so the repair goes back to engineering (assigned
    again, to be completed, closed and signed off anew); completing it makes the next callback due —
    "follow-up until satisfied". Taken by the callbacks app when the callback is recorded."""
    now = now_or_current(now)
    help_request = WORKFLOW.transition(
        help_request, "reopen-repair", by=by, now=now, note=reason,
        changes=lambda hr: {
            "handled_at": None, "handled_by": None, "closed_at": None, "closed_by": None, "signed_off_at": None,
            "signed_off_by": None,
            # A GT repair's coordination is tracked again from now (SPEC §3).
            "coordination_due_at": add_days(now, GT_COORDINATION_DAYS) if hr.coordination_due_at else None,
        },
    )
    order = RepairOrder.objects.select_for_update().get(help_request=help_request)
    order.completed_at, order.verdict, order.trial_run_ends_at = None, "", None
    order.save(update_fields=["completed_at", "verdict", "trial_run_ends_at"])
    staff = help_request.department.staff() if help_request.department_id else []
    tell(recipients([order.assignee, help_request.handler], staff), help_request,
         format_lazy(_("Repair {number}: the resident is still unsatisfied, back to engineering"),
                     number=help_request.number),
         f"reopened:{now:%Y%m%d%H%M%S}", step="complete-repair")
    return help_request


@transaction.atomic
def close_request(*, help_request, by, note="", now=None):
    """Closed once the resident has been told; telling the result counts as a reply if none was given."""
    now = now_or_current(now)
    return WORKFLOW.transition(
        help_request, "close", by=by, now=now, note=note,
        changes=lambda hr: {"closed_at": now, "closed_by": by, **_first_reply(hr, by=by, now=now, text="")},
    )


@transaction.atomic
def sign_off(*, help_request, by, now=None):
    """SPEC §3: the supervisor signs the register for closed records."""
    now = now_or_current(now)
    return WORKFLOW.transition(help_request, "sign-off", by=by, now=now,
                               changes={"signed_off_at": now, "signed_off_by": by})


@transaction.atomic
def update_emergency(*, help_request, by, emergency_choice, checklist, security_feedback, serious, now=None):
    """Record the help chosen, the checklist ticked so far and security's feedback."""
    now = now_or_current(now)
    keys = {key for key, _label in EMERGENCY_CHECKLIST.get(emergency_choice, [])}
    help_request = WORKFLOW.transition(
        help_request, "emergency", by=by, now=now, note=security_feedback,
        changes={
            "emergency_choice": emergency_choice,
            "emergency_checklist": {key: True for key in checklist if key in keys},
            "security_feedback": security_feedback,
        },
    )
    if serious and not help_request.serious:
        help_request = report_serious(help_request, by=by, now=now)
    return help_request


@transaction.atomic
def mark_paid_service(*, help_request, by, paid_service, fee=None, now=None):
    """SPEC §3: a request involving a paid service (有偿服务) is marked with its fee."""
    now = now_or_current(now)
    fee = Decimal(fee) if paid_service and fee is not None else None
    return WORKFLOW.transition(
        help_request, "paid", by=by, now=now, note=f"{fee}" if paid_service else "",
        changes={"paid_service": paid_service, "fee": fee},
    )


def warn_due(*, now=None):
    """Tell the people of each timed step once when it falls due soon and once when overdue (the clerk
    who referred a request and the supervisors for the 5-minute reply). Run every minute by the worker."""
    return WORKFLOW.warn_due(now=now_or_current(now))

"""One function per step of a help request after it is saved; each locks the row, checks the
archive and the transition table, and writes the timeline."""

from decimal import Decimal

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.deadlines import add_days, due_at
from core.roles import require_role
from core.timeline import record_event
from requests_app.models import (
    EMERGENCY_CHECKLIST,
    REFERRAL_REPLY_LIMIT,
    Category,
    HelpRequest,
    RepairOrder,
    Status,
)
from requests_app.roles import SIGN_OFF_ROLES
from requests_app.services.base import (
    HelpRequestError,
    lock,
    move,
    now_or_current,
    report_serious,
    supervisors,
    tell,
)


@transaction.atomic
def refer_to_supervisor(*, help_request, by, note="", now=None):
    """The clerk cannot settle it: the supervisor is asked and the resident is due a reply in 5 minutes."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    help_request.referred_at = now
    help_request.reply_due_at = due_at(now, REFERRAL_REPLY_LIMIT)
    move(
        help_request,
        Status.REFERRED,
        by=by,
        now=now,
        fields=["referred_at", "reply_due_at"],
        action="referred",
        label=_("Referred to supervisor"),
        note=note,
    )
    tell(
        supervisors(),
        help_request,
        format_lazy(_("Help request {number} needs you: reply within 5 minutes"), number=help_request.number),
        "referred",
    )
    return help_request


@transaction.atomic
def record_reply(*, help_request, by, reply, now=None):
    """The first reply to the resident; its time is what the 5-minute rule is measured by."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    help_request.first_reply_at = help_request.first_reply_at or now
    help_request.first_reply_by = help_request.first_reply_by or by
    help_request.reply = reply
    return move(
        help_request,
        Status.REPLIED,
        by=by,
        now=now,
        fields=["first_reply_at", "first_reply_by", "reply"],
        action="replied",
        label=_("Replied"),
        note=reply,
    )


@transaction.atomic
def record_written_reply(*, help_request, by, text, now=None):
    """SPEC §3: the supervisor's written reply to a written inquiry."""
    require_role(by, SIGN_OFF_ROLES)
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    if not help_request.needs_written_reply:
        raise HelpRequestError(_("This request does not await a written reply."))
    help_request.written_reply = text
    help_request.written_reply_at = now
    help_request.written_reply_by = by
    fields = ["written_reply", "written_reply_at", "written_reply_by"]
    if help_request.first_reply_at is None:
        help_request.first_reply_at, help_request.first_reply_by, help_request.reply = now, by, text
        fields += ["first_reply_at", "first_reply_by", "reply"]
    if help_request.can_move_to(Status.REPLIED):
        return move(
            help_request, Status.REPLIED, by=by, now=now, fields=fields, action="written_reply",
            label=_("Written reply sent"), note=text,
        )
    help_request.save(update_fields=fields)
    record_event(help_request, action="written_reply", label=_("Written reply sent"), by=by, at=now, note=text)
    return help_request


@transaction.atomic
def assign_request(*, help_request, by, department, handler=None, now=None):
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    help_request.department = department
    help_request.handler = handler
    move(
        help_request,
        Status.ASSIGNED,
        by=by,
        now=now,
        fields=["department", "handler"],
        action="assigned",
        label=_("Assigned"),
        note=" ".join(str(part) for part in (department, handler and (handler.get_full_name() or handler)) if part),
    )
    if help_request.category == Category.REPAIR:
        RepairOrder.objects.filter(help_request=help_request).update(assignee=handler, assigned_at=now)
    if handler is not None:
        tell([handler], help_request, format_lazy(_("Help request {number} assigned to you"), number=help_request.number), "assigned")
    return help_request


def _mark_handled(help_request, *, by, now, result):
    help_request.result = result
    help_request.handled_at = now
    help_request.handled_by = by
    help_request.handler = help_request.handler or by
    return move(
        help_request,
        Status.HANDLED,
        by=by,
        now=now,
        fields=["result", "handled_at", "handled_by", "handler"],
        action="handled",
        label=_("Handled"),
        note=result,
    )


@transaction.atomic
def handle_request(*, help_request, by, result, now=None):
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    if help_request.category == Category.REPAIR:
        raise HelpRequestError(_("A repair is handled by completing its repair order."))
    return _mark_handled(help_request, by=by, now=now, result=result)


@transaction.atomic
def complete_repair(*, help_request, by, work_done, verdict, trial_run_days=0, completed_at=None, now=None):
    """The repair slip comes back: work done, the resident's verdict, the trial-run period."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    order = RepairOrder.objects.select_for_update().get(help_request=help_request)
    completed_at = completed_at or now
    order.completed_at = completed_at
    order.work_done = work_done
    order.verdict = verdict
    order.trial_run_days = trial_run_days
    order.trial_run_ends_at = add_days(completed_at, trial_run_days)
    order.assignee = order.assignee or help_request.handler or by
    _mark_handled(help_request, by=by, now=now, result=work_done)
    order.save(
        update_fields=["completed_at", "work_done", "verdict", "trial_run_days", "trial_run_ends_at", "assignee"]
    )
    record_event(
        help_request, action="repair_verdict", label=_("Resident's verdict recorded"), by=by, at=now,
        note=order.get_verdict_display(),
    )
    return help_request


@transaction.atomic
def close_request(*, help_request, by, note="", now=None):
    """Closed once the resident has been told; telling the result counts as a reply if none was given."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    if help_request.needs_written_reply:
        raise HelpRequestError(_("A written inquiry is closed only after the written reply."))
    help_request.closed_at = now
    help_request.closed_by = by
    fields = ["closed_at", "closed_by"]
    if help_request.first_reply_at is None:
        help_request.first_reply_at, help_request.first_reply_by = now, by
        fields += ["first_reply_at", "first_reply_by"]
    return move(help_request, Status.CLOSED, by=by, now=now, fields=fields, action="closed", label=_("Closed"), note=note)


@transaction.atomic
def sign_off(*, help_request, by, now=None):
    """SPEC §3: the supervisor signs the register for closed records."""
    require_role(by, SIGN_OFF_ROLES)
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    if help_request.status != Status.CLOSED or help_request.signed_off_at:
        raise HelpRequestError(_("Only closed records not yet signed off can be signed off."))
    help_request.signed_off_at = now
    help_request.signed_off_by = by
    help_request.save(update_fields=["signed_off_at", "signed_off_by"])
    record_event(help_request, action="signed_off", label=_("Signed off by supervisor"), by=by, at=now)
    return help_request


@transaction.atomic
def update_emergency(*, help_request, by, emergency_choice, checklist, security_feedback, serious, now=None):
    """Record the help chosen, the checklist ticked so far and security's feedback."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    if help_request.category != Category.EMERGENCY:
        raise HelpRequestError(_("Only emergency medical requests have these details."))
    keys = {key for key, _label in EMERGENCY_CHECKLIST.get(emergency_choice, [])}
    help_request.emergency_choice = emergency_choice
    help_request.emergency_checklist = {key: True for key in checklist if key in keys}
    help_request.security_feedback = security_feedback
    help_request.save(update_fields=["emergency_choice", "emergency_checklist", "security_feedback"])
    record_event(help_request, action="emergency_updated", label=_("Emergency details updated"), by=by, at=now,
                 note=security_feedback)
    if serious and not help_request.serious:
        report_serious(help_request, by=by, now=now)
    return help_request


@transaction.atomic
def mark_paid_service(*, help_request, by, paid_service, fee=None, now=None):
    """SPEC §3: a request involving a paid service (有偿服务) is marked with its fee."""
    now = now_or_current(now)
    help_request = lock(help_request, by=by, now=now)
    help_request.paid_service = paid_service
    help_request.fee = Decimal(fee) if paid_service and fee is not None else None
    help_request.save(update_fields=["paid_service", "fee"])
    record_event(
        help_request, action="paid_service", label=_("Paid service updated"), by=by, at=now,
        note=f"{help_request.fee}" if help_request.paid_service else "",
    )
    return help_request


def warn_overdue(*, now=None):
    """Tell the supervisors and the receptionist, once per record, that a reply deadline has passed.
    Run every few minutes (management command warn_overdue_help_requests)."""
    now = now_or_current(now)
    told = list(supervisors())
    overdue = HelpRequest.objects.overdue(now).select_related("received_by").order_by("received_at")
    for help_request in overdue:
        tell(
            [*told, help_request.received_by],
            help_request,
            format_lazy(_("Help request {number}: the reply to the resident is overdue"), number=help_request.number),
            "overdue",
        )
    return len(overdue)

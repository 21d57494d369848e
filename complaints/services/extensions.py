"""Extensions: the department asks, the manager or general manager decides (SPEC §4 table)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Status
from complaints.models import ComplaintExtension
from complaints.services._common import (
    ComplaintError,
    InvalidTransition,
    lock_complaint,
    require_department,
    save_fields,
)
from core.notifications import notify
from core.roles import Role, has_role, users_with_role
from core.timeline import record_event


@transaction.atomic
def request_extension(*, complaint, reason, new_due, by, now=None):
    """The department asks for more time, with a reason and a new date."""
    now = now or timezone.now()
    complaint = lock_complaint(complaint)
    require_department(complaint, by)
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
    complaint = lock_complaint(extension.complaint)
    if not has_role(by, Role(extension.approver_role)):
        raise PermissionDenied
    if extension.decision != ComplaintExtension.Decision.PENDING:
        raise ComplaintError(_("This extension has already been decided."))
    extension.decision = ComplaintExtension.Decision.APPROVED if approve else ComplaintExtension.Decision.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = by, now, note
    extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    if approve:
        complaint.handle_due = extension.new_due
        save_fields(complaint, ["handle_due"])
        label = _("Extension approved: new handling deadline")
    else:
        label = _("Extension refused")
    record_event(complaint, action=f"extension_{extension.decision}", label=label, by=by, at=now, note=note)
    return extension

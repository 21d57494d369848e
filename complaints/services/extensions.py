"""Extensions: the department asks, the manager (minor) or general manager (important) decides."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.models import ComplaintExtension
from complaints.workflow import WORKFLOW
from core.errors import WorkflowError
from core.notifications import notify
from core.roles import users_with_role


@transaction.atomic
def request_extension(*, complaint, reason, new_due, by, now=None):
    """The department asks for more time, with a reason and a new date."""
    now = now or timezone.now()

    def changes(c):
        if new_due <= c.handle_due:
            raise WorkflowError(_("The new date must be later than the current deadline."))
        return {"extension_requested_at": now}

    complaint = WORKFLOW.transition(
        complaint, "request_extension", by=by, now=now, changes=changes,
        note=f"{timezone.localtime(new_due):%Y-%m-%d %H:%M} {reason}",
    )
    approver = deadlines.extension_approver(complaint.level)
    extension = ComplaintExtension.objects.create(
        complaint=complaint, requested_by=by, requested_at=now, reason=reason,
        old_due=complaint.handle_due, new_due=new_due, approver_role=approver,
    )
    notify(users_with_role(approver, estate=complaint.estate_id), message=format_lazy("{} {}", complaint.number, _("Extension requested")),
           url=complaint.get_absolute_url(), target=complaint, step="decide_extension",
           key=f"complaint:{complaint.pk}:extension:{extension.pk}")
    return extension


@transaction.atomic
def decide_extension(*, complaint, approve, note="", by, now=None):
    """The approver decides the waiting request; approval moves the handling deadline."""
    now = now or timezone.now()
    extension = (
        ComplaintExtension.objects.select_for_update()
        .filter(complaint=complaint, decision=ComplaintExtension.Decision.PENDING).first()
    )
    if extension is None:
        raise WorkflowError(_("No extension request is waiting for a decision."))
    decision = ComplaintExtension.Decision.APPROVED if approve else ComplaintExtension.Decision.REFUSED
    changes = {"extension_requested_at": None} | ({"handle_due": extension.new_due} if approve else {})
    WORKFLOW.transition(
        complaint, "decide_extension", by=by, now=now, changes=changes, note=note, event=f"extension_{decision}",
        label=_("Extension approved: new handling deadline") if approve else _("Extension refused"),
    )
    extension.decision = decision
    extension.decided_by, extension.decided_at, extension.decision_note = by, now, note
    extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    return extension

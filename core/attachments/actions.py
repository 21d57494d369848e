"""The two workflow actions every record with attachments declares (in its app's workflow.py), so the
labels, the form and the timeline wording are written once, here."""

from django.utils.translation import gettext_lazy as _

from core.attachments.forms import AttachForm
from core.attachments.holders import ATTACH, WITHDRAW
from core.roles import MANAGEMENT_ROLES
from core.workflow import Action

ATTACH_LABEL = _("Attach a photo or file")
ATTACHED_EVENT = _("Attachment added")
WITHDRAWN_EVENT = _("Attachment withdrawn")


def attach_action(source, *, service, roles=frozenset(), department_roles=frozenset()):
    """The "attach" step: from any state of `source`, by `roles` (and by `department_roles` for the
    record's own department); `service(<record>=, by=, file=, description=)` stores the file."""
    return Action(
        ATTACH, ATTACH_LABEL, frozenset(source), None, roles=roles, department_roles=department_roles,
        form=AttachForm, service=service, done=_("Attachment saved."), event=ATTACHED_EVENT,
    )


def withdraw_action(source, *, roles=MANAGEMENT_ROLES):
    """A manager marks an attachment withdrawn, with a reason. Taken from the attachment list, not as a
    step button (`service=None`), through core.attachments.services.withdraw_attachment."""
    return Action(WITHDRAW, _("Withdraw an attachment"), frozenset(source), None, roles=roles,
                  event=WITHDRAWN_EVENT)

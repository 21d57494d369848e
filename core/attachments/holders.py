"""Which records carry attachments, and the rules they bring: each app declares its kinds of record on
its AppConfig (like `nav_items` and `periodic_jobs`):

    attachment_holders = [
        AttachmentHolder("complaints.Complaint", workflow="complaints.workflow.WORKFLOW",
                         visible="complaints.views.visible_complaint_or_404"),
    ]

- `workflow`: the record's declared workflow, with the actions "attach" (its service stores the file)
  and "withdraw-attachment" (a manager's); see core.attachments.actions. Who may attach or withdraw,
  the archive rule and the timeline entry all come from there.
- `visible(request, pk)`: the record's own visibility rule — the record, or Http404 / PermissionDenied.
  Downloads reuse it, so a file is never shown to someone who may not open its record.
- `roles`: who may open records of this kind at all (anyone else: 403).

No model imports at module level: apps.py files import it while the app registry is loading.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.http import Http404
from django.utils.module_loading import import_string

from core.roles import ALL_ROLES, PRIVACY_ROLES, has_role, require_role

ATTACH = "attach"
WITHDRAW = "withdraw-attachment"
# SPEC §2: a file on a record may carry residents' personal details (a photo of a letter, a form), so
# files open only for the roles that may see those details — the set residents.privacy reads too.
FILE_ROLES = PRIVACY_ROLES


def may_open_files(user):
    return has_role(user, FILE_ROLES)


@dataclass(frozen=True)
class AttachmentHolder:
    model: str
    workflow: str
    visible: str
    roles: frozenset = ALL_ROLES

    def get_workflow(self):
        return import_string(self.workflow)

    def visible_record(self, request, pk):
        """The record if `request.user` may open it: 403 without the role, 404 if not theirs to see."""
        require_role(request.user, self.roles)
        return import_string(self.visible)(request, pk)


@cache
def _holders():
    found = {}
    for config in apps.get_app_configs():
        for holder in getattr(config, "attachment_holders", ()):
            found[apps.get_model(holder.model)._meta.label_lower] = holder
    return found


def holder_for(model_or_record):
    """The declaration for this kind of record; LookupError if it carries no attachments."""
    label = model_or_record._meta.label_lower
    try:
        return _holders()[label]
    except KeyError:
        raise LookupError(f"{label} declares no attachment_holders entry") from None


def holder_for_type(content_type_id):
    """The declaration for a stored content type; 404 for a kind of record that has none."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        raise Http404
    try:
        return holder_for(model)
    except LookupError:
        raise Http404 from None

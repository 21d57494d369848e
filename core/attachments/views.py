"""Downloads and withdrawals. A file is shown only to someone who may open its record (the record's
own visibility rule, core.attachments.holders) and may see residents' personal details (SPEC §2: a
photo of a letter or a form carries them); it is never served as a page the browser would run."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.attachments.forms import WithdrawForm
from core.attachments.holders import WITHDRAW, holder_for_type, may_open_files
from core.attachments.selectors import download_name
from core.attachments.services import withdraw_attachment
from core.errors import WorkflowError, error_text
from core.models import Attachment
from core.roles import ALL_ROLES, MANAGEMENT_ROLES, has_role, require_role

# Even an image opened on its own runs nothing and loads nothing else.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _visible(request, pk):
    """(attachment, record, holder) if the user may open this attachment's record; else 403 / 404."""
    require_role(request.user, ALL_ROLES)
    attachment = get_object_or_404(Attachment, pk=pk)
    holder = holder_for_type(attachment.target_type_id)
    record = holder.visible_record(request, attachment.target_id)
    return attachment, record, holder


def _openable(request, pk):
    attachment, _record, _holder = _visible(request, pk)
    if not may_open_files(request.user):
        raise PermissionDenied
    if attachment.withdrawn and not has_role(request.user, MANAGEMENT_ROLES):
        raise Http404
    return attachment


def _file_response(name, *, content_type, filename, inline):
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request, pk):
    """The file: a verified photo opens in the browser; anything else is only ever downloaded."""
    attachment = _openable(request, pk)
    return _file_response(attachment.file.name, content_type=attachment.mime_type,
                          filename=download_name(attachment), inline=attachment.is_image)


@require_GET
def attachment_thumbnail(request, pk):
    attachment = _openable(request, pk)
    return _file_response(attachment.thumbnail.name, content_type="image/jpeg", filename=None, inline=True)


@require_POST
def attachment_withdraw(request, pk):
    """A manager withdraws an attachment with a reason (the record's "withdraw-attachment" action)."""
    attachment, record, holder = _visible(request, pk)
    workflow = holder.get_workflow()
    if not workflow.may(request.user, record, workflow.action(WITHDRAW)):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the attachment."))
        return redirect(record)
    try:
        withdraw_attachment(attachment=attachment, by=request.user, reason=form.cleaned_data["reason"],
                            now=timezone.now())
    except WorkflowError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Attachment withdrawn."))
    return redirect(record)

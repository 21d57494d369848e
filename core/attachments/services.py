"""Storing and withdrawing attachments. Both go through the record's declared workflow (the actions
"attach" and "withdraw-attachment", see core.attachments.holders): the record is locked, who may, the
archive rule and the state are checked, and the timeline entry is written — files are stored only
after that check passed."""

import os
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.attachments.checks import AttachmentError, identify, make_thumbnail
from core.attachments.holders import ATTACH, WITHDRAW, holder_for
from core.models import Attachment
from core.uploads import file_size

# Stored as attachments/<year>/<month>/<random>.<verified extension>; the thumbnail beside it.
FOLDER = "attachments"
THUMBNAIL_SUFFIX = ".thumb.jpg"
NAME_MAX = 255


def attach_file(*, workflow, record, by, file, description="", now=None):
    """Attach `file` (an uploaded file) to `record` through `workflow`'s "attach" action; the new
    Attachment. AttachmentError (a WorkflowError) when the file is refused — nothing is stored then."""
    now = now or timezone.now()
    checked = identify(file)
    thumbnail = make_thumbnail(file) if checked.type.image else None
    name = _display_name(file.name)
    stored = []
    made = {}
    # Filled in once the row exists (the timeline entry links to it); `transition` writes it afterwards.
    data = {"name": name, "size": file.size, "type": checked.type.mime_type}

    def store(locked):
        base = f"{FOLDER}/{now:%Y/%m}/{uuid.uuid4().hex}"
        saved = default_storage.save(base + checked.type.extension, file)
        stored.append(saved)
        thumb = ""
        if thumbnail is not None:
            thumb = default_storage.save(os.path.splitext(saved)[0] + THUMBNAIL_SUFFIX, ContentFile(thumbnail))
            stored.append(thumb)
        made["attachment"] = attachment = Attachment.objects.create(
            target_type=ContentType.objects.get_for_model(locked, for_concrete_model=False), target_id=locked.pk,
            file=saved, thumbnail=thumb, original_name=name, size=file.size, mime_type=checked.type.mime_type,
            width=checked.width, height=checked.height, description=description.strip(), uploaded_by=by,
            uploaded_at=now,
        )
        data["attachment"] = attachment.pk
        return {}

    try:
        workflow.transition(record, ATTACH, by=by, now=now, changes=store, note=_note(name, file.size, description),
                            data=data)
    except BaseException:
        for saved in stored:  # the row was rolled back: its files go too
            default_storage.delete(saved)
        raise
    return made["attachment"]


def withdraw_attachment(*, attachment, by, reason, now=None):
    """A manager marks an attachment withdrawn (issue 11: nothing is deleted by users; records are kept).
    The file stays in storage; the record's timeline says who withdrew what and why."""
    now = now or timezone.now()
    record = attachment.target
    workflow = holder_for(record).get_workflow()

    def mark(locked):
        row = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if row.withdrawn:
            raise AttachmentError(_("This attachment has already been withdrawn."))
        row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = now, by, reason.strip()
        row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        return {}

    workflow.transition(record, WITHDRAW, by=by, now=now, changes=mark, note=f"{attachment.original_name}: {reason}",
                        data={"attachment": attachment.pk})
    attachment.refresh_from_db()
    return attachment


def _display_name(name):
    """The name as uploaded (the parser already dropped any path), cut to fit, keeping its extension."""
    name = os.path.basename(name or "") or "file"
    if len(name) <= NAME_MAX:
        return name
    stem, extension = os.path.splitext(name)
    extension = extension[:20]
    return stem[: NAME_MAX - len(extension)] + extension


def _note(name, size, description):
    note = f"{name} ({file_size(size)})"
    return f"{note} — {description.strip()}" if description.strip() else note

"""Reads of attachments, for a record's page, its print view and the download view."""

import os

from django.contrib.contenttypes.models import ContentType

from core.attachments.checks import BY_MIME_TYPE
from core.models import Attachment


def attachments_for(record):
    """Every attachment of the record (withdrawn ones too), oldest first, with who uploaded and withdrew."""
    return (
        Attachment.objects.filter(
            target_type=ContentType.objects.get_for_model(record, for_concrete_model=False), target_id=record.pk
        )
        .select_related("uploaded_by", "withdrawn_by")
        .order_by("uploaded_at", "pk")
    )


def file_type(attachment):
    return BY_MIME_TYPE.get(attachment.mime_type)


def download_name(attachment):
    """The name the file is saved under: as uploaded, with the extension of what it really is (a PNG
    sent as "报告.pdf" downloads as "报告.png")."""
    kind = file_type(attachment)
    stem, extension = os.path.splitext(attachment.original_name)
    if kind is None or extension.lower() in kind.extensions:
        return attachment.original_name
    return (stem or "file") + kind.extension

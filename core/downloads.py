"""Large downloads built by the worker, never inside the web request (issue 15).

`prepare(...)` returns a ready file at once when one was built from the same data for the same kind of
viewer (its fingerprint and privacy class match), else queues the build (core.tasks.build_download)
and the user waits on a page that shows the progress and offers the file when it is ready. A builder is
a function `builder(path, *, viewer, **params)` writing the file at `path`; params are JSON.
"""

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import Download
from core.roles import PRIVACY_ROLES, has_role


def prepare(*, builder, params, fingerprint, filename, viewer, roles):
    """The Download for this file: a ready one built from the same data, one already under way, or a new
    one queued for the worker. `roles` may open it (the roles of the page asking)."""
    full = has_role(viewer, PRIVACY_ROLES)
    same = Download.objects.filter(builder=builder, params=params, full_details=full, fingerprint=fingerprint)
    existing = same.exclude(status=Download.Status.FAILED).order_by("-requested_at").first()
    if existing is not None:
        return existing
    download = Download.objects.create(
        builder=builder, params=params, full_details=full, fingerprint=fingerprint, filename=filename,
        requested_by=viewer, roles=sorted(str(role) for role in roles),
    )
    from core.tasks import build_download_task

    transaction.on_commit(lambda: build_download_task(download.pk))
    return download


def build(pk):
    """Build one queued download (run by the worker)."""
    download = Download.objects.select_related("requested_by").get(pk=pk)
    if download.status == Download.Status.READY:
        return download
    Download.objects.filter(pk=pk).update(status=Download.Status.BUILDING)
    viewer = get_user_model().objects.get(pk=download.requested_by_id)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "file"
            import_string(download.builder)(path, viewer=viewer, **download.params)
            with path.open("rb") as built:
                download.file.save(f"{download.pk}-{download.filename}", File(built), save=False)
    except Exception as error:
        Download.objects.filter(pk=pk).update(status=Download.Status.FAILED, error=str(error)[:2000],
                                              finished_at=timezone.now())
        raise
    download.status, download.finished_at = Download.Status.READY, timezone.now()
    download.save(update_fields=["file", "status", "finished_at"])
    return download


def may_open(user, download):
    """The roles of the page it came from, and the same view of personal details it was built for."""
    return has_role(user, set(download.roles)) and has_role(user, PRIVACY_ROLES) == download.full_details

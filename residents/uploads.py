"""Uploaded registry files (issue 14: uploads with limits): a size limit enforced while the request is
read, and the files waiting for their confirmation, deleted after commit, refusal or expiry.

Django stores an uploaded file (in memory, then in a temporary file) before any view or form sees it,
whatever its size. `limit_upload(request, limit)` puts a handler first in the request's chain that
stops storing a file once it passes `limit` bytes — or at once, when the request says it is larger —
and drains the rest of the request; the view asks `upload_too_large(request)` and says so next to the
field. It must run before anything reads request.POST, so the view is csrf_exempt and checks CSRF itself
afterwards (Django's documented way to change upload handlers in a view).
"""

import datetime
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils import timezone
from django.utils.translation import gettext as _

# An uploaded file waits this long for its confirmation, then it is deleted (purge_expired_uploads).
UPLOAD_KEPT_FOR = datetime.timedelta(hours=1)

# Room for the form's other fields and the multipart headers around the file.
FORM_ROOM = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + FORM_ROOM:
            self.too_large = True

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data  # on to the next handler, which stores it

    def file_complete(self, file_size):
        return None  # the next handler hands over the file


def limit_upload(request, limit):
    handler = LimitedUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return handler


def upload_too_large(request):
    return any(getattr(handler, "too_large", False) for handler in request.upload_handlers)


class UploadExpiredError(Exception):
    pass


# Uploaded files wait in var/imports between the preview and the confirmation (never in MEDIA_ROOT:
# they hold personal data and must not be served or kept in backups).
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def upload_dir():
    path = Path(getattr(settings, "REGISTRY_IMPORT_DIR", Path(settings.BASE_DIR) / "var" / "imports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_path(token):
    if not TOKEN.match(token or ""):
        raise UploadExpiredError(_("This import has expired; upload the file again."))
    return upload_dir() / f"{token}.xlsx"


def store_upload(uploaded):
    """Keep an uploaded file for its confirmation; returns its token."""
    token = uuid.uuid4().hex
    with upload_path(token).open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return token


def discard_upload(token):
    if token and TOKEN.match(token):
        upload_path(token).unlink(missing_ok=True)


def open_upload(token, *, now=None):
    """The path of a file waiting for its confirmation; UploadExpiredError once it has expired."""
    path = upload_path(token)
    now = now or timezone.now()
    try:
        stored = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    except FileNotFoundError:
        stored = None
    if stored is None or now - stored > UPLOAD_KEPT_FOR:
        path.unlink(missing_ok=True)
        raise UploadExpiredError(_("This import has expired; upload the file again."))
    return path


def purge_expired_uploads(*, now=None):
    """A periodic job (the worker, every minute): delete the files nobody confirmed in time."""
    now = now or timezone.now()
    deleted = 0
    for path in upload_dir().glob("*.xlsx"):
        try:
            if now - datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) > UPLOAD_KEPT_FOR:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # confirmed or purged by another process just now
            continue
    return deleted

"""Upload limits for every form of the project (issue 14: a size limit on every upload, enforced before
the file is read, with a Chinese message; a refused file is not kept).

Two gates run before any form sees a file (both set in config/settings.py):

- `RequestSizeLimitMiddleware`: a request whose declared body is larger than `UPLOAD_MAX_REQUEST_SIZE`
  is answered 413 with a Chinese page before a byte of the body is read: no parsing, no temporary file.
- `SizeLimitUploadHandler`, first in `FILE_UPLOAD_HANDLERS`: while a file streams in, at most
  `UPLOAD_MAX_FILE_SIZE` bytes of it are kept. Past that the partial copy is deleted at once, the rest
  is only counted, and the form receives a `RefusedUpload`: no content, only the name and the size, so
  the form's own limit check names the size in its message, next to the field.

Each upload form then checks its own limit against `file.size` before it reads the file (attachments:
`core.attachments.checks.check_size`). Files that were kept and then refused are temporary uploads,
closed — and so deleted — by Django when the request ends.
"""

import io
import math

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

MEGABYTE = 1024 * 1024


def megabytes(size):
    """How limits and sizes are written in messages: 10485760 -> '10 MB'; otherwise rounded UP to a tenth,
    so a file just over a limit never reads as the limit itself (10485761 -> '10.1 MB')."""
    if size % MEGABYTE == 0:
        return f"{size // MEGABYTE} MB"
    return f"{math.ceil(size * 10 / MEGABYTE) / 10:.1f} MB"


def file_size(size):
    """A size for notes that are stored as written (the timeline): '812 B', '36 KB', '2.4 MB'."""
    if size < 1024:
        return f"{size} B"
    if size < MEGABYTE:
        return f"{math.ceil(size / 1024)} KB"
    return megabytes(size)


class RefusedUpload(UploadedFile):
    """A file that was larger than the upload limit: its name and size, none of its content."""

    refused = True

    def __init__(self, name, size, content_type=""):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Keeps no more than `UPLOAD_MAX_FILE_SIZE` bytes of any uploaded file (see the module docstring)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_FILE_SIZE
        self.received = 0
        self.over = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received <= self.limit:
            return raw_data  # the next handler keeps it (in memory or a temporary file)
        if not self.over:
            self.over = True
            self._drop_partial_copies()
        return None  # counted, not kept

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler returns the file it kept
        return RefusedUpload(self.file_name, self.received, self.content_type)

    def _drop_partial_copies(self):
        """Close (for a temporary file: delete) what the later handlers kept of this file so far."""
        handlers = getattr(self.request, "upload_handlers", ()) if self.request is not None else ()
        for handler in handlers:
            partial = getattr(handler, "file", None) if handler is not self else None
            if partial is not None:
                partial.close()


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose Content-Length is over `UPLOAD_MAX_REQUEST_SIZE`, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads such a body as empty
        limit = settings.UPLOAD_MAX_REQUEST_SIZE
        if declared > limit:
            response = TemplateResponse(
                request, "core/upload_too_large.html",
                {
                    "size": megabytes(declared), "limit": megabytes(limit),
                    "per_file": megabytes(settings.UPLOAD_MAX_FILE_SIZE), "back": _same_site_referer(request),
                },
                status=413,
            )
            return response.render()
        return self.get_response(request)


def _same_site_referer(request):
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""

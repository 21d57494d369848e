"""An upload size limit enforced while the request is read (issue 14: uploads with limits).

Django stores an uploaded file (in memory, then in a temporary file) before any view or form sees it,
whatever its size. `limit_upload(request, limit)` puts a handler first in the request's chain that
stops storing a file once it passes `limit` bytes — or at once, when the request says it is larger —
and drains the rest of the request; the view asks `upload_too_large(request)` and says so next to the
field. It must run before anything reads request.POST, so the view is csrf_exempt and checks CSRF itself
afterwards (Django's documented way to change upload handlers in a view).
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

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

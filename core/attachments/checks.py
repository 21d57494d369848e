"""What an uploaded file is, read from its content (issue 11): never from its name's extension nor from
the content type the browser sent.

Accepted: photos (JPEG, PNG, WebP — opened and decoded by Pillow) and documents (PDF by its header and
end marker; .docx/.xlsx by their zip structure; .doc/.xls by their OLE2 streams, read with olefile).
Office documents with macros are refused. Everything else is refused with a Chinese message.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass

import olefile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import WorkflowError
from core.uploads import MEGABYTE, megabytes

# Issue 11 / issue 14 (uploads with limits): each attachment at most 10 MB, checked before it is read.
ATTACHMENT_MAX_SIZE = 10 * MEGABYTE
# A photo's pixels are decoded to make its thumbnail: more than this (a 10 MB file can declare billions)
# is refused before decoding. Phone cameras take 12–48 million.
ATTACHMENT_MAX_PIXELS = 50_000_000
# Thumbnails: JPEG, at most this many pixels wide and high, made once when the photo is stored.
THUMBNAIL_SIZE = (320, 320)
THUMBNAIL_QUALITY = 80

ACCEPTED_HELP = format_lazy(
    _("Photos (JPEG, PNG, WebP) or PDF, Word and Excel documents, at most {limit} each."),
    limit=megabytes(ATTACHMENT_MAX_SIZE),
)
UNSUPPORTED = _(
    "Only photos (JPEG, PNG, WebP) and PDF, Word (.doc, .docx) or Excel (.xls, .xlsx) documents can be "
    "attached; this file is none of them."
)
DAMAGED = _("The file is damaged or incomplete and cannot be read.")
DAMAGED_IMAGE = _("The photo is damaged or incomplete and cannot be read.")
TOO_MANY_PIXELS = _("The photo has too many pixels to be shown; make it smaller and attach it again.")
MACROS = _("Documents with macros are not accepted: save it as a document without macros and attach it again.")
EMPTY = _("The file is empty.")


class AttachmentError(WorkflowError):
    """A file that cannot be attached; the message says why, in the user's language."""


@dataclass(frozen=True)
class FileType:
    key: str
    label: object
    mime_type: str
    extensions: tuple
    image: bool = False

    @property
    def extension(self):
        return self.extensions[0]


JPEG = FileType("jpeg", _("JPEG photo"), "image/jpeg", (".jpg", ".jpeg"), image=True)
PNG = FileType("png", _("PNG picture"), "image/png", (".png",), image=True)
WEBP = FileType("webp", _("WebP picture"), "image/webp", (".webp",), image=True)
PDF = FileType("pdf", _("PDF document"), "application/pdf", (".pdf",))
DOCX = FileType(
    "docx", _("Word document"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType("xlsx", _("Excel workbook"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                (".xlsx",))
DOC = FileType("doc", _("Word document"), "application/msword", (".doc",))
XLS = FileType("xls", _("Excel workbook"), "application/vnd.ms-excel", (".xls",))
TYPES = (JPEG, PNG, WEBP, PDF, DOCX, XLSX, DOC, XLS)
BY_MIME_TYPE = {file_type.mime_type: file_type for file_type in TYPES}
IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
# For the file picker only (it filters what the user sees); the server decides by content.
ACCEPT = ",".join(
    [file_type.mime_type for file_type in TYPES if file_type.image]
    + [extension for file_type in TYPES if not file_type.image for extension in file_type.extensions]
)

PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"
PDF_END_WITHIN = 4096  # the end marker must be this near the end (a cut-off upload has none)
ZIP_HEADER = b"PK\x03\x04"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Checked:
    """The verified type of an upload, and a photo's size in pixels."""

    type: FileType
    width: int | None = None
    height: int | None = None


def check_size(upload):
    """Refuse a file over the limit from its size alone: nothing of it is read."""
    # A RefusedUpload (core.uploads) was over the project's upload limit: none of it was kept.
    if upload.size > ATTACHMENT_MAX_SIZE or getattr(upload, "refused", False):
        raise AttachmentError(
            _("“%(name)s” is %(size)s: each file may be at most %(limit)s."),
            params={"name": upload.name, "size": megabytes(upload.size), "limit": megabytes(ATTACHMENT_MAX_SIZE)},
        )
    if not upload.size:
        raise AttachmentError(EMPTY)


def identify(upload):
    """The type of `upload` from its content; AttachmentError if it is not one that is accepted or it
    cannot be read. The size is checked first, so an oversized file is never read."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(len(OLE_HEADER))
    upload.seek(0)
    try:
        if head.startswith(PDF_HEADER):
            return _pdf(upload)
        if head.startswith(ZIP_HEADER):
            return _office_open_xml(upload)
        if head.startswith(OLE_HEADER):
            return _ole2(upload)
        return _image(upload)
    finally:
        upload.seek(0)


def _pdf(upload):
    upload.seek(max(upload.size - PDF_END_WITHIN, 0))
    if PDF_END not in upload.read():
        raise AttachmentError(DAMAGED)
    return Checked(PDF)


def _office_open_xml(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise AttachmentError(DAMAGED) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise AttachmentError(MACROS)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return Checked(DOCX)
        if "xl/workbook.xml" in names:
            return Checked(XLSX)
    raise AttachmentError(UNSUPPORTED)


def _ole2(upload):
    try:
        with olefile.OleFileIO(upload) as container:
            streams = {"/".join(path) for path in container.listdir(streams=True, storages=True)}
    except Exception:  # a malformed container may fail anywhere in the parser
        raise AttachmentError(DAMAGED) from None
    if streams & {"Macros", "_VBA_PROJECT_CUR"}:
        raise AttachmentError(MACROS)
    if "WordDocument" in streams:
        return Checked(DOC)
    if streams & {"Workbook", "Book"}:
        return Checked(XLS)
    raise AttachmentError(UNSUPPORTED)


def _image(upload):
    """Pillow opens it as one of the accepted formats and decodes it (reduced, for speed), so a picture
    that is cut off or corrupt is refused here rather than shown broken."""
    try:
        with _open_image(upload) as image:
            file_type = IMAGE_FORMATS[image.format]
            width, height = image.size
            image.draft("RGB", THUMBNAIL_SIZE)  # JPEG: decode at a fraction of the size
            image.load()
    except UnidentifiedImageError:
        raise AttachmentError(UNSUPPORTED) from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise AttachmentError(DAMAGED_IMAGE) from None
    return Checked(file_type, width, height)


def _open_image(upload):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(IMAGE_FORMATS))
        except Image.DecompressionBombWarning:
            raise AttachmentError(TOO_MANY_PIXELS) from None
    if image.width * image.height > ATTACHMENT_MAX_PIXELS:
        # Not image.close(): that would close the upload itself, which Pillow did not open.
        raise AttachmentError(TOO_MANY_PIXELS)
    return image


def make_thumbnail(upload):
    """A small JPEG of the photo, turned the way the camera held it; the bytes."""
    upload.seek(0)
    try:
        with _open_image(upload) as image:
            image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(THUMBNAIL_SIZE)
            if picture.mode in ("RGBA", "LA", "P"):
                picture = picture.convert("RGBA")
                background = Image.new("RGB", picture.size, "white")
                background.paste(picture, mask=picture.getchannel("A"))
                picture = background
            out = io.BytesIO()
            picture.convert("RGB").save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise AttachmentError(DAMAGED_IMAGE) from None
    finally:
        upload.seek(0)
    return out.getvalue()

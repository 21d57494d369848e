"""Photos and files on records (issue 11) with the upload limits of issue 14: size, type by content,
access by role, thumbnails, the timeline, withdrawal and the print view."""

import io
import os
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints import services as complaint_services
from core.attachments.checks import (
    ATTACHMENT_MAX_SIZE,
    DOC,
    DOCX,
    JPEG,
    PDF,
    PNG,
    WEBP,
    XLS,
    XLSX,
    AttachmentError,
    identify,
)
from core.attachments.services import withdraw_attachment
from core.errors import ArchivedError
from core.models import Attachment, TimelineEvent
from core.roles import Role
from core.uploads import RefusedUpload, SizeLimitUploadHandler
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from residents.models import Department
from tests.complaints.conftest import register
from tests.factories import (
    PDF_BYTES,
    DepartmentFactory,
    OccupancyFactory,
    ole_bytes,
    photo_bytes,
    photo_upload,
    upload,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
TOO_BIG_MESSAGE = "每个文件不能超过 10 MB"
WRONG_TYPE_MESSAGE = "只能上传照片（JPEG、PNG、WebP）"


@pytest.fixture
def unit(db):
    return OccupancyFactory(resident__name="张伟华", resident__phone="13812345678").unit


@pytest.fixture
def repair(clerk, unit):
    return request_services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.REPAIR, matter="厨房水槽下漏水", unit=unit), by=clerk
    )


@pytest.fixture
def engineering(department_head):
    return DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, head=department_head)


@pytest.fixture
def complaint(clerk, unit, engineering):
    complaint = register(by=clerk, channel="letter", description="楼道灯坏了一周", unit=unit, level="minor")
    return complaint_services.dispatch_complaint(complaint=complaint, department=engineering, by=clerk)


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    """Where Django streams uploads over 2.5 MB: checked empty after a refusal."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


def stored_files():
    return sorted(str(path.relative_to(settings.MEDIA_ROOT)) for path in Path(settings.MEDIA_ROOT).rglob("*")
                  if path.is_file())


def attach_url(help_request):
    return reverse("requests_app:action", args=[help_request.pk, "attach"])


def post_attachment(client, help_request, file, description=""):
    return client.post(attach_url(help_request), {"attach-file": file, "attach-description": description})


# ---- storing, thumbnails, the timeline ---------------------------------------------------------------

def test_a_photo_attached_on_the_request_page_is_stored_with_a_thumbnail_and_on_the_timeline(
    client_for, clerk, repair
):
    client = client_for(clerk)
    response = post_attachment(client, repair, photo_upload("漏水.jpg", size=(1200, 900)), "水槽下方")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.target, attachment.uploaded_by, attachment.original_name) == (repair, clerk, "漏水.jpg")
    assert (attachment.mime_type, attachment.width, attachment.height) == ("image/jpeg", 1200, 900)
    assert attachment.description == "水槽下方" and attachment.size > 0
    assert attachment.uploaded_at <= timezone.now()
    year_month = timezone.now().strftime("%Y/%m")
    assert attachment.file.name.startswith(f"attachments/{year_month}/") and attachment.file.name.endswith(".jpg")
    # The thumbnail lies beside the original, made once when it was stored.
    assert attachment.thumbnail.name == attachment.file.name[: -len(".jpg")] + ".thumb.jpg"
    assert stored_files() == sorted([attachment.file.name, attachment.thumbnail.name])
    with default_storage.open(attachment.thumbnail.name) as handle, Image.open(handle) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 320 and thumb.size == (320, 240)

    event = TimelineEvent.objects.get(action="attach", object_id=repair.pk)
    assert (event.label, event.actor) == ("Attachment added", clerk)
    assert "漏水.jpg" in event.note and "水槽下方" in event.note and event.data["attachment"] == attachment.pk

    page = client.get(repair.get_absolute_url()).content.decode()
    assert reverse("attachment_thumbnail", args=[attachment.pk]) in page
    assert f'href="{reverse("attachment_download", args=[attachment.pk])}" target="_blank"' in page
    assert "添加附件" in page and "漏水.jpg" in page  # on the timeline, in Chinese


def test_the_thumbnail_is_turned_the_way_the_camera_was_held(clerk, repair):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotated 90° clockwise
    photo = upload("竖拍.jpg", photo_bytes("JPEG", size=(400, 200), exif=exif.tobytes()))
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo)
    with default_storage.open(attachment.thumbnail.name) as handle, Image.open(handle) as thumb:
        assert thumb.size == (160, 320)


def test_a_transparent_png_gets_a_white_thumbnail(clerk, repair):
    photo = upload("图.png", photo_bytes("PNG", size=(100, 100), color=(0, 0, 0, 0)))
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo)
    with default_storage.open(attachment.thumbnail.name) as handle, Image.open(handle) as thumb:
        assert thumb.convert("RGB").getpixel((50, 50)) == (255, 255, 255)


def test_documents_are_listed_with_name_size_uploader_and_time(client_for, clerk, complaint):
    complaint_services.attach_file(complaint=complaint, by=clerk, file=upload("住户来信.pdf", PDF_BYTES))
    page = client_for(clerk).get(complaint.get_absolute_url()).content.decode()
    files = page[page.index('id="attachment-files"'):]
    assert "住户来信.pdf" in files and "PDF 文件" in files and "字节" in files
    assert clerk.first_name in files and timezone.localtime().strftime("%Y-%m-%d") in files


# ---- size: issue 14, refused before the file is read ---------------------------------------------

def test_a_file_just_over_10_mb_is_refused_in_chinese_and_nothing_is_stored(client_for, clerk, repair,
                                                                            upload_temp_dir):
    big = upload("大照片.jpg", photo_bytes("JPEG") + b"\0" * (ATTACHMENT_MAX_SIZE + 1), "image/jpeg")
    response = post_attachment(client_for(clerk), repair, big)
    assert response.status_code == 200
    form = dict(response.context["actions"])[next(a for a, _f in response.context["actions"] if a.name == "attach")]
    assert TOO_BIG_MESSAGE in " ".join(form.errors["file"])
    assert TOO_BIG_MESSAGE in response.content.decode()
    assert not Attachment.objects.exists() and not TimelineEvent.objects.filter(action="attach").exists()
    assert stored_files() == []
    assert list(upload_temp_dir.iterdir()) == []  # the refused upload's temporary copy is gone


def test_exactly_10_mb_is_accepted(clerk, repair):
    pdf = PDF_BYTES[:-6] + b"\0" * (ATTACHMENT_MAX_SIZE - len(PDF_BYTES)) + PDF_BYTES[-6:]
    assert len(pdf) == ATTACHMENT_MAX_SIZE
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=upload("规定.pdf", pdf))
    assert attachment.size == ATTACHMENT_MAX_SIZE


class Unreadable(SimpleUploadedFile):
    """A file whose content must not be touched."""

    def read(self, *args):
        raise AssertionError("the file was read")

    def seek(self, *args):
        raise AssertionError("the file was read")


def test_the_size_is_checked_before_the_file_is_read():
    file = Unreadable("big.jpg", b"x", content_type="image/jpeg")
    file.size = 10 * MB + 1
    with pytest.raises(AttachmentError) as refused:
        identify(file)
    assert refused.value.messages == ["“big.jpg”大小为 10.1 MB，每个文件不能超过 10 MB。"]


def test_the_upload_handler_keeps_no_more_than_the_limit_of_a_file(client_for, clerk, repair, settings,
                                                                    upload_temp_dir):
    """Past the limit a streaming upload is only counted: the form gets its size, no content."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # stream to a temporary file from the first kilobyte
    big = upload("大.pdf", PDF_BYTES + b"\0" * (ATTACHMENT_MAX_SIZE + 5000))
    response = post_attachment(client_for(clerk), repair, big)
    [form] = [form for action, form in response.context["actions"] if action.name == "attach"]
    received = form.files["attach-file"]
    assert received.refused and received.size == big.size and "大.pdf" in str(form.errors["file"])
    assert list(upload_temp_dir.iterdir()) == [] and stored_files() == []


def test_the_partial_copy_is_deleted_the_moment_a_file_passes_the_limit(rf, settings, upload_temp_dir):
    settings.UPLOAD_MAX_FILE_SIZE = 100
    request = rf.post("/")
    limit, keep = SizeLimitUploadHandler(request), TemporaryFileUploadHandler(request)
    request.upload_handlers = [limit, keep]
    for handler in request.upload_handlers:
        handler.new_file("file", "大.jpg", "image/jpeg", None)
    chunks = [b"a" * 60, b"b" * 60, b"c" * 60]
    start = 0
    for chunk in chunks:
        passed = limit.receive_data_chunk(chunk, start)
        if passed is not None:
            keep.receive_data_chunk(passed, start)
        start += len(chunk)
    assert keep.file.closed and list(upload_temp_dir.iterdir()) == []
    refused = limit.file_complete(start)
    assert isinstance(refused, RefusedUpload) and refused.size == 180 and refused.read() == b""


def test_a_request_over_the_overall_limit_is_refused_before_its_body_is_read(client_for, clerk, repair):
    # The body claims 50 MB but holds a few bytes: reading it would fail the test client's payload.
    response = client_for(clerk).generic(
        "POST", attach_url(repair), b"--x\r\n", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * MB), HTTP_REFERER="http://testserver" + repair.get_absolute_url(),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "上传内容过大" in page and "50 MB" in page and "11 MB" in page
    assert repair.get_absolute_url() in page  # the way back
    assert not Attachment.objects.exists()


def test_a_real_oversized_upload_is_refused_whole(client_for, clerk, repair, upload_temp_dir):
    big = upload("扫描件.pdf", PDF_BYTES + b"\0" * (12 * MB))
    response = post_attachment(client_for(clerk), repair, big)
    assert response.status_code == 413
    assert stored_files() == [] and list(upload_temp_dir.iterdir()) == [] and not Attachment.objects.exists()


def test_the_upload_gates_are_not_narrower_than_the_attachment_limit():
    assert settings.UPLOAD_MAX_FILE_SIZE >= ATTACHMENT_MAX_SIZE
    assert settings.UPLOAD_MAX_REQUEST_SIZE > ATTACHMENT_MAX_SIZE
    assert settings.FILE_UPLOAD_HANDLERS[0] == "core.uploads.SizeLimitUploadHandler"
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < ATTACHMENT_MAX_SIZE  # big files stream to disk


# ---- type: by content, never by name or browser --------------------------------------------------

def _xlsx():
    out = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "维修费用"
    workbook.save(out)
    return out.getvalue()


def _zip(*names):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


ACCEPTED = [
    ("漏水.jpg", photo_bytes("JPEG"), JPEG),
    ("漏水.png", photo_bytes("PNG"), PNG),
    ("漏水.webp", photo_bytes("WEBP"), WEBP),
    ("来信.pdf", PDF_BYTES, PDF),
    ("报告.docx", _zip("[Content_Types].xml", "word/document.xml"), DOCX),
    ("费用.xlsx", _xlsx(), XLSX),
    ("报告.doc", ole_bytes("WordDocument"), DOC),
    ("费用.xls", ole_bytes("Workbook"), XLS),
]


@pytest.mark.parametrize(("name", "content", "expected"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_accepted_types_are_recognised_by_content(name, content, expected):
    assert identify(upload(name, content)).type == expected
    # ... whatever the name says.
    assert identify(upload("无扩展名", content)).type == expected


def _truncated_jpeg():
    data = photo_bytes("JPEG", size=(400, 300))
    return data[: len(data) // 2]


REFUSED = [
    ("假照片.jpg", b"<html><script>alert(1)</script></html>", WRONG_TYPE_MESSAGE),
    ("图.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', WRONG_TYPE_MESSAGE),
    ("动图.gif", photo_bytes("GIF"), WRONG_TYPE_MESSAGE),
    ("程序.pdf", b"MZ\x90\x00" + b"\0" * 200, WRONG_TYPE_MESSAGE),
    ("压缩包.docx", _zip("readme.txt"), WRONG_TYPE_MESSAGE),
    ("演示.pptx", _zip("[Content_Types].xml", "ppt/presentation.xml"), WRONG_TYPE_MESSAGE),
    ("宏.docx", _zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "不接受含有宏的文档"),
    ("宏.doc", ole_bytes("WordDocument", ("Macros", "storage")), "不接受含有宏的文档"),
    ("宏.xls", ole_bytes("Workbook", ("_VBA_PROJECT_CUR", "storage")), "不接受含有宏的文档"),
    ("安装包.doc", ole_bytes("SummaryInformation"), WRONG_TYPE_MESSAGE),
    ("坏照片.jpg", _truncated_jpeg(), "照片已损坏或不完整"),
    ("半截.pdf", PDF_BYTES[:-8], "文件已损坏或不完整"),
    ("坏.xlsx", b"PK\x03\x04" + b"\0" * 100, "文件已损坏或不完整"),
    ("坏.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "文件已损坏或不完整"),
    ("巨图.png", photo_bytes("PNG", size=(8000, 8000), color=(0, 0, 0)), "像素过多"),
    ("空.jpg", b"", "文件是空的"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[row[0] for row in REFUSED])
def test_anything_else_is_refused_with_a_chinese_message(name, content, message, client_for, clerk, repair):
    response = post_attachment(client_for(clerk), repair, upload(name, content, "image/jpeg"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_png_named_pdf_is_stored_as_the_png_it_is(client_for, clerk, repair):
    attachment = request_services.attach_file(
        help_request=repair, by=clerk, file=upload("报告.pdf", photo_bytes("PNG"), "application/pdf")
    )
    assert attachment.mime_type == "image/png" and attachment.file.name.endswith(".png")
    assert attachment.original_name == "报告.pdf"
    response = client_for(clerk).get(reverse("attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E6%8A%A5%E5%91%8A.png"


def test_the_service_checks_the_file_too(clerk, repair):
    with pytest.raises(AttachmentError):
        request_services.attach_file(help_request=repair, by=clerk, file=upload("x.jpg", b"<html></html>"))
    assert stored_files() == []


# ---- downloads: the record's visibility, never run by the browser ----------------------------------

def test_a_photo_opens_in_the_browser_and_runs_nothing(client_for, clerk, repair):
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload("漏水.jpg"))
    response = client_for(clerk).get(reverse("attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_documents_are_only_ever_downloaded(client_for, clerk, repair):
    for name, content, _type in ACCEPTED[3:]:
        attachment = request_services.attach_file(help_request=repair, by=clerk, file=upload(name, content))
        response = client_for(clerk).get(reverse("attachment_download", args=[attachment.pk]))
        assert response["Content-Disposition"].startswith("attachment;"), name
        assert response["Content-Type"] == _type.mime_type and response["X-Content-Type-Options"] == "nosniff"
        assert "html" not in response["Content-Type"]


def test_thumbnails_are_served_as_jpeg(client_for, clerk, repair):
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload(format="PNG"))
    response = client_for(clerk).get(reverse("attachment_thumbnail", args=[attachment.pk]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    document = request_services.attach_file(help_request=repair, by=clerk, file=upload("a.pdf", PDF_BYTES))
    assert client_for(clerk).get(reverse("attachment_thumbnail", args=[document.pk])).status_code == 404


@pytest.fixture
def complaint_photo(complaint, clerk):
    return complaint_services.attach_file(complaint=complaint, by=clerk, file=photo_upload("损坏.jpg"))


@pytest.mark.parametrize("view", ["attachment_download", "attachment_thumbnail"])
def test_a_department_head_of_another_department_gets_404(view, client_for, complaint_photo, make_user):
    other = make_user(Role.DEPARTMENT_HEAD, username="head_sec")
    DepartmentFactory(name="保安部", kind=Department.Kind.SECURITY, head=other)
    assert client_for(other).get(reverse(view, args=[complaint_photo.pk])).status_code == 404


@pytest.mark.parametrize("view", ["attachment_download", "attachment_thumbnail"])
def test_the_complaints_own_department_head_opens_it(view, client_for, complaint_photo, department_head):
    assert client_for(department_head).get(reverse(view, args=[complaint_photo.pk])).status_code == 200


@pytest.mark.parametrize("view", ["attachment_download", "attachment_thumbnail"])
def test_a_user_without_a_role_gets_403(view, client_for, complaint_photo, make_user):
    nobody = make_user(None, username="nobody")
    assert client_for(nobody).get(reverse(view, args=[complaint_photo.pk])).status_code == 403


def test_quality_sees_the_list_but_opens_no_file(client_for, complaint_photo, complaint, quality):
    """SPEC §2: a photo of a letter carries a resident's details, which quality may not see."""
    client = client_for(quality)
    assert client.get(reverse("attachment_download", args=[complaint_photo.pk])).status_code == 403
    assert client.get(reverse("attachment_thumbnail", args=[complaint_photo.pk])).status_code == 403
    page = client.get(complaint.get_absolute_url()).content.decode()
    listed = page[page.index('id="attachment-files"'):]
    assert "损坏.jpg" in listed and "仅客服、部门负责人及以上人员可以查看" in page
    assert f"/attachments/{complaint_photo.pk}/" not in page


def test_anonymous_visitors_are_sent_to_the_login(client, complaint_photo):
    response = client.get(reverse("attachment_download", args=[complaint_photo.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_media_folder_is_not_served(client_for, clerk, complaint_photo):
    client = client_for(clerk)
    for prefix in ("/media/", "/static/", "/"):
        assert client.get(prefix + complaint_photo.file.name).status_code == 404


# ---- who may attach ------------------------------------------------------------------------------

def test_the_complaints_department_may_attach_and_quality_may_not(client_for, complaint, department_head, quality):
    url = reverse("complaints:act", args=[complaint.pk, "attach"])
    response = client_for(department_head).post(url, {"attach-file": photo_upload()})
    assert response.status_code == 302 and Attachment.objects.get().uploaded_by == department_head
    assert client_for(quality).post(url, {"attach-file": photo_upload()}).status_code == 403
    assert Attachment.objects.count() == 1


def test_a_past_years_request_takes_files_only_from_a_manager(clerk, manager, unit):
    last_year = timezone.now().replace(year=timezone.now().year - 1)
    old = request_services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.REPAIR, matter="漏水", unit=unit), by=clerk, now=last_year
    )
    with pytest.raises(ArchivedError):
        request_services.attach_file(help_request=old, by=clerk, file=photo_upload())
    assert stored_files() == [] and not Attachment.objects.exists()
    assert request_services.attach_file(help_request=old, by=manager, file=photo_upload()).target == old


def test_a_refused_step_stores_no_file(clerk, repair, make_user):
    with pytest.raises(PermissionDenied):
        request_services.attach_file(help_request=repair, by=make_user(Role.QUALITY, username="q"), file=photo_upload())
    assert stored_files() == []


# ---- withdrawal: nothing is deleted by users ------------------------------------------------------

def test_a_manager_withdraws_an_attachment_with_a_reason_on_the_timeline(client_for, clerk, manager, repair):
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload("错拍.jpg"))
    url = reverse("attachment_withdraw", args=[attachment.pk])
    assert client_for(clerk).post(url, {"reason": "拍错了"}).status_code == 403
    client = client_for(manager)
    assert client.post(url, {"reason": ""}).status_code == 302
    assert not Attachment.objects.get().withdrawn
    response = client.post(url, {"reason": "拍错了住户"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.withdrawn_by, attachment.withdrawn_reason) == (manager, "拍错了住户")
    event = TimelineEvent.objects.get(action="withdraw-attachment")
    assert event.actor == manager and "错拍.jpg" in event.note and "拍错了住户" in event.note
    assert default_storage.exists(attachment.file.name)  # kept
    assert client_for(clerk).get(reverse("attachment_download", args=[attachment.pk])).status_code == 404
    assert client_for(manager).get(reverse("attachment_download", args=[attachment.pk])).status_code == 200
    page = client_for(clerk).get(repair.get_absolute_url()).content.decode()
    assert "<del>错拍.jpg</del>" in page and "拍错了住户" in page


def test_an_attachment_is_withdrawn_once(clerk, manager, repair):
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload())
    withdraw_attachment(attachment=attachment, by=manager, reason="重复")
    with pytest.raises(AttachmentError):
        withdraw_attachment(attachment=attachment, by=manager, reason="重复")


# ---- print views: names only ----------------------------------------------------------------------

def test_the_complaint_print_form_lists_the_attachments_by_name(client_for, clerk, complaint, quality, manager):
    complaint_services.attach_file(complaint=complaint, by=clerk, file=photo_upload("楼道.jpg"))
    complaint_services.attach_file(complaint=complaint, by=clerk, file=upload("来信.pdf", PDF_BYTES))
    withdrawn = complaint_services.attach_file(complaint=complaint, by=clerk, file=upload("错的.pdf", PDF_BYTES))
    withdraw_attachment(attachment=withdrawn, by=manager, reason="错了")
    url = reverse("complaints:print_form", args=[complaint.pk])
    page = client_for(clerk).get(url).content.decode()
    assert "<th>附件</th>" in page and "1. 楼道.jpg；2. 来信.pdf" in page and "错的.pdf" not in page
    assert reverse("attachment_download", args=[withdrawn.pk]) not in page  # names only
    assert "1. 楼道.jpg；2. 来信.pdf" in client_for(quality).get(url).content.decode()


def test_the_print_tags_need_only_the_record(clerk, repair, rf):
    """For the help-request print view (built elsewhere): {% load attachments %}{% print_attachments object %}."""
    from django.template import engines

    request_services.attach_file(help_request=repair, by=clerk, file=photo_upload("现场.jpg"))
    request = rf.get("/")
    request.user = clerk
    template = engines["django"].from_string("{% load attachments %}{% print_attachments object %}")
    assert "附件：" in template.render({"object": repair}, request) and "1. 现场.jpg" in template.render(
        {"object": repair}, request)


def test_the_attachment_list_costs_a_fixed_number_of_queries(client_for, clerk, repair, django_assert_max_num_queries):
    for index in range(3):
        request_services.attach_file(help_request=repair, by=clerk, file=photo_upload(f"{index}.jpg"))
        request_services.attach_file(help_request=repair, by=clerk, file=upload(f"{index}.pdf", PDF_BYTES))
    client = client_for(clerk)
    client.get(repair.get_absolute_url())
    with django_assert_max_num_queries(40) as queries:
        client.get(repair.get_absolute_url())
    attachment_queries = [q for q in queries.captured_queries if "core_attachment" in q["sql"]]
    assert len(attachment_queries) == 1


# ---- storage: any Django backend by setting --------------------------------------------------------

def test_attachments_work_on_any_storage_backend(settings, client_for, clerk, repair):
    """Only the storage API is used (no local paths), so S3-compatible storage is a setting."""
    settings.STORAGES = settings.STORAGES | {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload())
    assert stored_files() == []  # nothing on the local disk
    client = client_for(clerk)
    for view in ("attachment_download", "attachment_thumbnail"):
        response = client.get(reverse(view, args=[attachment.pk]))
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_the_storage_backend_is_chosen_by_environment():
    from tests.core.test_settings import run_manage

    env = {"DEBUG": "1", "MEDIA_STORAGE_BACKEND": "django.core.files.storage.InMemoryStorage",
           "MEDIA_STORAGE_OPTIONS": '{"base_url": "/files/"}'}
    code = "from django.conf import settings; print(settings.STORAGES['default'])"
    result = run_manage("shell", "-c", code, env=env)
    assert "'BACKEND': 'django.core.files.storage.InMemoryStorage'" in result.stdout, result.stderr
    assert "'OPTIONS': {'base_url': '/files/'}" in result.stdout


def test_the_admin_links_files_through_the_download_view_and_only_a_superuser_deletes(
    client, clerk, repair, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    attachment = request_services.attach_file(help_request=repair, by=clerk, file=photo_upload("漏水.jpg"))
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(reverse("admin:core_attachment_change", args=[attachment.pk])).content.decode()
    assert reverse("attachment_download", args=[attachment.pk]) in page and "/media/" not in page
    assert client.get(reverse("admin:core_attachment_add")).status_code == 403
    names = [attachment.file.name, attachment.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:core_attachment_delete", args=[attachment.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Attachment.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_the_attach_step_is_offered_as_a_multipart_form_on_both_record_pages(client_for, clerk, repair, complaint):
    client = client_for(clerk)
    for record, url_name in ((repair, "requests_app:action"), (complaint, "complaints:act")):
        page = client.get(record.get_absolute_url()).content.decode()
        action = reverse(url_name, args=[record.pk, "attach"])
        assert f'action="{action}" enctype="multipart/form-data"' in page
        assert 'accept="image/jpeg,image/png,image/webp,.pdf,.docx,.xlsx,.doc,.xls"' in page
        assert f'data-max-size="{ATTACHMENT_MAX_SIZE}"' in page

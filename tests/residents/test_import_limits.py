"""Issue 14: the registry import reads with bounded work, checks the database's limits in the preview,
explains malformed files, and deletes every uploaded file after commit, refusal or expiry."""

import datetime
import time
import tracemalloc

import pytest

from residents import importing, uploads
from residents.models import Estate, Occupancy, Resident, Unit
from tests.factories import EstateFactory
from tests.residents import workbooks
from tests.residents.workbooks import GOOD_ROW, named

URL = "/registry/import/"


@pytest.fixture
def estate(db):
    return EstateFactory(code="HYY", name="华悦苑")


@pytest.fixture
def importer(client_for, supervisor):
    return client_for(supervisor)


def upload(client, data):
    return client.post(URL, {"file": named(data)})


def files(settings):
    """The uploaded files waiting in the import folder."""
    folder = settings.REGISTRY_IMPORT_DIR
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def row_errors(response):
    return {row.number: " ".join(row.errors) for row in response.context["error_rows"]}


# Numbers and limits: the preview never promises a row the commit refuses.

def test_the_preview_refuses_what_the_database_would_refuse(importer, estate):
    rows = [
        ["HYY", "3", "1201", None, None, None, "张" * 60, "业主", "13812345678", None],
        ["HYY", "3", "1" * 25, None, None, None, None, None, None, None],
        ["HYY", "3", "1203", 123456789, None, None, None, None, None, None],
        ["HYY", "B" * 21, "1204", None, None, None, None, None, None, None],
        ["HYY", "3", "1205", -5, None, None, None, None, None, None],
    ]
    response = upload(importer, workbooks.openpyxl_bytes(rows))
    errors = row_errors(response)
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "住户姓名过长：60 个字符，最多 50 个" in errors[2]
    assert "房号过长：25 个字符，最多 20 个" in errors[3]
    assert "建筑面积“123456789”无效（应在 0.01 至 999999.99 平方米之间）" in errors[4]
    assert "楼栋过长：21 个字符，最多 20 个" in errors[5]
    assert "建筑面积“-5”无效" in errors[6]
    assert response.context.get("token") is None


def test_rows_at_the_database_limits_pass_the_preview_and_the_commit(importer, estate):
    rows = [["HYY", "B" * 20, "1" * 20, 999999.99, "已入住", datetime.date(2024, 5, 1), "张" * 50, "业主",
             "0755-12345678-123456", "13812345678"]]
    response = upload(importer, workbooks.openpyxl_bytes(rows))
    assert response.context["error_rows"] == []
    response = importer.post(URL, {"token": response.context["token"]})
    assert response.status_code == 302
    unit = Unit.objects.get()
    assert unit.number == "1" * 20 and str(unit.floor_area) == "999999.99"
    assert Resident.objects.get().name == "张" * 50


# Uploads with limits.

def test_an_import_file_over_10_mb_is_refused_before_it_is_read(importer, estate, monkeypatch, settings):
    def never(*args, **kwargs):
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(importing, "parse_workbook", never)
    response = upload(importer, b"PK" + b"\0" * (importing.MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 200
    assert "文件超过 10 MB，请拆分后再导入。" in str(response.context["form"].errors["file"])
    assert files(settings) == []


def test_the_upload_limit_is_ten_megabytes():
    assert importing.MAX_UPLOAD_BYTES == 10 * 1024 * 1024


def test_the_sheets_declared_dimension_is_ignored(estate):
    data = workbooks.dimension_bomb()
    assert len(data) < 10_000
    started = time.perf_counter()
    rows = importing.parse_workbook(named(data), estates=Estate.objects.all())
    assert time.perf_counter() - started < 1
    assert [row.number for row in rows] == [2] and rows[0].errors == []


@pytest.mark.parametrize("build", [workbooks.huge_shared_string, workbooks.huge_inline_cell],
                         ids=["shared string", "cell"])
def test_a_text_longer_than_its_field_is_refused_without_being_built_in_memory(estate, build):
    size = 20_000_000
    data = build(size)
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        rows = importing.parse_workbook(named(data), estates=Estate.objects.all())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # bytes: nothing near the 20 MB text
    assert rows[0].errors == [f"住户姓名过长：{size} 个字符，最多 50 个"]


def test_a_file_that_unpacks_past_the_limit_is_refused_before_it_is_unpacked(estate, monkeypatch):
    monkeypatch.setattr(importing, "MAX_UNCOMPRESSED_BYTES", 5_000_000)
    data = workbooks.zip_bomb(6_000_000)
    assert len(data) < 50_000
    with pytest.raises(importing.ImportFileError, match="文件解压后超过 4 MB"):
        importing.parse_workbook(named(data), estates=Estate.objects.all())


def test_reading_stops_past_the_documented_row_limit(estate, monkeypatch):
    monkeypatch.setattr(importing, "MAX_IMPORT_ROWS", 5)
    rows = [["HYY", "3", f"{n:04d}", None, None, None, None, None, None, None] for n in range(6)]
    with pytest.raises(importing.ImportFileError, match="文件超过 5 行"):
        importing.parse_workbook(named(workbooks.openpyxl_bytes(rows)), estates=Estate.objects.all())
    assert len(importing.parse_workbook(named(workbooks.openpyxl_bytes(rows[:5])), estates=Estate.objects.all())) == 5


def test_the_documented_row_limit_is_50000():
    assert importing.MAX_IMPORT_ROWS == 50_000


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (workbooks.chart_sheet_only, "文件中没有工作表（图表工作表不能导入）。"),
        (workbooks.corrupt_xml, "文件已损坏，无法读取"),
    ],
    ids=["only a chart sheet", "corrupt XML"],
)
def test_a_malformed_file_gets_a_message_next_to_the_field_not_a_500(importer, estate, build, message, settings):
    response = upload(importer, build())
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert files(settings) == []


@pytest.mark.parametrize(
    ("reference", "kind", "value", "message"),
    [
        ("D2", "n", "abc", "建筑面积“abc”无效"),
        ("F2", "d", "notadate", "入住日期“notadate”无效"),
        ("F2", "n", "1e300", "入住日期“1e300”无效"),
    ],
    ids=["text in a number cell", "text in a date cell", "a number no date can be"],
)
def test_a_cell_that_does_not_hold_its_type_gets_a_message_on_its_row(importer, estate, reference, kind, value,
                                                                      message):
    response = upload(importer, workbooks.typed_cell(reference, kind, value))
    assert response.status_code == 200
    assert message in row_errors(response)[2]


def test_shared_strings_and_dates_are_read_as_excel_writes_them(estate):
    rows = importing.parse_workbook(named(workbooks.shared_strings_bytes([GOOD_ROW])), estates=Estate.objects.all())
    assert rows[0].errors == []
    assert (rows[0].name, rows[0].phone, rows[0].move_in_date) == ("张伟", "13812345678", datetime.date(2024, 5, 1))


# Uploaded files are deleted after commit, refusal or expiry.

def test_an_uploaded_file_is_deleted_after_the_commit(importer, estate, settings):
    response = upload(importer, workbooks.openpyxl_bytes([GOOD_ROW]))
    assert len(files(settings)) == 1
    importer.post(URL, {"token": response.context["token"]})
    assert files(settings) == [] and Occupancy.objects.count() == 1


def test_an_uploaded_file_with_row_errors_is_deleted_at_once(importer, estate, settings):
    upload(importer, workbooks.openpyxl_bytes([["HYY", "3", None, None, None, None, None, None, None, None]]))
    assert files(settings) == []


def test_an_uploaded_file_replaced_by_another_upload_is_deleted(importer, estate, settings):
    upload(importer, workbooks.openpyxl_bytes([GOOD_ROW]))
    response = upload(importer, workbooks.openpyxl_bytes([GOOD_ROW]))
    assert files(settings) == [f"{response.context['token']}.xlsx"]


def test_an_unconfirmed_upload_is_deleted_when_it_expires(importer, estate, settings):
    token = upload(importer, workbooks.openpyxl_bytes([GOOD_ROW])).context["token"]
    later = datetime.datetime.now(tz=datetime.UTC) + uploads.UPLOAD_KEPT_FOR
    assert uploads.purge_expired_uploads(now=later - datetime.timedelta(minutes=1)) == 0
    assert uploads.purge_expired_uploads(now=later + datetime.timedelta(minutes=1)) == 1
    assert files(settings) == []
    response = importer.post(URL, {"token": token}, follow=True)
    assert "本次导入已过期，请重新上传文件。" in response.content.decode()
    assert Unit.objects.count() == 0


def test_the_worker_purges_expired_uploads():
    from core.jobs import periodic_jobs

    assert "residents.uploads.purge_expired_uploads" in dict(periodic_jobs())


def test_confirming_after_the_upload_expired_is_refused_and_deletes_it(importer, estate, settings, monkeypatch):
    token = upload(importer, workbooks.openpyxl_bytes([GOOD_ROW])).context["token"]
    monkeypatch.setattr(uploads, "UPLOAD_KEPT_FOR", datetime.timedelta(seconds=-1))
    response = importer.post(URL, {"token": token}, follow=True)
    assert "本次导入已过期" in response.content.decode()
    assert files(settings) == [] and Unit.objects.count() == 0


def test_an_upload_without_a_declared_length_stops_being_stored_past_the_limit(rf):
    from django.core.files.uploadhandler import SkipFile

    handler = uploads.LimitedUploadHandler(rf.post("/"), limit=100)
    handler.handle_raw_input(None, {}, None, b"boundary")  # a chunked request: no length to check first
    handler.new_file("file", "registry.xlsx", "application/octet-stream", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert handler.too_large

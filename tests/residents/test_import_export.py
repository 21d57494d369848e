import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from residents.models import Estate, Occupancy, Resident, Unit
from tests.factories import EstateFactory, OccupancyFactory, ResidentFactory, UnitFactory


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["项目编码", "楼栋", "房号", "建筑面积", "入住状态", "入住日期", "住户姓名", "住户类型", "电话", "备用电话"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "registry.xlsx"
    return buffer


GOOD_ROWS = [
    ["HYY", "3", "1202", 98.5, "已入住", datetime.date(2024, 5, 1), "张伟", "业主", "13812345678", None],
    ["HYY", "3", "1202", 98.5, "已入住", datetime.date(2024, 5, 1), "李娜", "家庭成员", "13987654321", None],
    ["HYY", "3", "1203", 88, "空置", None, None, None, None, None],
]


@pytest.fixture
def estate(db):
    return EstateFactory(code="HYY", name="华悦苑")


@pytest.fixture
def importer(client_for, supervisor):
    return client_for(supervisor)


def test_a_clean_file_is_previewed_then_imported(importer, estate):
    response = importer.post("/registry/import/", {"file": xlsx(GOOD_ROWS)})
    assert response.status_code == 200
    assert response.context["error_rows"] == []
    assert Unit.objects.count() == 0  # preview changes nothing
    token = response.context["token"]
    response = importer.post("/registry/import/", {"token": token})
    assert response.status_code == 302
    assert Unit.objects.filter(building__estate=estate).count() == 2
    unit = Unit.objects.get(number="1202")
    assert unit.floor_area == 98.5 and unit.occupancy == Unit.Occupancy.OCCUPIED
    assert set(Occupancy.objects.current().filter(unit=unit).values_list("resident__name", flat=True)) == {"张伟", "李娜"}
    assert Resident.objects.get(name="李娜").kind == Resident.Kind.FAMILY


def test_preview_lists_every_row_error_with_its_row_number_and_reason(importer, estate):
    rows = GOOD_ROWS + [
        ["HYY", "3", None, None, None, None, "王五", "业主", "13800000000", None],  # row 5: missing unit
        ["HYY", "3", "1204", None, None, None, "赵六", "业主", "12345", None],  # row 6: bad phone
        ["HYY", "3", "1202", 98.5, "已入住", datetime.date(2024, 5, 1), "张伟", "业主", "13812345678", None],  # row 7
        ["NOPE", "1", "0101", None, None, None, None, None, None, None],  # row 8: unknown estate
    ]
    response = importer.post("/registry/import/", {"file": xlsx(rows)})
    errors = {row.number: " ".join(row.errors) for row in response.context["error_rows"]}
    assert set(errors) == {5, 6, 7, 8}
    assert "缺少房号" in errors[5]
    assert "电话“12345”格式不正确" in errors[6]
    assert "与第 2 行重复" in errors[7]
    assert "项目编码“NOPE”不存在" in errors[8]
    assert response.context.get("token") is None
    html = response.content.decode()
    assert "未导入任何数据" in html


def test_a_file_with_errors_changes_nothing(estate, supervisor):
    from residents import importing

    rows = importing.parse_workbook(
        xlsx(GOOD_ROWS + [["HYY", "3", "1205", "abc", None, None, None, None, None, None]]), estates=Estate.objects.all()
    )
    with pytest.raises(importing.ImportFileError):
        importing.commit_rows(rows, by=supervisor)
    assert Unit.objects.count() == 0 and Resident.objects.count() == 0


def test_a_file_that_is_not_excel_is_refused_next_to_the_field(importer, estate):
    bad = io.BytesIO(b"not a spreadsheet")
    bad.name = "registry.xlsx"
    response = importer.post("/registry/import/", {"file": bad})
    assert "这不是 Excel .xlsx 文件" in str(response.context["form"].errors["file"])


def test_importing_the_same_file_twice_adds_nothing(importer, estate):
    for _ in range(2):
        token = importer.post("/registry/import/", {"file": xlsx(GOOD_ROWS)}).context["token"]
        importer.post("/registry/import/", {"token": token})
    assert Unit.objects.count() == 2 and Resident.objects.count() == 2 and Occupancy.objects.count() == 2


def test_the_template_downloads_as_xlsx_with_chinese_headers(importer):
    response = importer.get("/registry/import/template.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in ws[1]][:3] == ["项目编码", "楼栋", "房号"]


def test_managers_export_the_registry_and_it_imports_back(client_for, manager, supervisor):
    estate = EstateFactory(code="JHG")
    resident = ResidentFactory(name="陈明", phone="13500001111")
    OccupancyFactory(resident=resident, unit=UnitFactory(building__estate=estate, building__name="A", number="1801"))
    UnitFactory(building__estate=estate, building__name="B", number="0302", occupancy=Unit.Occupancy.VACANT)
    response = client_for(manager).get("/registry/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0][:3] == ["JHG", "A", "1801"] and rows[0][6] == "陈明" and rows[0][8] == "13500001111"
    assert rows[1][:3] == ["JHG", "B", "0302"] and rows[1][6] is None
    # round trip: the exported file is a valid import file
    from residents import importing

    parsed = importing.parse_workbook(io.BytesIO(content), estates=Estate.objects.all())
    assert [row.errors for row in parsed] == [[], []]


def test_export_query_count_does_not_grow_with_rows(client_for, manager, django_assert_max_num_queries):
    for _ in range(25):
        OccupancyFactory()
    client = client_for(manager)
    with django_assert_max_num_queries(8):
        b"".join(client.get("/registry/export.xlsx").streaming_content)

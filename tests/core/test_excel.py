import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.excel import Column, add_table_sheet, new_workbook


def build(rows, columns):
    wb = new_workbook()
    add_table_sheet(wb, "表", columns, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)["表"]


def test_user_text_that_looks_like_a_formula_stays_text():
    ws = build([{"t": "=HYPERLINK(\"http://x\")"}, {"t": "+1"}, {"t": "-2"}, {"t": "@SUM(A1)"}], [Column("内容", "t")])
    values = [ws.cell(row=r, column=1) for r in range(2, 6)]
    assert all(cell.data_type == "s" for cell in values)
    assert values[0].value == '=HYPERLINK("http://x")'


def test_dates_and_numbers_are_real_cells_with_a_frozen_header():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    ws = build([{"at": moment, "n": 3, "d": datetime.date(2026, 3, 2)}], [Column("时间", "at"), Column("数量", "n"), Column("日期", "d")])
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "时间" and ws["A1"].font.bold
    assert ws["A2"].value == datetime.datetime(2026, 3, 1, 9, 30)  # local time, no tz
    assert ws["A2"].is_date and ws["C2"].is_date
    assert ws["B2"].value == 3 and ws["B2"].data_type == "n"


@pytest.mark.parametrize("accessor", ["building.estate.name", lambda row: row["building"]["estate"]["name"]])
def test_column_accessor_follows_dotted_paths_or_callables(accessor):
    row = {"building": {"estate": {"name": "华悦苑"}}}
    assert Column("项目", accessor).value(row) == "华悦苑"


def test_title_rows_stay_above_the_frozen_header():
    wb = new_workbook()
    add_table_sheet(wb, "表", [Column("内容", "t")], [{"t": "x"}], title_rows=["住户求助登记表"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    ws = load_workbook(buffer)["表"]
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws["A"]] == ["住户求助登记表", "内容", "x"]


def test_exports_drop_control_characters_and_cut_text_past_excels_cell_limit():
    """Issue 14: an older row holding \\x0b or \\x1b, or 40,000 characters, never breaks an export."""
    import io

    from openpyxl import load_workbook

    from core.excel import EXCEL_CELL_LIMIT, TRUNCATED, Book, Column, add_table_sheet, new_workbook

    rows = [{"text": "水管\x0b漏水\x1b"}, {"text": "长" * 40000}]
    columns = [Column("说明", "text")]
    old = new_workbook()
    add_table_sheet(old, "sheet", columns, rows)
    book = Book()
    book.table_sheet("sheet", columns, rows)
    for workbook in (old, book):
        buffer = io.BytesIO()
        workbook.save(buffer)
        cells = [row[0] for row in load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True)]
        assert "水管漏水" in cells
        long = next(cell for cell in cells if cell and cell.startswith("长"))
        assert len(long) <= EXCEL_CELL_LIMIT and long.endswith(TRUNCATED)

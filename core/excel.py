"""Excel helpers shared by every export: a column spec and a streamed (write-only) workbook.

Every export is built the same way: a list of `Column(header, accessor)` and rows, written with
openpyxl's write-only mode so a year of records never sits whole in memory.
"""

import datetime
import decimal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    header: Any  # usually a lazy translation
    accessor: Callable[[Any], Any] | str
    width: float = 14

    def value(self, row):
        if callable(self.accessor):
            return self.accessor(row)
        value = row
        for part in self.accessor.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                return None
        return value


def excel_value(value):
    """Turn a Python value into something Excel stores as a real date/number/text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 3600, 2)
    return str(value)


def make_cell(ws, value, *, bold=False):
    """A styled cell where one is needed; the plain value otherwise (a year's list has millions of cells)."""
    value = excel_value(value)
    if not bold and not isinstance(value, datetime.date) and not (isinstance(value, str) and value[:1] == "="):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        # User text such as "=cmd|..." must stay text, never a formula.
        cell.data_type = "s"
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def new_workbook():
    return Workbook(write_only=True)


def add_table_sheet(wb, title, columns, rows, *, title_rows=()):
    """A sheet with optional title lines, a bold frozen header row and one row per item."""
    ws = wb.create_sheet(title=str(title)[:31])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    # Write-only sheets take the frozen pane only before the first row is written.
    ws.freeze_panes = f"A{len(title_rows) + 2}"
    for line in title_rows:
        ws.append([make_cell(ws, item, bold=True) for item in (line if isinstance(line, list | tuple) else [line])])
    ws.append([make_cell(ws, column.header, bold=True) for column in columns])
    for row in rows:
        ws.append([make_cell(ws, column.value(row)) for column in columns])
    return ws


def workbook_response(wb, filename):
    """Save to a temporary file (not memory) and stream it as a download."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    wb.save(handle)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response

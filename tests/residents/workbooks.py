"""Registry workbooks for the import tests: good ones, and the malformed and malicious files of issue 14."""

import datetime
import io
import re
import zipfile

import xlsxwriter
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

HEADER = ["项目编码", "楼栋", "房号", "建筑面积", "入住状态", "入住日期", "住户姓名", "住户类型", "电话", "备用电话"]
GOOD_ROW = ["HYY", "3", "1202", 98.5, "已入住", datetime.date(2024, 5, 1), "张伟", "业主", "13812345678", None]


def named(data, name="registry.xlsx"):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def openpyxl_bytes(rows):
    """As openpyxl writes it: inline strings."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def shared_strings_bytes(rows):
    """As Excel (and the app's own export) writes it: a shared-string table."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return buffer.getvalue()


def rewrite(data, part, change):
    """The workbook with one part's XML changed (compressed hard, as an attacker would)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def dimension_bomb():
    """Declares A1:XFD1048576, with one empty formatted cell in its far corner (the issue's 5 KB file)."""

    def change(xml):
        xml = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>')

    return rewrite(openpyxl_bytes([GOOD_ROW]), SHEET, change)


def huge_shared_string(size):
    """The resident's name as one shared string of `size` characters."""
    return rewrite(shared_strings_bytes([GOOD_ROW]), "xl/sharedStrings.xml",
                   lambda xml: xml.replace("<si><t>张伟</t></si>".encode(), b"<si><t>" + b"A" * size + b"</t></si>", 1))


def huge_inline_cell(size):
    return rewrite(openpyxl_bytes([GOOD_ROW]), SHEET, lambda xml: re.sub(
        rb'<c r="G2" t="inlineStr"><is><t>[^<]*</t></is></c>',
        b'<c r="G2" t="inlineStr"><is><t>' + b"A" * size + b"</t></is></c>", xml))


def zip_bomb(size):
    """A sheet padded with `size` bytes of blanks: a small file that unpacks to a huge one."""
    return rewrite(openpyxl_bytes([GOOD_ROW]), SHEET, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * size))


def chart_sheet_only():
    wb = Workbook()
    ws = wb.active
    ws.append([1])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=1))
    wb.create_chartsheet().add_chart(chart)
    wb.remove(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def corrupt_xml():
    return rewrite(openpyxl_bytes([GOOD_ROW]), SHEET, lambda xml: xml[: len(xml) // 2])


def typed_cell(reference, kind, value):
    """GOOD_ROW with cell `reference` replaced by a cell of type `kind` holding `value` (text in a number
    cell); the cell keeps its style (the move-in date's is a date format)."""

    def change(xml):
        style = re.search(rb'<c r="' + reference.encode() + rb'"[^>]*?( s="\d+")', xml)
        cell = b'<c r="%s"%s t="%s"><v>%s</v></c>' % (
            reference.encode(), style[1] if style else b"", kind.encode(), value.encode())
        return re.sub(rb'<c r="' + reference.encode() + rb'"[^>]*>.*?</c>', cell, xml, count=1)

    return rewrite(openpyxl_bytes([GOOD_ROW]), SHEET, change)

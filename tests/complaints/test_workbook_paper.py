"""Paper the office can file (issue 11): the statistics workbooks opened by a real spreadsheet program
(LibreOffice, headless) and printed to PDF. The summary with its charts takes at most two A4 pages for a
month, the year's month-by-month table and its two trend charts one page; every sheet is A4 with page
numbers. Skipped, with a message, where LibreOffice or poppler's pdftotext is not installed."""

import datetime
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from complaints import services
from complaints.exports import write_statistics_workbook
from core.periods import Period
from tests.complaints.conftest import SHANGHAI
from tests.factories import DepartmentFactory, UnitFactory

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) or pdftotext is not installed"),
]
SUMMARY_PAGES = 2


def _pdf_pages(xlsx, tmp_path):
    """The text of each printed page, as LibreOffice prints the workbook."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = xlsx.with_suffix(".pdf")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def busy_month(make_complaint, clerk, department):
    """October 2026: 60 complaints over 12 units and five departments, most of them handled."""
    departments = [department] + [DepartmentFactory(name=name, head=department.head)
                                  for name in ("保安部", "保洁部", "绿化部", "车管部")]
    units = [UnitFactory() for _ in range(12)]
    start = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)
    for n in range(60):
        at = start + datetime.timedelta(hours=11 * n)
        complaint = make_complaint(now=at, unit=units[n % 12], resident=None, complainant_name="王芳",
                                   complainant_phone="13900000000", level=["minor", "important", "minor"][n % 3])
        if n % 6:
            target = departments[n % 5]
            complaint = services.dispatch_complaint(complaint=complaint, department=target, by=clerk, now=at)
            complaint = services.sign_for_complaint(complaint=complaint, by=target.head, now=at)
            services.record_handling(complaint=complaint, process="", result="已处理", by=target.head,
                                     now=at + datetime.timedelta(hours=n % 70))
    return Period("month", 2026, 10)


def test_month_summary_with_its_charts_prints_on_at_most_two_a4_pages(busy_month, manager, tmp_path):
    path = write_statistics_workbook(tmp_path / "month.xlsx", period=busy_month, viewer=manager)
    workbook = load_workbook(path)
    summary = workbook["汇总"]
    assert len(summary._charts) == 7
    for sheet in workbook:
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        # One page wide (1 is the file format's default for fitToWidth, so it may be left out).
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
    assert workbook["投诉明细"].page_setup.orientation == "landscape"
    assert workbook["投诉明细"].print_title_rows == "$1:$1"  # the header row on every page
    pages = _pdf_pages(path, tmp_path)
    title = summary["A1"].value
    summary_pages = [page for page in pages if title in page]
    assert 1 <= len(summary_pages) <= SUMMARY_PAGES
    assert "第 1 页，共" in pages[0]


def test_year_month_by_month_sheet_keeps_its_two_charts_on_one_page(busy_month, manager, tmp_path):
    path = write_statistics_workbook(tmp_path / "year.xlsx", period=Period("year", 2026), viewer=manager)
    workbook = load_workbook(path)
    months = workbook["逐月"]
    assert [row[0] for row in months.iter_rows(min_row=2, max_row=13, values_only=True)] == [
        f"2026-{m:02d}" for m in range(1, 13)]
    assert len(months._charts) == 2
    pages = _pdf_pages(path, tmp_path)
    assert len([page for page in pages if page.strip().startswith("逐月")]) == 1
    assert len([page for page in pages if workbook["汇总"]["A1"].value in page]) <= SUMMARY_PAGES

"""The survey results workbook on paper (issue 12, as issue 11 asks of every workbook): native charts —
the distribution, the rates, one per item, the Pareto columns with the cumulative line — every sheet A4,
one page wide, page numbers, the header row on every page; printed by a real spreadsheet program
(LibreOffice, headless) the summary takes at most two pages and the charts' Chinese text is there.
The LibreOffice test is skipped, with a message, where soffice or poppler's pdftotext is missing."""

import datetime
import shutil
import subprocess

import pytest
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.roles import Role
from surveys.choices import PlanStatus
from surveys.exports import write_results_workbook
from tests.factories import EstateFactory, UserFactory
from tests.surveys.results_fixtures import TEN_ITEMS, make_survey

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.django_db
SUMMARY_PAGES = 2


@pytest.fixture
def plan():
    estate = EstateFactory(name="华悦苑", code="HYY")
    earlier = make_survey(estate, forms=40, returned=30, seed=3, status=PlanStatus.CLOSED,
                          starts=datetime.date(2025, 11, 1), number="DC2025-00001")
    return make_survey(estate, forms=150, returned=120, seed=5, questionnaire=earlier.questionnaire)


def test_workbook_has_native_charts_and_every_sheet_set_up_for_a4(plan, tmp_path):
    path = write_results_workbook(tmp_path / "survey.xlsx", plan=plan, viewer=UserFactory(role=Role.SUPERVISOR))
    book = load_workbook(path)
    summary, item_charts, pareto, opinions, raw = book.worksheets
    assert len(summary._charts) == 2  # answers per item (stacked), rate per item against the previous survey
    assert len(item_charts._charts) == len(TEN_ITEMS)
    [pareto_chart] = pareto._charts
    assert pareto_chart.tagname == "barChart" and any(chart.tagname == "lineChart" for chart in pareto_chart._charts)
    for sheet in book:
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
        assert plan.estate.name in sheet.oddHeader.center.text, sheet.title
    assert raw.page_setup.orientation == "landscape"
    assert raw.print_title_rows == "$2:$2" and opinions.print_title_rows == "$2:$2"  # the header row on every page
    header = [cell.value for cell in raw[2]]
    assert header[1] == gettext("Unit") and header[4:4 + len(TEN_ITEMS)] == TEN_ITEMS
    assert raw.max_row == 2 + 120


def test_workbook_leaves_out_the_units_for_roles_that_may_not_see_residents_details(plan, tmp_path):
    path = write_results_workbook(tmp_path / "survey.xlsx", plan=plan, viewer=UserFactory(role=Role.QUALITY))
    book = load_workbook(path)
    raw, opinions = book.worksheets[-1], book.worksheets[-2]
    assert gettext("Unit") not in [cell.value for cell in raw[2]]
    assert gettext("Unit") not in [cell.value for cell in opinions[2]]


def _pdf_pages(xlsx, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
    text = subprocess.run([PDFTOTEXT, "-layout", str(xlsx.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) or pdftotext is not installed")
def test_printed_by_libreoffice_the_summary_fits_two_pages_and_the_charts_print_in_chinese(plan, tmp_path):
    path = write_results_workbook(tmp_path / "survey.xlsx", plan=plan, viewer=UserFactory(role=Role.SUPERVISOR))
    pages = _pdf_pages(path, tmp_path)
    title = load_workbook(path).worksheets[0]["A1"].value
    summary_pages = [page for page in pages if title in page]
    assert 1 <= len(summary_pages) <= SUMMARY_PAGES
    # The item charts' sheet holds nothing but its title line and the charts: each item's name printed
    # there is a chart's title.
    charts_page = next(page for page in pages if gettext("Answers per level, item by item") in page)
    assert all(name in charts_page for name in TEN_ITEMS)
    assert "第 1 页，共" in pages[0] or "Page 1 of" in pages[0]

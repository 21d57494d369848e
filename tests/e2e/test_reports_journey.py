"""The monthly report in the browser (issue 16): the supervisor writes the analysis, adds an action item
for the recurring problem and submits; the manager acknowledges; the printed report is one or two A4
pages in Chromium's PDF; the general manager sees the estates side by side and quality the statistics
with their charts. Screenshots of each page go to var/screenshots/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints import services as complaint_services
from core.periods import Period
from core.roles import Role
from reports import services
from reports.models import ComplaintReport, ReportStatus
from residents.models import Department
from tests.complaints.conftest import register
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import BuildingFactory, DepartmentFactory, EstateFactory, UnitFactory, UserFactory

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture
def office(db):
    users = {
        name: UserFactory(username=name, role=role, first_name=full_name)
        for name, role, full_name in [
            ("desk", Role.CLERK, "王丽"), ("eng", Role.DEPARTMENT_HEAD, "李强"), ("boss", Role.SUPERVISOR, "陈静"),
            ("mgr", Role.MANAGER, "刘洋"), ("gm", Role.GENERAL_MANAGER, "周建国"), ("qa", Role.QUALITY, "孙敏"),
        ]
    }
    estate = EstateFactory(name="华悦苑")
    EstateFactory(name="锦华广场")
    unit = UnitFactory(building=BuildingFactory(name="3", estate=estate), number="1202")
    engineering = DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, head=users["eng"])
    period = Period.last_month(timezone.localdate())
    for day, text in ((3, "电梯困人半小时无人处理"), (12, "电梯再次停运")):
        at = timezone.make_aware(datetime.datetime(period.year, period.index, day, 10, 0))
        complaint = register(by=users["desk"], channel="phone", description=text, unit=unit,
                             complainant_name="张伟", complainant_phone="13812345678", level="minor", now=at)
        complaint_services.dispatch_complaint(complaint=complaint, department=engineering, by=users["desk"], now=at)
    report = services.open_report(estate=estate, period=period)
    return {**users, "report": report, "engineering": engineering}


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_supervisor_writes_and_submits_the_report_and_the_manager_acknowledges_it(page, live_server, office,
                                                                                  tmp_path):
    report = office["report"]
    # The supervisor finds the report waiting on the reports page.
    login(page, live_server, "boss")
    page.goto(live_server.url + "/reports/")
    expect(page.locator("#reports-due")).to_contain_text("华悦苑")
    page.locator("#reports-due").get_by_role("link", name=re.compile("华悦苑")).click()
    expect(page.locator("h1")).to_contain_text("编写中")
    # Submitting without an analysis is refused, with the reason on the page.
    page.get_by_role("button", name="上呈经理").click()
    expect(page.locator("#actions")).to_contain_text("请填写主要原因")
    page.locator("#id_edit-causes").fill("电梯主板老化，维修响应慢")
    page.locator("#id_edit-recurring_analysis").fill("3-1202 本月两次投诉电梯停运")
    page.locator("#id_edit-departments_concerned").fill("工程维护部")
    page.locator("#id_edit-suggestions").fill("更换电梯主板，夜间安排值班电工")
    page.get_by_role("button", name="填写分析").click()
    expect(page.locator(".alert-success")).to_contain_text("分析已保存")
    page.locator("#id_add_item-department").select_option(label="工程维护部")
    page.locator("#id_add_item-problem").fill("华悦苑 3-1202 电梯多次停运")
    page.locator("#id_add_item-action").fill("更换主板并每周巡检")
    page.locator("#id_add_item-owner").select_option(str(office["eng"].pk))
    due = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#id_add_item-due_date").fill(due.isoformat())
    page.get_by_role("button", name="添加整改事项").click()
    expect(page.locator("#action-items")).to_contain_text("更换主板并每周巡检")
    _shot(page, "report_supervisor_draft.png")
    page.get_by_role("button", name="上呈经理").click()
    expect(page.locator("h1")).to_contain_text("已上呈经理")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.figures["values"]["total"][0] == 2

    # The manager reads it and acknowledges it.
    login(page, live_server, "mgr")
    page.goto(live_server.url + report.get_absolute_url())
    page.locator("#id_acknowledge-comment").fill("同意，工程部月底前完成")
    page.get_by_role("button", name="已阅").click()
    expect(page.locator("h1")).to_contain_text("经理已阅")
    _shot(page, "report_manager_acknowledged.png")
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACKNOWLEDGED, office["mgr"])

    # The printed report: the document the manager signs, one or two A4 pages.
    page.goto(live_server.url + f"/reports/{report.pk}/print/")
    expect(page.locator(".a4-report")).to_contain_text("刘洋")
    _shot(page, "report_print.png")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = len(PDF_PAGE.findall(pdf.read_bytes()))
    (SCREENSHOTS / "report_print.pdf").write_bytes(pdf.read_bytes())
    assert 1 <= pages <= 2, pages

    # The general manager sees every estate side by side; quality the statistics with charts.
    login(page, live_server, "gm")
    period = report.period
    page.goto(f"{live_server.url}/reports/compare/?kind=month&year={period.year}&month={period.index}")
    row = page.locator("#side-by-side tr", has_text="华悦苑")
    expect(row).to_contain_text("经理已阅")
    expect(row).to_contain_text("电梯主板老化")
    expect(page.locator("#side-by-side tr", has_text="锦华广场")).to_contain_text("未建立")
    _shot(page, "reports_side_by_side_gm.png")
    login(page, live_server, "qa")
    page.goto(f"{live_server.url}/complaints/statistics/?kind=month&year={period.year}&month={period.index}")
    expect(page.locator("svg").first).to_be_visible()
    expect(page.locator("#recurring")).to_contain_text("3-1202")
    _shot(page, "statistics_quality.png")
    assert ComplaintReport.objects.count() == 1

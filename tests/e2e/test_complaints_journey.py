"""The complaint journey in the browser: a clerk logs a walk-in complaint and dispatches it; the
department head signs for it and records the result; the supervisor sees an overdue one on the board;
the manager downloads the monthly workbook and it is checked against the database."""

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from complaints.choices import Status
from complaints.models import Complaint
from core.channels import Channel
from core.roles import Role
from residents.models import Department
from tests.complaints.conftest import register
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OccupancyFactory,
    ResidentFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture
def office(db):
    users = {
        name: UserFactory(username=name, role=role)
        for name, role in [("desk", Role.CLERK), ("eng", Role.DEPARTMENT_HEAD), ("boss", Role.SUPERVISOR),
                           ("mgr", Role.MANAGER)]
    }
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    OccupancyFactory(unit=unit, resident=ResidentFactory(name="张伟", phone="13812345678"))
    engineering = DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, head=users["eng"])
    DepartmentFactory(name="保安部", kind=Department.Kind.SECURITY)
    return {**users, "unit": unit, "engineering": engineering}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_complaint_from_reception_to_monthly_workbook(page, live_server, office, tmp_path):
    # The clerk logs a walk-in complaint and dispatches it.
    login(page, live_server, "desk")
    page.get_by_role("link", name="住户投诉").first.click()
    page.get_by_role("link", name="登记投诉").click()
    page.locator("#id_channel").select_option(Channel.VISIT)
    page.get_by_label("房号", exact=True).fill("3-1202")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("工程维护部").check()
    page.get_by_label("投诉内容（事件经过）").fill("维修工上门未穿鞋套，弄脏地板")
    page.get_by_label("住户要求", exact=True).fill("部门道歉并加强培训")
    page.get_by_label("级别", exact=True).select_option("minor")
    page.get_by_role("button", name="登记投诉").click()
    expect(page.locator(".alert-success")).to_contain_text("TS")
    complaint = Complaint.objects.get()
    assert complaint.resident.name == "张伟"
    page.get_by_label("领单部门").select_option(label="工程维护部")
    page.get_by_role("button", name="派单至被投诉部门").click()
    expect(page.locator("h1")).to_contain_text("已派单")

    # The department head signs for it and records the result.
    login(page, live_server, "eng")
    page.goto(live_server.url + complaint.get_absolute_url())
    page.get_by_role("button", name="签收").click()
    expect(page.locator("h1")).to_contain_text("处理中")
    page.get_by_label("处理经过").fill("当面致歉，重新清洁地板")
    page.get_by_label("处理结果").fill("住户接受道歉，已对维修工培训")
    page.get_by_role("button", name="记录处理结果并交回住户服务中心").click()
    expect(page.locator("h1")).to_contain_text("已处理")
    complaint.refresh_from_db()
    assert complaint.status == Status.HANDLED and complaint.signed_by == office["eng"]

    # An older complaint nobody dispatched: the supervisor's start page shows it as overdue.
    late = register(
        by=office["desk"], channel=Channel.PHONE, description="夜间施工噪音", complainant_name="李娜",
        complainant_phone="13987654321", level="minor", now=timezone.now() - datetime.timedelta(hours=3),
    )
    login(page, live_server, "boss")
    expect(page.locator("h1")).to_contain_text("我的工作台")
    expect(page.locator("#panel-complaints_overdue")).to_contain_text(late.number)
    page.locator("#panel-complaints_overdue").get_by_role("link", name="全部").click()
    expect(page.locator("h1")).to_contain_text("超时督办")
    row = page.locator("tr", has_text=late.number)
    expect(row).to_contain_text("派单至被投诉部门")
    expect(row).to_contain_text("2小时")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "complaints_board.png"), full_page=True)

    # The manager downloads this month's workbook; the numbers match the database.
    login(page, live_server, "mgr")
    today = timezone.localdate()
    page.goto(f"{live_server.url}/complaints/statistics/?kind=month&year={today.year}&month={today.month}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel").click()
    path = tmp_path / "stats.xlsx"
    download_info.value.save_as(path)
    workbook = load_workbook(path)
    summary = {row[0]: row[1] for row in workbook["汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["受理投诉数"] == Complaint.objects.count() == 2
    assert summary["已处理"] == Complaint.objects.filter(handled_at__isnull=False).count() == 1
    listed = [r[0] for r in workbook["投诉明细"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted(Complaint.objects.values_list("number", flat=True))

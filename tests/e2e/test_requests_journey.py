"""The clerk's journey in the browser: a walk-in repair for a registered unit, then an emergency call
from someone not in the registry."""

import pytest
from playwright.sync_api import expect

from core.models import Notification
from core.roles import Role
from requests_app.models import HelpRequest
from residents.models import Department
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import (
    BuildingFactory,
    DepartmentFactory,
    OccupancyFactory,
    ResidentFactory,
    UnitFactory,
    UserFactory,
)


def open_new_request_form(page):
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="住户求助").click()
    nav.get_by_role("link", name="登记求助", exact=True).click()


@pytest.fixture
def office(db):
    clerk = UserFactory(username="desk", role=Role.CLERK, first_name="王丽")
    supervisor = UserFactory(username="boss", role=Role.SUPERVISOR)
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    OccupancyFactory(unit=unit, resident=ResidentFactory(name="张伟", phone="13812345678"))
    DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING)
    DepartmentFactory(name="保安部", kind=Department.Kind.SECURITY)
    return {"clerk": clerk, "supervisor": supervisor, "unit": unit}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_clerk_logs_a_walk_in_repair_and_an_emergency_call(page, live_server, office):
    login(page, live_server, "desk")
    open_new_request_form(page)

    # A walk-in repair for a registered unit, found with the lookup.
    page.get_by_label("查找房号或住户").fill("3-1202")
    page.locator("[data-fill]", has_text="华悦苑 3-1202").click()
    expect(page.locator("[data-caller-banner]")).to_contain_text("张伟")
    page.get_by_label("2 报修", exact=True).check()
    page.get_by_label("来访", exact=True).check()
    page.get_by_label("求助事项").fill("厨房水龙头漏水")
    page.get_by_label("责任分类").select_option("Z")
    page.get_by_role("button", name="保存").click()

    repair = HelpRequest.objects.get(category="repair")
    expect(page.get_by_role("heading", name=f"{repair.number} · 报修")).to_be_visible()
    expect(page.locator("#next-steps")).to_contain_text("派给维修人员")
    expect(page.get_by_text("Z：开发商/施工单位保修")).to_be_visible()
    assert repair.received_by == office["clerk"] and repair.unit == office["unit"]

    # An emergency call from someone not in the registry.
    open_new_request_form(page)
    page.get_by_label("1 急救病人", exact=True).check()
    page.get_by_label("来电", exact=True).check()
    page.get_by_label("项目").select_option(label="华悦苑")
    page.get_by_label("求助人姓名").fill("李先生")
    page.get_by_label("求助人电话").fill("13900001111")
    page.get_by_label("求助事项").fill("老人在家中晕倒")
    page.get_by_role("button", name="保存").click()
    # The patient's address and phone are required: the clerk is told next to the fields.
    expect(page.get_by_text("急救病人求助必须填写。").first).to_be_visible()
    page.get_by_label("病人住址").fill("5栋801")
    page.get_by_label("病人联系电话").fill("13900001111")
    page.get_by_label("求助人选择").select_option(label="拨打120")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "help-request-form.png"), full_page=True)
    page.get_by_label("重大：立即向主管汇报").check()
    page.get_by_role("button", name="保存").click()

    emergency = HelpRequest.objects.get(category="emergency")
    expect(page.get_by_role("heading", name=f"{emergency.number} · 急救病人")).to_be_visible()
    expect(page.locator("#next-steps")).to_contain_text("小区入口值班保安")
    page.screenshot(path=str(SCREENSHOTS / "help-request-emergency.png"), full_page=True)
    assert emergency.serious and emergency.caller_name == "李先生"
    assert Notification.objects.filter(recipient=office["supervisor"], url=emergency.get_absolute_url()).exists()

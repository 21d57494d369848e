"""A clerk logs in, finds a unit with the front-desk lookup and reads Chinese (not boxes)."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from core.roles import Role
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import BuildingFactory, OccupancyFactory, ResidentFactory, UnitFactory, UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_clerk_finds_a_unit_with_the_lookup(page, live_server):
    UserFactory(username="desk", role=Role.CLERK)
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    OccupancyFactory(unit=unit, resident=ResidentFactory(name="张伟", phone="13812345678"))

    login(page, live_server, "desk")
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.get_by_label("查找房号或住户").fill("3栋1202")  # the results come in place as the clerk types
    row = page.locator("#lookup-results-start .list-group-item", has_text="华悦苑 3-1202")
    expect(row).to_contain_text("张伟")
    expect(row).to_contain_text("13812345678")
    expect(row.get_by_role("link", name="登记求助")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "lookup.png"), full_page=True)
    row.get_by_role("link", name="华悦苑 3-1202").click()
    expect(page.get_by_role("heading", name="华悦苑 3-1202")).to_be_visible()


@pytest.mark.e2e
def test_a_chinese_font_is_installed_so_text_is_not_boxes():
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig is missing"
    fonts = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert fonts.strip(), "install fonts-wqy-microhei"

"""Issue 11: the front desk at the speed of a phone call, measured by counting what the clerk does.
Phone repair for a registered resident, from the desk to saved: ≤ 2 page loads and ≤ 4 clicks with the
mouse; by keyboard only, ≤ 8 non-text keys (typing the unit and the matter aside)."""

import pytest
from playwright.sync_api import expect

from core.roles import Role
from requests_app.models import HelpRequest
from tests.e2e.helpers import login
from tests.factories import BuildingFactory, OccupancyFactory, ResidentFactory, UnitFactory, UserFactory

MAX_PAGE_LOADS = 2
MAX_CLICKS = 4
MAX_NON_TEXT_KEYS = 8


class Counted:
    """The clerk's hands: every click, every non-text key and every page load is counted."""

    def __init__(self, page):
        self.page, self.clicks, self.keys, self.loads = page, 0, 0, 0
        page.on("domcontentloaded", self._loaded)

    def _loaded(self, _page):
        self.loads += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def press(self, key):
        self.keys += 1
        self.page.keyboard.press(key)

    def type(self, text):
        self.page.keyboard.type(text)


@pytest.fixture
def resident_at_3_1202(db):
    UserFactory(username="desk", role=Role.CLERK, first_name="王丽")
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    OccupancyFactory(unit=unit, resident=ResidentFactory(name="张伟", phone="13812345678"))
    return unit


def _saved_repair(page, unit):
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    repair = HelpRequest.objects.get()
    assert (repair.category, repair.channel, repair.unit, repair.resident.name) == ("repair", "phone", unit, "张伟")
    assert repair.matter == "厨房水龙头漏水"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_phone_repair_with_the_mouse_takes_two_page_loads_and_four_clicks(page, live_server, resident_at_3_1202):
    login(page, live_server, "desk")
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.wait_for_load_state("load")
    hands = Counted(page)
    page.get_by_label("查找房号或住户").fill("3-1202")
    row = page.locator("#lookup-results-start .list-group-item", has_text="华悦苑 3-1202")
    hands.click(row.get_by_role("link", name="登记求助"))
    expect(page.locator("[data-caller-banner]")).to_contain_text("张伟")
    hands.click(page.get_by_label("2 报修", exact=True))
    page.get_by_label("求助事项").fill("厨房水龙头漏水")
    hands.click(page.get_by_role("button", name="保存"))
    _saved_repair(page, resident_at_3_1202)
    print(f"\nmouse: {hands.loads} page loads, {hands.clicks} clicks")
    assert hands.loads <= MAX_PAGE_LOADS and hands.clicks <= MAX_CLICKS


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_phone_repair_by_keyboard_takes_at_most_eight_non_text_keys(page, live_server, resident_at_3_1202):
    login(page, live_server, "desk")
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.wait_for_load_state("load")
    hands = Counted(page)
    expect(page.get_by_label("查找房号或住户")).to_be_focused()
    hands.type("3-1202")
    expect(page.locator("#lookup-results-start")).to_contain_text("张伟")
    hands.press("Enter")  # to the first caller found
    hands.press("Enter")  # 登记求助 for that caller
    expect(page.locator("[data-caller-banner]")).to_contain_text("张伟")
    hands.type("2")  # the number key of 报修
    expect(page.get_by_label("2 报修", exact=True)).to_be_checked()
    hands.press("Tab")  # the channel (来电 already chosen)
    hands.press("Tab")  # the matter
    hands.type("厨房水龙头漏水")
    hands.press("Enter")  # saves
    _saved_repair(page, resident_at_3_1202)
    print(f"\nkeyboard: {hands.loads} page loads, {hands.keys} non-text keys")
    assert hands.keys <= MAX_NON_TEXT_KEYS and hands.clicks == 0 and hands.loads <= MAX_PAGE_LOADS

"""Issue 10 in the browser: a clerk refers a request; once its 5-minute reply is overdue and the worker
has run, the clerk's and the supervisor's open desks show it overdue and a new notification — without
a reload."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.jobs import run_periodic_jobs
from core.roles import Role
from requests_app.models import HelpRequest
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import OccupancyFactory, UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_overdue_reply_reaches_the_open_desks_without_a_reload(browser, live_server, settings):
    settings.LIVE_REFRESH_SECONDS = 1
    UserFactory(username="desk", role=Role.CLERK, first_name="王丽")
    UserFactory(username="boss", role=Role.SUPERVISOR, first_name="陈静")
    occupancy = OccupancyFactory(resident__name="张伟", resident__phone="13812345678")

    clerk_page = browser.new_context().new_page()
    login(clerk_page, live_server, "desk")
    clerk_page.goto(f"{live_server.url}/requests/new/?unit={occupancy.unit_id}&resident={occupancy.resident_id}")
    clerk_page.get_by_label("求助事项").fill("要求物业赔偿停电损失")
    clerk_page.get_by_label("7 其他求助", exact=True).check()
    clerk_page.get_by_label("来电", exact=True).check()
    clerk_page.get_by_role("button", name="保存").click()
    clerk_page.locator(".accordion-button", has_text="请示主管").click()
    clerk_page.locator("#act-refer").get_by_role("button", name="请示主管").click()
    expect(clerk_page.locator(".alert-success")).to_contain_text("5分钟")
    help_request = HelpRequest.objects.get()

    supervisor_page = browser.new_context().new_page()
    login(supervisor_page, live_server, "boss")
    for page in (clerk_page, supervisor_page):
        page.goto(f"{live_server.url}/")
        expect(page.locator("#panel-time_limits")).to_contain_text(help_request.number)
        expect(page.locator("#notice-badge .badge")).to_have_count(0 if page is clerk_page else 1)

    # Six minutes later (the clock moved), the worker runs its periodic jobs.
    late = timezone.now() - datetime.timedelta(minutes=1)
    HelpRequest.objects.filter(pk=help_request.pk).update(
        referred_at=late - datetime.timedelta(minutes=5), reply_due_at=late, next_due=late
    )
    run_periodic_jobs()

    for page in (clerk_page, supervisor_page):
        row = page.locator("#panel-time_limits tr", has_text=help_request.number)
        expect(row.locator(".badge.text-bg-danger")).to_be_visible(timeout=10_000)
        expect(page.locator(".toast")).to_contain_text("超时", timeout=10_000)
    expect(clerk_page.locator("#notice-badge .badge")).to_have_text("1")
    expect(supervisor_page.locator("#notice-badge .badge")).to_have_text("2")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    supervisor_page.screenshot(path=str(SCREENSHOTS / "live_desk_supervisor.png"), full_page=True)
    for page in (clerk_page, supervisor_page):  # stop their polling before the database is emptied
        page.context.close()

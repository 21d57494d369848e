"""The callback journey in the browser (issue 13): an unsatisfied repair callback sends the repair back to
engineering and, once it is repaired again, the next callback is due; a complaint's satisfied callback
closes it; a resident who cannot be reached is tried again."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from callbacks.choices import Status
from callbacks.models import Callback
from complaints import services as complaint_services
from complaints.choices import Status as ComplaintStatus
from core.channels import Channel
from core.roles import Role
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from requests_app.models import Status as RequestStatus
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

MINUTES = datetime.timedelta(minutes=1)


@pytest.fixture
def office(db):
    users = {
        name: UserFactory(username=name, role=role, first_name=full_name)
        for name, role, full_name in [("desk", Role.CLERK, "王丽"), ("eng", Role.DEPARTMENT_HEAD, "李强"),
                                      ("boss", Role.SUPERVISOR, "陈静")]
    }
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    resident = ResidentFactory(name="张伟", phone="13812345678")
    OccupancyFactory(unit=unit, resident=resident, moved_in=datetime.date(2024, 1, 1))
    engineering = DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, head=users["eng"])
    return {**users, "unit": unit, "resident": resident, "engineering": engineering}


def _repair_done_unsatisfied(office, at):
    hr = request_services.register_help_request(
        HelpRequestInput(category=Category.REPAIR, channel=Channel.PHONE, matter="厨房水龙头漏水", unit=office["unit"],
                         resident=office["resident"], department=office["engineering"]),
        by=office["desk"], now=at,
    )
    hr = request_services.assign_request(help_request=hr, by=office["desk"], department=office["engineering"],
                                         handler=office["eng"], now=at + MINUTES)
    return request_services.complete_repair(help_request=hr, by=office["eng"], work_done="更换阀芯",
                                            verdict="unsatisfied", trial_run_days=0, now=at + 2 * MINUTES)


def _complaint_told(office, description, at):
    complaint = register(by=office["desk"], now=at, channel=Channel.VISIT, description=description,
                         resident=office["resident"], unit=office["unit"], level="minor")
    complaint = complaint_services.dispatch_complaint(complaint=complaint, department=office["engineering"],
                                                      by=office["desk"], now=at)
    complaint = complaint_services.sign_for_complaint(complaint=complaint, by=office["eng"], now=at)
    complaint = complaint_services.record_handling(complaint=complaint, result="已处理", by=office["eng"], now=at)
    return complaint_services.inform_resident(complaint=complaint, method="phone", by=office["desk"], now=at)


def record(page, *, result, method, person="", follow_up=""):
    page.locator("#id_record-result").select_option(label=result)
    page.locator("#id_record-method").select_option(label=method)
    if person:
        page.locator("#id_record-person_reached").fill(person)
    if follow_up:
        page.locator("#id_record-follow_up").fill(follow_up)
    page.get_by_role("button", name="记录回访结果").click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_callbacks_reopen_a_repair_close_a_complaint_and_retry_an_unreachable_resident(page, live_server, office):
    start = timezone.now() - 30 * MINUTES
    repair = _repair_done_unsatisfied(office, start)
    complaint = _complaint_told(office, "电梯困人无人处理", start)
    quiet = _complaint_told(office, "楼道灯不亮", start)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The clerk's queue: the unsatisfied repair is due at once.
    login(page, live_server, "desk")
    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="回访").click()
    nav.get_by_role("link", name="回访待办").click()
    expect(page.locator("h1")).to_contain_text("回访待办")
    first = Callback.objects.for_source(repair).get()
    row = page.locator("#queue tr", has_text=first.number)
    expect(row).to_contain_text(repair.number)
    expect(row).to_contain_text("张伟")
    page.screenshot(path=str(SCREENSHOTS / "callbacks_queue.png"), full_page=True)

    # Still unsatisfied on the phone: the repair goes back to engineering.
    row.get_by_role("link", name=first.number).click()
    record(page, result="不满意", method="上门", person="张伟本人", follow_up="水龙头仍在滴水")
    expect(page.locator(".alert-success")).to_contain_text("回访已记录")
    expect(page.locator("h1")).to_contain_text("已回访")
    page.get_by_role("link", name=repair.number).first.click()
    expect(page.locator(".badge").first).to_contain_text("已派工")
    repair.refresh_from_db()
    assert repair.status == RequestStatus.ASSIGNED

    # Engineering repairs it again; the next callback is due when the resident's verdict is on the slip.
    login(page, live_server, "eng")
    page.goto(live_server.url + repair.get_absolute_url())
    page.get_by_role("button", name="维修完成").click()
    page.get_by_label("维修内容").fill("更换整个水龙头")
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("试用期（天）").fill("0")
    page.locator("#act-complete-repair").get_by_role("button", name="维修完成").click()
    second = Callback.objects.for_source(repair).exclude(pk=first.pk).get()
    assert (second.round, second.follows, second.status) == (2, first, Status.DUE)
    expect(page.locator("#source-callbacks")).to_contain_text(second.number)
    page.screenshot(path=str(SCREENSHOTS / "callbacks_repair_page.png"), full_page=True)

    # The complaint: recorded from its own page, satisfied, it closes.
    login(page, live_server, "desk")
    page.goto(live_server.url + complaint.get_absolute_url())
    page.locator("#source-callbacks").get_by_role("link", name="记录回访结果").click()
    record(page, result="满意", method="电话", person="张伟本人")
    expect(page.locator(".alert-success")).to_contain_text("回访已记录")
    page.get_by_role("link", name=complaint.number).first.click()
    expect(page.locator("h1")).to_contain_text("已结案")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.callback_satisfied is True

    # Nobody answers: the try is recorded and a retry is due.
    unreachable = Callback.objects.for_source(quiet).get()
    page.goto(live_server.url + unreachable.get_absolute_url())
    record(page, result="未联系上", method="电话")
    expect(page.locator("#attempts")).to_contain_text("未联系上")
    expect(page.locator("#facts")).to_contain_text("未联系上次数")
    unreachable.refresh_from_db()
    assert (unreachable.status, unreachable.failed_tries) == (Status.DUE, 1)
    assert unreachable.call_due > timezone.now()
    page.goto(live_server.url + "/callbacks/")
    expect(page.locator("#queue tr", has_text=unreachable.number)).to_contain_text("未联系上1次")
    expect(page.locator("#queue tr", has_text=second.number)).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "callbacks_queue_after.png"), full_page=True)

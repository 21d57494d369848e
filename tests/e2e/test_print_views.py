"""Issue 11: paper the office can file — each record's print view is one A4 page in Chromium's PDF, with
the office's letterhead, the form's title and the signature lines."""

import re

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from complaints.choices import Level
from core.models import Office, PaperForm
from core.roles import Role
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
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


def pdf_pages(page, path):
    page.emulate_media(media="print")
    data = page.pdf(path=str(path), format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


@pytest.fixture
def records(db):
    clerk = UserFactory(username="desk", role=Role.CLERK, first_name="王丽")
    head = UserFactory(username="eng", role=Role.DEPARTMENT_HEAD, first_name="李强")
    unit = UnitFactory(building=BuildingFactory(name="3", estate__name="华悦苑"), number="1202")
    occupancy = OccupancyFactory(unit=unit, resident=ResidentFactory(name="张伟", phone="13812345678"))
    department = DepartmentFactory(name="工程维护部", head=head)
    Office.objects.update_or_create(pk=1, defaults={"company_name": "示例物业管理有限公司"})
    PaperForm.objects.update_or_create(key="complaint_form", defaults={
        "title": "住户投诉意见表", "number": "WY-KF-003", "version": "A/0"})
    complaint = register(by=clerk, channel="visit", description="维修工上门未穿鞋套，弄脏地板" * 8, unit=unit,
                         resident=occupancy.resident, level=Level.MINOR, demand="道歉并加强培训")
    complaint_services.dispatch_complaint(complaint=complaint, department=department, by=clerk)
    complaint_services.sign_for_complaint(complaint=complaint, by=head)
    complaint_services.record_handling(complaint=complaint, process="当面致歉" * 10, result="住户接受" * 10, by=head)
    repair = request_services.register_help_request(
        HelpRequestInput(channel="phone", category="repair", matter="厨房水龙头漏水，需上门更换阀芯", unit=unit,
                         resident=occupancy.resident, responsibility="GT"),
        by=clerk,
    )
    return complaint, repair


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_each_record_prints_on_one_a4_page_with_letterhead_and_signatures(page, live_server, records, tmp_path):
    complaint, repair = records
    login(page, live_server, "desk")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, url, texts in [
        ("complaint-form", reverse("complaints:print_form", args=[complaint.pk]),
         ["示例物业管理有限公司", "华悦苑管理处", "住户投诉意见表", "WY-KF-003", "领单人", "记录人"]),
        ("repair-order", reverse("requests_app:repair_order_print", args=[repair.pk]),
         ["华悦苑管理处", "报修单（维修派工单）", "GT", "维修人员", "住户", "满意"]),
    ]:
        page.goto(live_server.url + url)
        content = page.content()
        for text in texts:
            assert text in content, (name, text)
        page.screenshot(path=str(SCREENSHOTS / f"print-{name}.png"), full_page=True)
        assert pdf_pages(page, tmp_path / f"{name}.pdf") == 1, name

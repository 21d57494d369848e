"""A clerk attaches a photo of the leak to a repair request in the browser and sees its thumbnail
(issue 11); a photo over 10 MB is stopped in the page before it is sent."""

import pytest
from playwright.sync_api import expect

from core.models import Attachment
from core.roles import Role
from requests_app import services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import OccupancyFactory, UserFactory, photo_bytes


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_clerk_attaches_a_photo_to_a_repair_request_and_sees_the_thumbnail(page, live_server):
    clerk = UserFactory(username="desk", role=Role.CLERK, first_name="王丽")
    unit = OccupancyFactory(resident__name="张伟", resident__phone="13812345678").unit
    repair = services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.REPAIR, matter="厨房水槽下漏水", unit=unit), by=clerk
    )
    login(page, live_server, "desk")
    page.goto(live_server.url + repair.get_absolute_url())
    expect(page.locator("#attachments")).to_contain_text("暂无照片或文件")

    page.get_by_role("button", name="添加照片或文件").click()
    step = page.locator("#act-attach")
    field = step.get_by_label("照片或文件")

    # Over the limit: the page says so and sends nothing.
    field.set_input_files({"name": "原图.jpg", "mimeType": "image/jpeg", "buffer": b"\xff" * (10 * 1024 * 1024 + 1)})
    step.get_by_role("button", name="添加照片或文件").click()
    assert field.evaluate("input => input.validationMessage") == "此文件超过 10 MB，不能上传。"
    assert not Attachment.objects.exists()

    field.set_input_files({"name": "漏水.jpg", "mimeType": "image/jpeg",
                           "buffer": photo_bytes("JPEG", size=(1600, 1200))})
    step.get_by_label("说明").fill("水槽下方")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "attachments-form.png"), full_page=True)
    step.get_by_role("button", name="添加照片或文件").click()

    expect(page.get_by_text("附件已保存。")).to_be_visible()
    thumbnail = page.locator("#attachment-photos img")
    expect(thumbnail).to_be_visible()
    page.wait_for_function("() => document.querySelector('#attachment-photos img').complete")
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [320, 240]
    expect(page.locator("#attachments")).to_contain_text("水槽下方")
    expect(page.get_by_role("list").filter(has_text="添加附件")).to_contain_text("漏水.jpg")
    page.screenshot(path=str(SCREENSHOTS / "attachments.png"), full_page=True)

    # A click opens the photo full size.
    with page.context.expect_page() as opened:
        thumbnail.click()
    full = opened.value
    full.wait_for_load_state()
    assert full.evaluate("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]") == [1600, 1200]
    assert Attachment.objects.get().uploaded_by == clerk

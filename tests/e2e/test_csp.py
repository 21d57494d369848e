"""Issue 14: the pages satisfy their Content-Security-Policy — the browser refuses nothing on them."""

import pytest

from complaints.choices import Level
from core.roles import Role
from tests.complaints.conftest import register
from tests.e2e.helpers import login
from tests.factories import OccupancyFactory, UserFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_browser_refuses_nothing_on_the_pages(page, live_server):
    UserFactory(username="boss", role=[Role.SUPERVISOR, Role.MANAGER], first_name="陈静")
    clerk = UserFactory(username="desk", role=Role.CLERK)
    occupancy = OccupancyFactory()
    complaint = register(by=clerk, channel="phone", description="噪音", unit=occupancy.unit, level=Level.MINOR)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    login(page, live_server, "boss")
    for path in ["/", "/requests/new/", "/complaints/new/", complaint.get_absolute_url(), "/complaints/board/",
                 "/complaints/statistics/", occupancy.unit.get_absolute_url(), "/notifications/",
                 f"/complaints/{complaint.pk}/print/", "/admin/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert refused == [], "\n".join(refused)

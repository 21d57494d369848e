"""In a real browser (issue 12; issue 11's paper, issue 14's CSP): the results notice for residents and
the owners' committee is one A4 page even with ten items all to rectify; the results pages draw their
charts with nothing refused by the Content-Security-Policy."""

import datetime
import re

import pytest
from django.urls import reverse

from core.roles import Role
from surveys.choices import PlanStatus
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import EstateFactory, UserFactory
from tests.surveys.results_fixtures import TEN_ITEMS, make_survey


def pdf_pages(page, path):
    page.emulate_media(media="print")
    data = page.pdf(path=str(path), format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


@pytest.fixture
def plans(db):
    UserFactory(username="boss", role=[Role.SUPERVISOR, Role.MANAGER], first_name="陈静")
    estate = EstateFactory(name="华悦苑", code="HYY")
    earlier = make_survey(estate, forms=120, returned=90, seed=3, status=PlanStatus.CLOSED,
                          starts=datetime.date(2025, 11, 1), number="DC2025-00001", title="2025年度住户满意度调查")
    current = make_survey(estate, forms=200, returned=150, seed=5, questionnaire=earlier.questionnaire,
                          status=PlanStatus.CLOSED, summary="感谢各位业主的支持。针对本次调查中反映较多的问题，管理处已召开专题会议，"
                          "逐项落实整改，整改结果将在公告栏公布。" * 2)
    return earlier, current


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_results_notice_prints_on_one_a4_page(page, live_server, plans, tmp_path):
    _earlier, plan = plans
    login(page, live_server, "boss")
    page.goto(live_server.url + reverse("surveys:results_notice", args=[plan.pk]))
    content = page.content()
    for name in TEN_ITEMS:
        assert name in content
    assert "华悦苑" in content and "感谢各位业主的支持" in content
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "survey-results-notice.png"), full_page=True)
    assert pdf_pages(page, tmp_path / "notice.pdf") == 1


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_results_pages_draw_their_charts_with_nothing_refused(page, live_server, plans):
    _earlier, plan = plans
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    login(page, live_server, "boss")
    for url in [reverse("surveys:results", args=[plan.pk]), reverse("surveys:results_overview"),
                reverse("surveys:results_opinions", args=[plan.pk]), reverse("surveys:results_notice", args=[plan.pk])]:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + reverse("surveys:results", args=[plan.pk]))
    assert page.locator("#pareto svg rect").count() > len(TEN_ITEMS)
    assert page.locator("#distribution-chart svg").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "survey-results.png"), full_page=True)
    assert refused == [], "\n".join(refused)

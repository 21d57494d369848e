"""The survey follow-up journey in the browser (issue 12): the clerk enters a suggestion slip, its unit picked
from the registry, and turns it into a complaint whose page names the slip; the department head records the
progress of a rectification and reports it done; the callbacks queue then shows one callback per unit that
rated the item unsatisfied."""

import datetime

import pytest
from playwright.sync_api import expect

from callbacks.models import Callback
from complaints.models import Complaint
from core.channels import Channel
from core.roles import Role
from residents.models import Department
from surveys.choices import PlanStatus, Rating, RectificationStatus, SlipStatus
from surveys.models import SuggestionSlip
from surveys.services.rectification import open_rectifications
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import BuildingFactory, DepartmentFactory, OccupancyFactory, UnitFactory, UserFactory
from tests.surveys.factories import PlanFactory, SurveyFormFactory, returned


@pytest.fixture
def office(db):
    users = {
        name: UserFactory(username=name, role=role, first_name=full_name)
        for name, role, full_name in [("desk", Role.CLERK, "王丽"), ("clean", Role.DEPARTMENT_HEAD, "李强"),
                                      ("boss", Role.SUPERVISOR, "陈静")]
    }
    block = BuildingFactory(name="3", estate__name="华悦苑", estate__code="HYY")
    estate = block.estate
    units = [UnitFactory(building=block, number=number) for number in ("1201", "1202", "1203")]
    for unit, name, phone in zip(units, ("赵敏", "张伟", "孙丽"), ("13811110000", "13812345678", "13833334444"),
                                 strict=True):
        OccupancyFactory(unit=unit, resident__name=name, resident__phone=phone, moved_in=datetime.date(2024, 1, 1))
    cleaning = DepartmentFactory(name="保洁部", kind=Department.Kind.CLEANING, estate=estate, head=users["clean"])
    plan = PlanFactory(estate=estate, status=PlanStatus.CLOSED)
    plan.questionnaire.items.filter(name="保洁服务").update(department=cleaning)
    for unit, rating in zip(units, (Rating.UNSATISFIED, Rating.VERY_UNSATISFIED, Rating.VERY_SATISFIED), strict=True):
        returned(SurveyFormFactory(plan=plan, unit=unit), {"保洁服务": rating})
    [task] = open_rectifications(plan=plan, by=users["boss"])
    return {**users, "estate": estate, "rectification": task, "units": units}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_slip_becomes_a_complaint_and_a_rectification_done_makes_callbacks_due(page, live_server, office):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The clerk opens the suggestion box from the navigation bar and enters today's slip.
    login(page, live_server, "desk")
    page.locator('nav a[href="/surveys/slips/"]').first.dispatch_event("click")
    expect(page.locator("h1")).to_contain_text("意见箱")
    page.locator("#new-slip").click()
    page.locator("#lookup-q-pick").fill("3-1202")
    page.locator("#lookup-results-pick [data-fill]").first.click()
    expect(page.locator("#id_unit_label")).to_have_value("3-1202")
    expect(page.locator("#id_caller_phone")).to_have_value("13812345678")
    page.locator("#id_content").fill("楼道堆放杂物无人清理，多次反映未解决")
    page.screenshot(path=str(SCREENSHOTS / "surveys_slip_form.png"), full_page=True)
    page.locator("#save").click()
    slip = SuggestionSlip.objects.get()
    expect(page.locator("h1")).to_contain_text(slip.number)

    # One click: a complaint with every field carried over, linked both ways.
    page.locator("#act-to_complaint button[type=submit]").click()
    expect(page.locator("#complaint-link")).to_be_visible()
    slip.refresh_from_db()
    complaint = Complaint.objects.get()
    assert slip.status == SlipStatus.COMPLAINT and slip.complaint == complaint
    assert (complaint.channel, complaint.unit, complaint.complainant_name) == (Channel.SUGGESTION_BOX,
                                                                              office["units"][1], "张伟")
    page.screenshot(path=str(SCREENSHOTS / "surveys_slip_detail.png"), full_page=True)
    page.locator("#complaint-link a").click()
    expect(page.locator("h1")).to_contain_text(complaint.number)
    expect(page.locator("#suggestion-slip")).to_contain_text(slip.number)

    # The cleaning department's head finds the rectification on his desk, records progress, reports it done.
    task = office["rectification"]
    login(page, live_server, "clean")
    page.goto(live_server.url + "/")
    page.locator("#panel-surveys_rectifications_department").get_by_role("link", name=task.number).click()
    expect(page.locator("h1")).to_contain_text(task.number)
    page.locator("#id_progress-note").fill("已增派两名保洁员，每日清理两次")
    page.locator("#act-progress button[type=submit]").click()
    expect(page.locator("#progress")).to_contain_text("已增派两名保洁员")
    page.locator("#id_complete-result").fill("楼道杂物已清理，建立每日巡查制度")
    page.locator("#act-complete button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    task.refresh_from_db()
    assert task.status == RectificationStatus.DONE
    callbacks = list(Callback.objects.for_source(task).select_related("unit").order_by("unit__number"))
    assert [c.unit.number for c in callbacks] == ["1201", "1202"]
    for callback in callbacks:
        expect(page.locator("#units")).to_contain_text(callback.number)
    page.screenshot(path=str(SCREENSHOTS / "surveys_rectification_done.png"), full_page=True)

    # The supervisor's callback queue shows them, with the residents to call.
    login(page, live_server, "boss")
    page.goto(live_server.url + "/callbacks/")
    for callback, name in zip(callbacks, ("赵敏", "张伟"), strict=True):
        row = page.locator("#queue tr", has_text=callback.number)
        expect(row).to_contain_text(task.number)
        expect(row).to_contain_text(name)
    page.screenshot(path=str(SCREENSHOTS / "surveys_callbacks_queue.png"), full_page=True)

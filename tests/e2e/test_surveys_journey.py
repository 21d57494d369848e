"""The survey journey in the browser (issue 12): a supervisor drafts a plan (a 16-day window is refused next to
the field); the manager confirms it, the vice general manager reviews it and the general manager approves it,
each with their own login; the clerk sends the forms, prints them, and enters returned forms from the keyboard
(number keys, Enter saves and starts the next form; a second return of a unit is refused; a form keyed in
wrong is corrected with a reason); a resident answers
through the unit's link on a phone-sized screen.

Selectors are ids and names, not labels: the survey pages' strings are translated after this is written."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from surveys.choices import PlanStatus, ReturnChannel
from surveys.models import Answer, Questionnaire, QuestionnaireItem, SurveyForm, SurveyPlan
from surveys.services.questionnaires import install_templates
from tests.e2e.helpers import SCREENSHOTS, login
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, UserFactory

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def office(db):
    users = {
        name: UserFactory(username=name, role=role, first_name=full_name)
        for name, role, full_name in [("desk", Role.CLERK, "王丽"), ("boss", Role.SUPERVISOR, "陈静"),
                                      ("mgr", Role.MANAGER, "刘洋"), ("vgm", Role.VICE_GENERAL_MANAGER, "黄志强"),
                                      ("gm", Role.GENERAL_MANAGER, "周建国")]
    }
    estate = EstateFactory(name="华悦苑", code="HYY", gross_floor_area="48000")
    for name, count in (("1", 5), ("2", 4), ("3", 3)):
        building = BuildingFactory(estate=estate, name=name)
        for n in range(count):
            UnitFactory(building=building, number=f"{n + 1:02d}01")
    three_levels, _five = install_templates(Questionnaire, QuestionnaireItem)
    return users | {"estate": estate, "questionnaire": three_levels}


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"surveys-{name}.png"), full_page=True)


def take_step(page, live_server, plan, step, note=""):
    page.goto(live_server.url + plan.get_absolute_url())
    page.locator(f'[data-bs-target="#act-{step}"]').click()
    if note:
        page.locator(f"#act-{step} textarea").fill(note)
    page.locator(f"#act-{step} button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_survey_from_plan_to_returned_forms(page, live_server, office, browser):
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=1)

    # The supervisor drafts the plan; a 16-day collection window is refused next to the field.
    login(page, live_server, "boss")
    page.goto(live_server.url + reverse("surveys:plan_create"))
    page.locator("#id_title").fill(f"{today.year}年度住户满意度调查")
    page.locator("input[name=estates]").first.check()
    page.locator("#id_purpose").fill("了解住户对各项服务的满意程度，落实整改")
    page.locator("#id_questionnaire").select_option(str(office["questionnaire"].pk))
    page.locator("#id_collection_starts").fill(starts.isoformat())
    page.locator("#id_collection_ends").fill((starts + datetime.timedelta(days=15)).isoformat())
    page.locator(f"input[name=staff][value='{office['desk'].pk}']").check()
    page.locator("#plan-form button[type=submit]").click()
    expect(page.locator("#id_collection_ends")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#plan-form")).to_contain_text("16")
    shot(page, "plan-window-refused")
    page.locator("#id_collection_ends").fill((starts + datetime.timedelta(days=11)).isoformat())
    page.locator("#plan-form button[type=submit]").click()
    plan = SurveyPlan.objects.get()
    expect(page).to_have_url(re.compile(rf"/surveys/plans/{plan.pk}/$"))
    # 12 occupied households under 50,000 m²: 98%, rounded up.
    expect(page.locator("#forms-to-send")).to_have_text("12")
    expect(page.locator("#share")).to_contain_text("98%")
    shot(page, "plan-draft")
    take_step(page, live_server, plan, "submit")

    # The approval chain, each step by its own login.
    for username, step, state in (("mgr", "confirm", PlanStatus.CONFIRMED), ("vgm", "review", PlanStatus.REVIEWED),
                                  ("gm", "approve", PlanStatus.APPROVED)):
        login(page, live_server, username)
        expect(page.locator("#panel-surveys_awaiting_approval")).to_contain_text(plan.number)
        take_step(page, live_server, plan, step, note="同意")
        plan.refresh_from_db()
        assert plan.status == state, username
    shot(page, "plan-approved")
    assert (plan.confirmed_by, plan.reviewed_by, plan.approved_by) == (office["mgr"], office["vgm"], office["gm"])

    # The clerk sends the forms and prints them: one sheet per unit, each with its QR code.
    login(page, live_server, "desk")
    take_step(page, live_server, plan, "start")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COLLECTING and SurveyForm.objects.filter(plan=plan).count() == 12
    page.goto(live_server.url + reverse("surveys:plan_print", args=[plan.pk]) + "?building=3")
    expect(page.locator("article.survey-sheet")).to_have_count(3)
    expect(page.locator("article.survey-sheet svg.qr-code")).to_have_count(3)
    shot(page, "print-forms")
    if shutil.which("zbarimg"):  # the codes as printed scan back to each unit's link (zbar-tools, when installed)
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(SCREENSHOTS / "surveys-print-forms.png")],
                                 capture_output=True, text=True, check=False).stdout.split()
        tokens = SurveyForm.objects.filter(plan=plan, unit__building__name="3").values_list("token", flat=True)
        assert sorted(link.rstrip("/").rsplit("/", 1)[1] for link in scanned) == sorted(tokens)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 3
    page.emulate_media(media="screen")

    # Returned paper forms, from the keyboard: unit, Enter, one number per item, Enter saves.
    page.goto(live_server.url + plan.get_absolute_url())
    page.locator("#enter-forms").click()
    expect(page.locator("#id_unit")).to_be_focused()
    page.keyboard.type("1-0101")
    page.keyboard.press("Enter")
    for key in "123121":
        page.keyboard.press(key)
    expect(page.locator("#id_opinion")).to_be_focused()
    page.keyboard.type("车库照明不足")
    shot(page, "entry-typed")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("1-0101")
    expect(page.locator("#id_unit")).to_be_focused()
    page.keyboard.type("2-0101")
    page.keyboard.press("Enter")
    for key in "111011":  # the fourth item left blank
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("2-0101")
    # A second return of the same unit is refused, the reason next to the unit.
    page.keyboard.type("1-0101")
    page.keyboard.press("Enter")
    expect(page.locator("#unit-status [data-unit-status=returned]")).to_be_visible()
    for key in "333333":
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    expect(page.locator("#unit-error")).to_contain_text("1-0101")
    shot(page, "entry-second-return-refused")
    first = SurveyForm.objects.get(plan=plan, unit__building__name="1", unit__number="0101")
    assert first.opinion == "车库照明不足" and first.entered_by == office["desk"]
    assert list(Answer.objects.filter(form=first).order_by("item__position").values_list("rating", flat=True)) == [
        "very_satisfied", "fairly_satisfied", "unsatisfied", "very_satisfied", "fairly_satisfied", "very_satisfied"]
    second = SurveyForm.objects.get(plan=plan, unit__building__name="2", unit__number="0101")
    assert Answer.objects.filter(form=second).count() == 5

    # 1-0101's third item was keyed wrong: the clerk opens it from the forms entered last and corrects it,
    # saying why; the rating as it stood stays on the form's record.
    page.locator("#recent-returns a", has_text="1-0101").click()
    page.locator("#correct-link").click()
    page.locator("#correct-items tbody tr").nth(2).locator("input[type=radio]").first.check()
    page.locator("#id_reason").fill("第3项误录，纸质表为很满意")
    page.locator("#correct-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("1-0101")
    shot(page, "form-corrected")
    assert Answer.objects.get(form=first, item__position=3).rating == "very_satisfied"
    expect(page.locator("body")).to_contain_text("第3项误录")

    # A resident answers through the unit's link on a phone, without logging in.
    form = SurveyForm.objects.get(plan=plan, unit__building__name="3", unit__number="0201")
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    resident = phone.new_page()
    resident.goto(live_server.url + reverse("surveys:answer", args=[form.token]))
    expect(resident.locator("#answer-form")).to_be_visible()
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for fieldset in resident.locator("fieldset.answer-item").all():
        fieldset.locator("label.btn").first.click()
    resident.locator("fieldset.answer-item").nth(2).locator("label.btn").last.click()
    resident.locator("#id_opinion").fill("希望增加快递柜")
    shot(resident, "answer-phone")
    resident.locator("#answer-submit").click()
    expect(resident.locator("#answer-thanks")).to_be_visible()
    shot(resident, "answer-thanks")
    form.refresh_from_db()
    assert form.channel == ReturnChannel.ONLINE and form.opinion == "希望增加快递柜"
    assert Answer.objects.filter(form=form, rating="unsatisfied").count() == 1
    # The link answers once.
    resident.goto(live_server.url + reverse("surveys:answer", args=[form.token]))
    expect(resident.locator("#answer-done")).to_be_visible()
    phone.close()

    # The plan page counts what came back.
    page.goto(live_server.url + plan.get_absolute_url())
    expect(page.locator("#returned")).to_contain_text("3")
    shot(page, "plan-collecting")

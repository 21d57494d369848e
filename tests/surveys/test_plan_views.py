"""Through the client: drafting through the form, the plan page's distribution, the approval buttons, estate
scoping, printed forms, the desks, the navigation, the unit's history, the questionnaires."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.desk import panels_for
from core.navigation import nav_items_for
from core.records import unit_history
from core.roles import Role
from surveys.choices import PlanStatus
from surveys.models import Questionnaire, SurveyForm, SurveyPlan
from surveys.services.questionnaires import TEMPLATES
from tests.factories import UserFactory
from tests.surveys.factories import returned
from tests.surveys.test_plan_setup import DAY, make_estate, plan_in

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.surveys.test_plan_setup"]


def plan_post(estate, questionnaire, *, days=12, **extra):
    starts = timezone.localdate() + DAY
    return {
        "title": "年度住户满意度调查", "estates": [estate.pk], "purpose": "了解满意程度", "period_kind": "annual",
        "year": starts.year, "half": "", "respondents": "已入住住户", "questionnaire": questionnaire.pk,
        "distribution": "逐户派发", "collection_starts": starts.isoformat(),
        "collection_ends": (starts + (days - 1) * DAY).isoformat(), "rectification_threshold": "0",
    } | extra


@pytest.mark.parametrize(("days", "accepted"), [(9, False), (10, True), (15, True), (16, False)])
def test_the_collection_window_edges_through_the_form(client_for, chain, estate, questionnaire, days, accepted):
    response = client_for(chain["supervisor"]).post(reverse("surveys:plan_create"), plan_post(estate, questionnaire,
                                                                                               days=days))
    assert SurveyPlan.objects.exists() == accepted
    if accepted:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["collection_ends"] and str(days) in errors["collection_ends"][0]


def test_a_plan_of_two_estates_through_the_form(client_for, chain, estate, questionnaire):
    other = make_estate(name="锦华广场", code="JHG", area="126000")
    response = client_for(chain["clerk"]).post(reverse("surveys:plan_create"),
                                               plan_post(estate, questionnaire, estates=[estate.pk, other.pk]))
    assert response.status_code == 302
    assert set(SurveyPlan.objects.values_list("estate__code", flat=True)) == {"HYY", "JHG"}


def test_the_staff_picker_shows_chinese_full_names_of_the_estate(client_for, chain, estate, questionnaire):
    UserFactory(username="wangli", first_name="王小丽", role=Role.CLERK, estates=[estate])
    UserFactory(username="far", first_name="远方", role=Role.CLERK, estates=[make_estate(name="B", code="B")])
    plan = plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain)
    html = client_for(chain["clerk"]).get(reverse("surveys:plan_update", args=[plan.pk])).content.decode()
    assert "王小丽" in html and "wangli" not in html and "远方" not in html


@pytest.mark.parametrize(("area", "occupied", "share", "forms"), [
    ("49999.99", 50, "98%", 49), ("50000", 50, "90%", 45), ("50000.01", 50, "90%", 45), ("12000", 3, "98%", 3),
])
def test_the_50000_m2_boundary_through_the_plan_page(client_for, chain, questionnaire, area, occupied, share, forms):
    estate = make_estate(area=area, buildings=(("1", occupied - occupied // 2), ("2", occupied // 2)))
    plan = plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain)
    response = client_for(chain["clerk"]).get(plan.get_absolute_url())
    distribution = response.context["distribution"]
    assert (distribution.occupied, distribution.forms) == (occupied, forms)
    html = response.content.decode()
    assert re.search(rf'id="forms-to-send">{forms}<', html) and re.search(rf'id="share">{share}', html)
    assert sum(building.forms for building in distribution.buildings) == forms


def test_the_approval_chain_through_the_pages(client, chain, estate, questionnaire):
    plan = plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain)
    act = reverse("surveys:plan_act", args=[plan.pk, "submit"])
    client.force_login(chain["clerk"])
    assert client.post(act, {"submit-note": ""}).status_code == 302
    for user, step, state in ((chain["manager"], "confirm", PlanStatus.CONFIRMED),
                              (chain["vgm"], "review", PlanStatus.REVIEWED),
                              (chain["gm"], "approve", PlanStatus.APPROVED),
                              (chain["clerk"], "start", PlanStatus.COLLECTING)):
        client.force_login(user)
        page = client.get(plan.get_absolute_url()).content.decode()
        assert f'act/{step}/' in page
        response = client.post(reverse("surveys:plan_act", args=[plan.pk, step]), {f"{step}-note": "同意"})
        assert response.status_code == 302, step
        plan.refresh_from_db()
        assert plan.status == state


def test_a_step_by_the_wrong_role_is_403(client_for, chain, estate, questionnaire):
    plan = plan_in(PlanStatus.SUBMITTED, estate=estate, questionnaire=questionnaire, chain=chain)
    response = client_for(chain["clerk"]).post(reverse("surveys:plan_act", args=[plan.pk, "confirm"]))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_send_back_without_a_reason_is_refused_next_to_the_field(client_for, chain, estate, questionnaire):
    plan = plan_in(PlanStatus.CONFIRMED, estate=estate, questionnaire=questionnaire, chain=chain)
    client = client_for(chain["vgm"])
    response = client.post(reverse("surveys:plan_act", args=[plan.pk, "send_back"]), {"send_back-reason": " "})
    assert response.status_code == 200
    client.post(reverse("surveys:plan_act", args=[plan.pk, "send_back"]), {"send_back-reason": "预算不足"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    page = client_for(chain["clerk"]).get(plan.get_absolute_url()).content.decode()
    assert 'id="returned-reason"' in page and "预算不足" in page


def test_a_jhg_clerk_gets_404_on_an_hyy_plan(client_for, chain, estate, questionnaire):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    form = SurveyForm.objects.filter(plan=plan).first()
    jhg = make_estate(name="锦华广场", code="JHG", area="126000")
    client = client_for(UserFactory(username="clerk_jhg", role=Role.CLERK, estates=[jhg]))
    for url in (plan.get_absolute_url(), reverse("surveys:plan_update", args=[plan.pk]),
                reverse("surveys:plan_forms", args=[plan.pk]), reverse("surveys:plan_print", args=[plan.pk]),
                reverse("surveys:entry", args=[plan.pk]), reverse("surveys:entry_check", args=[plan.pk]),
                reverse("surveys:form_detail", args=[form.pk]), reverse("surveys:form_print", args=[form.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("surveys:plan_act", args=[plan.pk, "close"])).status_code == 404
    assert list(client.get(reverse("surveys:plan_list")).context["page_obj"]) == []
    # The vice general manager sees every estate.
    assert client_for(chain["vgm"]).get(plan.get_absolute_url()).status_code == 200


def test_the_plan_list_runs_a_fixed_number_of_queries(client_for, chain, estate, questionnaire,
                                                      django_assert_max_num_queries):
    client = client_for(chain["supervisor"])
    plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    client.get(reverse("surveys:plan_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("surveys:plan_list"))
    for _ in range(5):
        plan_in(PlanStatus.DRAFT, estate=estate, questionnaire=questionnaire, chain=chain)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surveys:plan_list"))
    assert len(response.context["page_obj"]) == 6


def test_junk_in_the_plan_list_filter_is_never_a_500(client_for, chain):
    client = client_for(chain["clerk"])
    for junk in ("abc", "-1", "99999999999999999999", "'\"<x>"):
        assert client.get(reverse("surveys:plan_list"), {"estate": junk, "status": junk, "year": junk,
                                                          "page": junk}).status_code == 200


def test_all_forms_print_one_sheet_each_with_the_units_qr_code(client_for, chain, estate, questionnaire):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    response = client_for(chain["clerk"]).get(reverse("surveys:plan_print", args=[plan.pk]))
    html = response.content.decode()
    forms = SurveyForm.objects.filter(plan=plan)
    assert html.count('class="survey-sheet"') == forms.count() == 12
    assert html.count('<svg') >= 12 and "style=" not in html.split("<main")[1]
    for form in forms:
        assert reverse("surveys:answer", args=[form.token]) in html
    building = client_for(chain["clerk"]).get(reverse("surveys:plan_print", args=[plan.pk]), {"building": "3"})
    assert building.content.decode().count('class="survey-sheet"') == 2


def test_the_public_address_goes_on_the_paper(client_for, chain, estate, questionnaire, settings):
    settings.SURVEY_PUBLIC_URL = "https://wuye.example.cn/"
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    form = SurveyForm.objects.filter(plan=plan).first()
    html = client_for(chain["clerk"]).get(reverse("surveys:form_print", args=[form.pk])).content.decode()
    assert f"https://wuye.example.cn/surveys/a/{form.token}/" in html


def test_the_desks_show_each_role_its_step(chain, estate, questionnaire, rectifications):
    now = timezone.now()
    submitted = plan_in(PlanStatus.SUBMITTED, estate=estate, questionnaire=questionnaire, chain=chain)
    confirmed = plan_in(PlanStatus.CONFIRMED, estate=estate, questionnaire=questionnaire, chain=chain)
    reviewed = plan_in(PlanStatus.REVIEWED, estate=estate, questionnaire=questionnaire, chain=chain)
    approved = plan_in(PlanStatus.APPROVED, estate=estate, questionnaire=questionnaire, chain=chain)
    collecting = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    from surveys.selectors import plans as selectors

    assert list(selectors.desk_awaiting_approval(chain["manager"], now)) == [submitted]
    assert list(selectors.desk_awaiting_approval(chain["vgm"], now)) == [confirmed]
    assert list(selectors.desk_awaiting_approval(chain["gm"], now)) == [reviewed]
    assert approved in selectors.desk_to_prepare(chain["clerk"], now)
    assert list(selectors.desk_collecting(chain["clerk"], now)) == [collecting]
    assert list(selectors.desk_to_close(chain["supervisor"], now)) == []
    keys = {panel.key for panel in panels_for(chain["vgm"])}
    assert "surveys_awaiting_approval" in keys and "surveys_to_prepare" not in keys


def test_the_navigation_offers_plans_and_the_entry_of_returned_forms(chain, make_user):
    def names(user):
        return {child["name"] for item in nav_items_for(user) for child in (item["children"] or [item])}

    assert {"surveys:plan_list", "surveys:entry_start"} <= names(chain["clerk"])
    assert "surveys:entry_start" not in names(chain["vgm"]) and "surveys:plan_list" in names(chain["vgm"])


def test_the_unit_page_lists_the_forms_it_returned(chain, estate, questionnaire):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    form = SurveyForm.objects.filter(plan=plan).select_related("unit").first()
    assert [entry for entry in unit_history(form.unit, chain["clerk"]) if entry.number == plan.number] == []
    returned(form, {"保安服务": "very_satisfied"}, opinion="很好")
    entries = [entry for entry in unit_history(form.unit, chain["clerk"]) if entry.number == plan.number]
    assert len(entries) == 1 and entries[0].url == reverse("surveys:form_detail", args=[form.pk])
    jhg_clerk = UserFactory(username="h_jhg", role=Role.CLERK, estates=[make_estate(name="J", code="J")])
    assert [e for e in unit_history(form.unit, jhg_clerk) if e.number == plan.number] == []


def test_the_seed_questionnaires_are_installed_by_the_migration():
    names = {template["name"]: template for template in TEMPLATES}
    installed = Questionnaire.objects.filter(name__in=names).prefetch_related("items")
    assert installed.count() == 2
    for questionnaire in installed:
        template = names[questionnaire.name]
        assert questionnaire.scale == template["scale"]
        assert [(i.name, i.department_kind) for i in questionnaire.items.all()] == template["items"]
    three = installed.get(scale="3")
    assert [item.name for item in three.items.all()][:3] == ["保安服务", "保洁服务", "车辆管理"]


def test_the_questionnaire_pages(client_for, chain):
    client = client_for(chain["clerk"])
    html = client.get(reverse("surveys:questionnaire_list")).content.decode()
    assert "供电管理" in html and "娱乐服务" in html
    questionnaire = Questionnaire.objects.get(name=TEMPLATES[1]["name"])
    html = client.get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk])).content.decode()
    assert html.count("□") == 8 * 5


def test_the_plan_page_of_a_survey_with_its_forms_out(client_for, chain, estate, questionnaire,
                                                      django_assert_max_num_queries):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    for form in SurveyForm.objects.filter(plan=plan)[:3]:
        returned(form, {"保安服务": "unsatisfied"})
    client = client_for(chain["clerk"])
    client.get(plan.get_absolute_url())
    with django_assert_max_num_queries(30):
        response = client.get(plan.get_absolute_url())
    assert (response.context["sent"], response.context["returned"]) == (12, 3)
    assert response.context["return_rate_low"] is True  # 25% is under 30%
    assert 'id="return-rate-low"' in response.content.decode()


def test_questionnaires_are_edited_in_the_admin_until_forms_went_out_with_them(client, chain, estate, questionnaire):
    supervisor = chain["supervisor"]
    supervisor.is_staff = True
    supervisor.save()
    client.force_login(supervisor)
    url = reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
    assert 'name="scale"' in client.get(url).content.decode()
    plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    html = client.get(url).content.decode()
    assert 'name="scale"' not in html and 'name="items-0-name"' not in html
    assert client.get(reverse("admin:surveys_surveyplan_changelist")).status_code == 200

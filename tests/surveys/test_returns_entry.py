"""Returned paper forms: the service (surveys.services.returns.record_return) and the clerk's entry page."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.errors import ArchivedError, WorkflowError
from core.models import TimelineEvent
from core.roles import Role
from surveys.choices import PlanStatus, ReturnChannel
from surveys.models import Answer, SurveyForm
from surveys.services import plans as services
from surveys.services.returns import ReturnInput, find_form, record_return
from tests.factories import UnitFactory, UserFactory
from tests.surveys.test_plan_setup import make_estate, plan_in

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.surveys.test_plan_setup"]


@pytest.fixture
def collecting(estate, questionnaire, chain):
    return plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)


def items_of(plan):
    return list(plan.questionnaire.items.all())


def form_of(plan, label):
    building, number = label.split("-")
    return SurveyForm.objects.select_related("unit__building").get(plan=plan, unit__building__name=building,
                                                                    unit__number=number)


def entry_post(plan, unit, ratings="1111", opinion="", **extra):
    """ratings: one digit per item as the clerk types them (1 = the best level, 0 = blank)."""
    items = items_of(plan)
    levels = ["very_satisfied", "fairly_satisfied", "unsatisfied"]
    data = {"unit": unit, "opinion": opinion, "respondent": ""} | extra
    for item, key in zip(items, ratings, strict=False):
        if key != "0":
            data[f"item_{item.pk}"] = levels[int(key) - 1]
    return data


def test_a_returned_form_writes_one_answer_per_rated_item_each_keeping_the_plan(collecting, chain):
    form = form_of(collecting, "1-0101")
    items = items_of(collecting)
    saved = record_return(ReturnInput(form=form, ratings={items[0].pk: "very_satisfied", items[2].pk: "unsatisfied"},
                                      opinion="  楼道灯坏了 "), by=chain["clerk"])
    assert saved.returned_at is not None and saved.channel == ReturnChannel.PAPER
    assert saved.entered_by == chain["clerk"] and saved.opinion == "楼道灯坏了"
    answers = Answer.objects.filter(form=form)
    assert {(a.item_id, a.rating, a.plan_id) for a in answers} == {
        (items[0].pk, "very_satisfied", collecting.pk), (items[2].pk, "unsatisfied", collecting.pk)}
    event = TimelineEvent.objects.get(object_id=form.pk, action="returned")
    assert "1-0101" in event.note and event.actor == chain["clerk"]


def test_a_second_return_for_the_same_unit_is_refused(collecting, chain):
    form = form_of(collecting, "1-0101")
    first = {items_of(collecting)[0].pk: "very_satisfied"}
    record_return(ReturnInput(form=form, ratings=first), by=chain["clerk"])
    with pytest.raises(WorkflowError, match="1-0101"):
        record_return(ReturnInput(form=form, ratings=first), by=chain["supervisor"])
    with pytest.raises(WorkflowError):
        record_return(ReturnInput(form=form, ratings=first, channel=ReturnChannel.ONLINE))
    assert Answer.objects.filter(form=form).count() == 1


def test_a_unit_that_got_no_form_is_refused_clearly(collecting, estate):
    UnitFactory(building=estate.buildings.get(name="1"), number="1801", occupancy="vacant")
    with pytest.raises(WorkflowError, match="1-1801"):
        find_form(collecting, "1-1801")
    with pytest.raises(WorkflowError, match="9-0101"):
        find_form(collecting, "9-0101")
    with pytest.raises(WorkflowError):
        find_form(collecting, "")


@pytest.mark.parametrize("typed", ["2-0101", "2 0101", "2栋0101", " 2-0101室 ", "2/0101"])
def test_the_unit_is_found_however_the_clerk_types_it(collecting, typed):
    assert find_form(collecting, typed).unit.label == "2-0101"


def test_a_scanned_qr_code_finds_its_form(collecting):
    form = form_of(collecting, "3-0102")
    assert find_form(collecting, f"https://wuye.example.cn/surveys/a/{form.token}/") == form
    assert find_form(collecting, form.token) == form
    with pytest.raises(WorkflowError):
        find_form(collecting, "https://wuye.example.cn/surveys/a/" + "x" * 22 + "/")


def test_a_rating_outside_the_scale_is_refused(collecting, chain):
    form = form_of(collecting, "1-0101")
    with pytest.raises(WorkflowError):
        record_return(ReturnInput(form=form, ratings={items_of(collecting)[0].pk: "satisfied"}), by=chain["clerk"])
    with pytest.raises(WorkflowError):
        record_return(ReturnInput(form=form, ratings={999999: "very_satisfied"}), by=chain["clerk"])
    with pytest.raises(WorkflowError):
        record_return(ReturnInput(form=form), by=chain["clerk"])
    form.refresh_from_db()
    assert form.returned_at is None


def test_only_while_collecting_or_by_a_manager_after(collecting, chain, rectifications):
    services.close_survey(plan=collecting, by=chain["supervisor"])
    items = items_of(collecting)
    with pytest.raises(PermissionDenied):
        record_return(ReturnInput(form=form_of(collecting, "1-0101"), ratings={items[0].pk: "very_satisfied"}),
                      by=chain["clerk"])
    late = record_return(ReturnInput(form=form_of(collecting, "1-0101"), ratings={items[0].pk: "very_satisfied"}),
                         by=chain["manager"])
    assert late.entered_by == chain["manager"]


def test_a_past_years_survey_takes_forms_from_managers_only(collecting, chain):
    collecting.__class__.objects.filter(pk=collecting.pk).update(year=timezone.localdate().year - 1)
    items = items_of(collecting)
    with pytest.raises(ArchivedError):
        record_return(ReturnInput(form=form_of(collecting, "1-0101"), ratings={items[0].pk: "very_satisfied"}),
                      by=chain["clerk"])
    record_return(ReturnInput(form=form_of(collecting, "1-0101"), ratings={items[0].pk: "very_satisfied"}),
                  by=chain["manager"])


def test_nothing_is_entered_before_the_forms_are_out(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.APPROVED, estate=estate, questionnaire=questionnaire, chain=chain)
    form = SurveyForm.objects.create(plan=plan, estate=estate, unit=estate.buildings.first().units.first(),
                                     sent_at=timezone.now())
    with pytest.raises(WorkflowError):
        record_return(ReturnInput(form=form, ratings={items_of(plan)[0].pk: "very_satisfied"}), by=chain["clerk"])


# ---- the entry page ----------------------------------------------------------------------------------

def test_save_and_next_from_the_entry_page(client_for, collecting, chain):
    client = client_for(chain["clerk"])
    url = reverse("surveys:entry", args=[collecting.pk])
    response = client.post(url, entry_post(collecting, "1-0102", "1203", opinion="车位太少"))
    assert response.status_code == 302 and response["Location"] == url
    form = form_of(collecting, "1-0102")
    ratings = dict(Answer.objects.filter(form=form).values_list("item__position", "rating"))
    assert ratings == {1: "very_satisfied", 2: "fairly_satisfied", 4: "unsatisfied"}
    page = client.get(url).content.decode()
    assert "1-0102" in page and 'id="recent-returns"' in page and "autofocus" in page


def test_the_entry_page_refuses_a_second_return_next_to_the_unit(client_for, collecting, chain):
    client = client_for(chain["clerk"])
    url = reverse("surveys:entry", args=[collecting.pk])
    client.post(url, entry_post(collecting, "2-0101"))
    response = client.post(url, entry_post(collecting, "2-0101", "3333"))
    assert response.status_code == 200
    assert "2-0101" in response.context["form"].errors["unit"][0]
    assert 'id="unit-error"' in response.content.decode()
    assert set(Answer.objects.filter(form__unit__number="0101", form__unit__building__name="2")
               .values_list("rating", flat=True)) == {"very_satisfied"}


def test_the_entry_check_says_whose_form_it_is(client_for, collecting, chain):
    client = client_for(chain["clerk"])
    url = reverse("surveys:entry_check", args=[collecting.pk])
    assert 'data-unit-status="ok"' in client.get(url, {"unit": "3-0101"}).content.decode()
    assert 'data-unit-status="error"' in client.get(url, {"unit": "3-9999"}).content.decode()
    record_return(ReturnInput(form=form_of(collecting, "3-0101"), ratings={items_of(collecting)[0].pk: "unsatisfied"}),
                  by=chain["clerk"])
    assert 'data-unit-status="returned"' in client.get(url, {"unit": "3-0101"}).content.decode()


def test_the_entry_page_is_for_customer_service_and_managers(client_for, collecting, make_user):
    url = reverse("surveys:entry", args=[collecting.pk])
    for role, status in ((Role.DEPARTMENT_HEAD, 403), (Role.QUALITY, 403), (Role.VICE_GENERAL_MANAGER, 403),
                         (Role.SUPERVISOR, 200), (Role.MANAGER, 200)):
        assert client_for(make_user(role, username=f"e_{role}")).get(url).status_code == status, role


def test_a_closed_survey_is_entered_by_a_manager_only(client_for, collecting, chain, rectifications):
    services.close_survey(plan=collecting, by=chain["supervisor"])
    url = reverse("surveys:entry", args=[collecting.pk])
    assert client_for(chain["clerk"]).get(url).status_code == 403
    client = client_for(chain["manager"])
    assert client.post(url, entry_post(collecting, "1-0101")).status_code == 302


def test_the_entry_start_goes_straight_to_the_only_survey_collecting(client_for, collecting, chain):
    response = client_for(chain["clerk"]).get(reverse("surveys:entry_start"))
    assert response.status_code == 302 and response["Location"] == reverse("surveys:entry", args=[collecting.pk])
    jhg = UserFactory(username="c_jhg", role=Role.CLERK, estates=[make_estate(name="J", code="J")])
    response = client_for(jhg).get(reverse("surveys:entry_start"))
    assert response.status_code == 200 and list(response.context["plans"]) == []


def test_saving_one_form_runs_few_queries_and_stays_under_50_ms(client_for, collecting, chain,
                                                               django_assert_max_num_queries):
    client = client_for(chain["clerk"])
    url = reverse("surveys:entry", args=[collecting.pk])
    client.post(url, entry_post(collecting, "1-0101"))  # warm the caches (content types, the session)
    with django_assert_max_num_queries(16):
        client.post(url, entry_post(collecting, "1-0102", "1232", opinion="好"))
    # Server time of the service alone, over the forms still out.
    items = items_of(collecting)
    forms = list(SurveyForm.objects.filter(plan=collecting, returned_at__isnull=True).select_related("unit"))
    started = time.perf_counter()
    for form in forms:
        record_return(ReturnInput(form=form, ratings={item.pk: "very_satisfied" for item in items}), by=chain["clerk"])
    per_form = (time.perf_counter() - started) / len(forms)
    assert per_form < 0.05, f"{per_form * 1000:.1f} ms per form"


def test_the_service_runs_a_fixed_number_of_queries(collecting, chain, django_assert_num_queries):
    items = items_of(collecting)
    record_return(ReturnInput(form=form_of(collecting, "1-0101"), ratings={items[0].pk: "unsatisfied"}),
                  by=chain["clerk"])
    form = form_of(collecting, "1-0102")
    with django_assert_num_queries(7):  # savepoint, lock+read, items, insert, update, timeline, release
        record_return(ReturnInput(form=form, ratings={item.pk: "very_satisfied" for item in items}),
                      by=chain["clerk"], now=timezone.now() + datetime.timedelta(seconds=1))

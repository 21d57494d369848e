"""The resident's answer page /surveys/a/<token>/: no login, one answer per token, closed outside the collection
window, the same validation as the clerk's (one service)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import WorkflowError
from surveys.choices import PlanStatus, ReturnChannel
from surveys.models import Answer, SurveyForm
from surveys.services.returns import ReturnInput, record_return
from tests.surveys.test_plan_setup import DAY, plan_in

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.surveys.test_plan_setup"]


@pytest.fixture
def form(estate, questionnaire, chain):
    plan = plan_in(PlanStatus.COLLECTING, estate=estate, questionnaire=questionnaire, chain=chain)
    return SurveyForm.objects.filter(plan=plan).select_related("plan").first()


def url(form):
    return reverse("surveys:answer", args=[form.token])


def answers(form, *levels):
    items = list(form.plan.questionnaire.items.all())
    return {f"item_{item.pk}": level for item, level in zip(items, levels, strict=False)}


def test_a_resident_answers_without_logging_in(client, form):
    page = client.get(url(form))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="viewport"' in html and 'id="answer-form"' in html and form.unit.label in html
    response = client.post(url(form), answers(form, "very_satisfied", "unsatisfied") | {"opinion": "电梯常坏"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.channel == ReturnChannel.ONLINE and form.entered_by is None and form.opinion == "电梯常坏"
    assert Answer.objects.filter(form=form, plan=form.plan).count() == 2
    assert 'id="answer-thanks"' in client.get(response["Location"]).content.decode()


def test_one_answer_per_token(client, form):
    client.post(url(form), answers(form, "very_satisfied"))
    again = client.post(url(form), answers(form, "unsatisfied"))
    assert again.status_code == 200 and 'id="answer-done"' in again.content.decode()
    assert list(Answer.objects.filter(form=form).values_list("rating", flat=True)) == ["very_satisfied"]


def test_a_form_returned_on_paper_cannot_be_answered_online(client, form, chain):
    items = list(form.plan.questionnaire.items.all())
    record_return(ReturnInput(form=form, ratings={items[0].pk: "fairly_satisfied"}), by=chain["clerk"])
    html = client.get(url(form)).content.decode()
    assert 'id="answer-done"' in html and 'id="answer-form"' not in html


@pytest.mark.parametrize("shift", [-1, +1])
def test_the_answer_page_is_closed_outside_the_collection_window(client, form, shift):
    plan = form.plan
    today = timezone.localdate()
    if shift < 0:  # the window starts tomorrow
        plan.__class__.objects.filter(pk=plan.pk).update(collection_starts=today + DAY,
                                                         collection_ends=today + 12 * DAY)
    else:  # the window ended yesterday
        plan.__class__.objects.filter(pk=plan.pk).update(collection_starts=today - 12 * DAY,
                                                         collection_ends=today - DAY)
    html = client.get(url(form)).content.decode()
    assert 'id="answer-closed"' in html and 'id="answer-form"' not in html
    response = client.post(url(form), answers(form, "very_satisfied"))
    assert response.status_code == 200 and not Answer.objects.filter(form=form).exists()


def test_the_window_edges_are_open_days(form):
    plan = form.plan
    items = list(plan.questionnaire.items.all())
    first = timezone.make_aware(datetime.datetime.combine(plan.collection_starts, datetime.time(0, 1)))
    record_return(ReturnInput(form=form, ratings={items[0].pk: "very_satisfied"}, channel=ReturnChannel.ONLINE),
                  now=first)
    other = SurveyForm.objects.filter(plan=plan, returned_at__isnull=True).first()
    last = timezone.make_aware(datetime.datetime.combine(plan.collection_ends, datetime.time(23, 59)))
    record_return(ReturnInput(form=other, ratings={items[0].pk: "very_satisfied"}, channel=ReturnChannel.ONLINE),
                  now=last)
    third = SurveyForm.objects.filter(plan=plan, returned_at__isnull=True).first()
    with pytest.raises(WorkflowError, match=plan.collection_ends.isoformat()):
        record_return(ReturnInput(form=third, ratings={items[0].pk: "very_satisfied"}, channel=ReturnChannel.ONLINE),
                      now=last + datetime.timedelta(minutes=2))


def test_a_closed_survey_takes_no_online_answer(client, form, chain, rectifications):
    from surveys.services import plans as services

    services.close_survey(plan=form.plan, by=chain["supervisor"])
    assert 'id="answer-closed"' in client.get(url(form)).content.decode()


def test_the_same_validation_as_the_clerks(client, form):
    response = client.post(url(form), {"opinion": " "})
    assert response.status_code == 200 and 'id="answer-errors"' in response.content.decode()
    response = client.post(url(form), answers(form, "satisfied"))  # a 5-level choice on a 3-level questionnaire
    assert response.status_code == 200 and not Answer.objects.filter(form=form).exists()


def test_an_unknown_token_is_404(client, form):
    assert client.get(reverse("surveys:answer", args=["x" * 22])).status_code == 404


def test_the_answer_page_keeps_the_strict_csp(client, form):
    response = client.get(url(form))
    html = response.content.decode()
    assert "<script" not in html and "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]

"""A paper form keyed in wrong is put right (surveys.services.returns.correct_return) and its correction page."""

import pytest
from django.urls import reverse

from core.errors import WorkflowError
from core.models import TimelineEvent
from core.roles import Role
from surveys import tally
from surveys.choices import PlanStatus, ReturnChannel
from surveys.models import Answer
from surveys.services import plans as services
from surveys.services.returns import ReturnInput, correct_return, record_return
from tests.surveys.test_returns_entry import form_of, items_of

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.surveys.test_plan_setup", "tests.surveys.test_returns_entry"]


@pytest.fixture
def keyed(collecting, chain):
    """1-0101 keyed in by the clerk: item 1 very satisfied, item 2 unsatisfied (the paper said fairly)."""
    items = items_of(collecting)
    return record_return(ReturnInput(form=form_of(collecting, "1-0101"),
                                     ratings={items[0].pk: "very_satisfied", items[1].pk: "unsatisfied"},
                                     opinion="电梯慢"), by=chain["clerk"])


def test_a_correction_replaces_the_ratings_and_keeps_what_stood_on_the_timeline(collecting, chain, keyed):
    items = items_of(collecting)
    correct_return(ReturnInput(form=keyed, ratings={items[0].pk: "very_satisfied", items[1].pk: "fairly_satisfied"},
                               opinion="电梯慢，保洁好"), reason="第2项录错", by=chain["clerk"])
    assert dict(Answer.objects.filter(form=keyed).values_list("item_id", "rating")) == {
        items[0].pk: "very_satisfied", items[1].pk: "fairly_satisfied"}
    keyed.refresh_from_db()
    assert keyed.opinion == "电梯慢，保洁好" and keyed.entered_by == chain["clerk"]
    event = TimelineEvent.objects.get(object_id=keyed.pk, action="corrected")
    assert "第2项录错" in event.note and "不满意" in event.note and event.actor == chain["clerk"]
    assert tally.item_counts(collecting)[items[1].pk].get("unsatisfied", 0) == 0


def test_a_correction_needs_a_reason(collecting, chain, keyed):
    with pytest.raises(WorkflowError):
        correct_return(ReturnInput(form=keyed, ratings={items_of(collecting)[0].pk: "unsatisfied"}), reason="  ",
                       by=chain["clerk"])
    assert Answer.objects.filter(form=keyed).count() == 2


def test_a_form_answered_online_is_never_corrected_by_the_office(collecting, chain):
    form = record_return(ReturnInput(form=form_of(collecting, "1-0102"), ratings={items_of(collecting)[0].pk:
                                     "unsatisfied"}, channel=ReturnChannel.ONLINE))
    with pytest.raises(WorkflowError):
        correct_return(ReturnInput(form=form, ratings={items_of(collecting)[0].pk: "very_satisfied"}),
                       reason="住户打电话说点错了", by=chain["supervisor"])


def test_a_closed_survey_is_not_corrected(collecting, chain, keyed, rectifications):
    services.close_survey(plan=collecting, by=chain["supervisor"])
    with pytest.raises(WorkflowError):
        correct_return(ReturnInput(form=keyed, ratings={items_of(collecting)[0].pk: "unsatisfied"}), reason="录错",
                       by=chain["manager"])


def test_the_correction_page_shows_what_was_entered_and_saves_with_the_reason(client_for, collecting, chain, keyed):
    client = client_for(chain["clerk"])
    detail = client.get(reverse("surveys:form_detail", args=[keyed.pk])).content.decode()
    url = reverse("surveys:form_correct", args=[keyed.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "电梯慢" in page and 'value="unsatisfied" aria-label' in page
    items = items_of(collecting)
    data = {f"item_{items[0].pk}": "very_satisfied", f"item_{items[1].pk}": "fairly_satisfied", "opinion": "电梯慢",
            "respondent": ""}
    refused = client.post(url, data)
    assert refused.status_code == 200 and 'id="reason-error"' in refused.content.decode()
    assert client.post(url, data | {"reason": "第2项录错"})["Location"] == reverse("surveys:form_detail",
                                                                                     args=[keyed.pk])
    assert Answer.objects.get(form=keyed, item=items[1]).rating == "fairly_satisfied"


def test_the_correction_page_is_for_who_may_enter_forms(client_for, collecting, chain, keyed, make_user):
    url = reverse("surveys:form_correct", args=[keyed.pk])
    for role, status in ((Role.DEPARTMENT_HEAD, 403), (Role.QUALITY, 403), (Role.SUPERVISOR, 200)):
        assert client_for(make_user(role, username=f"k_{role}")).get(url).status_code == status, role
    collecting.__class__.objects.filter(pk=collecting.pk).update(status=PlanStatus.CLOSED)
    assert client_for(chain["clerk"]).get(url).status_code == 403
    assert url not in client_for(chain["clerk"]).get(reverse("surveys:form_detail", args=[keyed.pk])).content.decode()

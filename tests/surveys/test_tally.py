from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.choices import Rating
from surveys.tally import form_counts, item_counts
from tests.surveys.factories import PlanFactory, SurveyFormFactory, returned


def test_item_counts_group_answers_by_item_and_rating_in_one_query(db):
    plan = PlanFactory(status="collecting")
    first, second, _unreturned = (SurveyFormFactory(plan=plan) for _ in range(3))
    returned(first, {"保安服务": Rating.VERY_SATISFIED, "保洁服务": Rating.UNSATISFIED})
    returned(second, {"保安服务": Rating.VERY_SATISFIED, "保洁服务": Rating.FAIRLY_SATISFIED})
    items = {item.name: item.pk for item in plan.questionnaire.items.all()}
    with CaptureQueriesContext(connection) as queries:
        counts = item_counts(plan)
    assert len(queries) == 1
    assert counts[items["保安服务"]] == {Rating.VERY_SATISFIED: 2}
    assert counts[items["保洁服务"]] == {Rating.UNSATISFIED: 1, Rating.FAIRLY_SATISFIED: 1}
    assert form_counts(plan) == (3, 2)

"""Survey factories: a questionnaire with items, a plan in any state, forms sent and returned."""

import datetime

import factory
from django.utils import timezone

from surveys.choices import PlanStatus, ReturnChannel, Scale
from surveys.models import Answer, Questionnaire, QuestionnaireItem, SurveyForm, SurveyPlan
from tests.factories import EstateFactory, UnitFactory

ITEMS = ["保安服务", "保洁服务", "车辆管理", "维修服务"]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """`QuestionnaireFactory(items=[...])` names the items (default ITEMS)."""

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"业主调查表{n}")
    scale = Scale.THREE

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create:
            QuestionnaireItem.objects.bulk_create(
                QuestionnaireItem(questionnaire=self, position=i, name=name)
                for i, name in enumerate(extracted or ITEMS, start=1)
            )


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyPlan

    number = factory.Sequence(lambda n: f"DC2026-{n + 1:05d}")
    title = "2026年度住户满意度调查"
    purpose = "了解住户对各项服务的满意程度"
    estate = factory.SubFactory(EstateFactory)
    year = 2026
    respondents = "已入住住户"
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    collection_starts = datetime.date(2026, 11, 1)
    collection_ends = datetime.date(2026, 11, 12)
    status = PlanStatus.DRAFT
    created_at = factory.LazyFunction(timezone.now)


class SurveyFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyForm

    plan = factory.SubFactory(PlanFactory, status=PlanStatus.COLLECTING)
    unit = factory.SubFactory(UnitFactory, building__estate=factory.SelfAttribute("...plan.estate"))
    estate = factory.SelfAttribute("plan.estate")
    sent_at = factory.LazyFunction(timezone.now)


def returned(form, ratings, *, channel=ReturnChannel.PAPER, opinion="", at=None):
    """Mark `form` returned with `ratings` ({item name or item: rating}), straight into the tables (the
    services' own tests go through the services)."""
    items = {item.name: item for item in form.plan.questionnaire.items.all()}
    Answer.objects.bulk_create(
        Answer(plan=form.plan, form=form, item=items[key] if isinstance(key, str) else key, rating=rating)
        for key, rating in ratings.items()
    )
    form.returned_at, form.channel, form.opinion = at or timezone.now(), channel, opinion
    form.save(update_fields=["returned_at", "channel", "opinion"])
    return form

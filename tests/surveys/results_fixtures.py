"""Surveys with many returned forms, written straight into the tables (bulk), for the results tests:
a plan of `forms` units of which `returned` answered every item, the ratings drawn from a seeded
generator so each item has its own share of unsatisfied answers."""

import datetime
import random

from django.utils import timezone

from residents.models import Unit
from surveys.choices import PlanStatus, ReturnChannel, Scale
from surveys.models import Answer, SurveyForm
from surveys.rules import levels
from tests.factories import BuildingFactory
from tests.surveys.factories import PlanFactory, QuestionnaireFactory

TEN_ITEMS = ["供电", "供水", "消防治安", "卫生", "绿化", "公共设施", "维修服务", "服务态度", "保安服务", "车辆管理"]
OPINIONS = ["电梯经常停运，希望尽快维修", "保安巡逻不够，晚上有陌生人进出", "绿化很好，谢谢", "停车位太少",
            "垃圾清运不及时，有异味", "请物业公布维修基金使用情况"]


def make_survey(estate=None, *, scale=Scale.FIVE, items=TEN_ITEMS, forms=40, returned=30, seed=1,
                status=PlanStatus.COLLECTING, starts=datetime.date(2026, 11, 1), threshold=0, opinion_every=3,
                questionnaire=None, **plan_fields):
    """A plan with `forms` forms sent (one unit each, in a building of its own) and the first `returned`
    of them returned, every item rated."""
    rng = random.Random(seed)
    questionnaire = questionnaire or QuestionnaireFactory(scale=scale, items=items)
    plan = PlanFactory(
        questionnaire=questionnaire, status=status, collection_starts=starts,
        collection_ends=starts + datetime.timedelta(days=11), rectification_threshold=threshold,
        year=plan_fields.pop("year", starts.year),
        closed_at=timezone.now() if status == PlanStatus.CLOSED else None,
        **({"estate": estate} if estate is not None else {}), **plan_fields,
    )
    building = BuildingFactory(estate=plan.estate)
    units = Unit.objects.bulk_create(Unit(building=building, number=f"{n + 1:04d}", occupancy="occupied")
                                     for n in range(forms))
    sent_at = timezone.make_aware(datetime.datetime.combine(starts, datetime.time(9)))
    rows = []
    for n, unit in enumerate(units):
        done = n < returned
        rows.append(SurveyForm(
            plan=plan, estate=plan.estate, unit=unit, sent_at=sent_at,
            returned_at=sent_at + datetime.timedelta(hours=1 + n) if done else None,
            channel=(ReturnChannel.ONLINE if n % 4 == 0 else ReturnChannel.PAPER) if done else "",
            opinion=OPINIONS[n % len(OPINIONS)] if done and n % opinion_every == 0 else "",
        ))
    saved = SurveyForm.objects.bulk_create(rows)
    scale_levels = levels(questionnaire.scale)
    item_rows = list(questionnaire.items.order_by("position"))
    answers = []
    for form in saved[:returned]:
        for index, item in enumerate(item_rows):
            # Item i leans unsatisfied with weight i: the Pareto chart has a shape.
            weights = [6, 4, 3, 1 + index % 4, 1 + index // 3][: len(scale_levels)]
            answers.append(Answer(plan=plan, form=form, item=item, rating=rng.choices(scale_levels, weights)[0]))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return plan

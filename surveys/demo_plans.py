"""Demo data: survey plans (idempotent: each plan is recognised by its title and estate).

- 华悦苑: this year's survey, approved through the whole chain and collecting, with some forms returned on
  paper and two answered online; the next half-year's survey still a draft.
- 锦华广场: a half-year survey confirmed by its manager, waiting for the vice general manager's review.
The seed questionnaires are the data migration's; installed here too when missing. The registry's demo marks
only the units with residents occupied, so both estates get a realistic occupancy (six units in seven) for
the distribution rule.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from residents.models import Estate, Unit
from surveys.choices import LEVELS, PeriodKind, ReturnChannel, Scale
from surveys.models import Questionnaire, QuestionnaireItem, SurveyForm, SurveyPlan
from surveys.services import plans as services
from surveys.services.plans import PlanInput
from surveys.services.questionnaires import install_templates
from surveys.services.returns import ReturnInput, record_return

DAY = datetime.timedelta(days=1)
USERS = ["clerk", "supervisor", "manager", "vgm", "gm", "supervisor_jhg", "manager_jhg"]
# 华悦苑: one unit in seven stays vacant.
VACANT_EVERY = 7
OPINIONS = ["希望加强夜间巡逻", "", "地下车库照明不足", "", "", "保洁很及时，谢谢", "", "电梯维修响应慢"]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(f"  {text}")


def _occupy(estate):
    units = list(Unit.objects.filter(building__estate=estate).order_by("building__name", "number"))
    occupied = [unit.pk for index, unit in enumerate(units) if index % VACANT_EVERY != VACANT_EVERY - 1]
    Unit.objects.filter(pk__in=occupied).update(occupancy=Unit.Occupancy.OCCUPIED)


def _input(title, questionnaire, starts, days, **kwargs):
    kwargs = {"period_kind": PeriodKind.ANNUAL, "year": starts.year} | kwargs
    return PlanInput(
        title=title, purpose="了解住户对管理处各项服务的满意程度，查找不足并落实整改。",
        respondents="已办理入住的住户", questionnaire=questionnaire, collection_starts=starts,
        collection_ends=starts + (days - 1) * DAY, distribution="楼管员逐户派发，住户填写后交回服务中心或扫码在线填写。",
        **kwargs,
    )


def _ratings(index, items, scale):
    levels = LEVELS[Scale(scale)]
    ratings = {}
    for position, item in enumerate(items):
        step = (index * 7 + position * 3) % 10
        # Mostly satisfied; some items now and then rated lower, the worst rarely.
        level = 0 if step < 5 else 1 if step < 8 else len(levels) - 1 if step == 9 and position % 3 == 0 else 1
        ratings[item.pk] = levels[min(level, len(levels) - 1)]
    return ratings


def _collecting(estate, questionnaire, users, now, stdout):
    title = f"{timezone.localdate(now).year}年度住户满意度调查"
    if SurveyPlan.objects.filter(title=title, estate=estate).exists():
        return
    _occupy(estate)
    starts = timezone.localdate(now) - 4 * DAY
    data = _input(title, questionnaire, starts, 12, staff=(users["clerk"],), year=timezone.localdate(now).year)
    [plan] = services.draft_plans(data=data,
                                  estates=[estate], by=users["supervisor"], now=now - 6 * DAY)
    plan = services.submit_plan(plan=plan, by=users["supervisor"], now=now - 6 * DAY)
    plan = services.confirm_plan(plan=plan, by=users["manager"], now=now - 6 * DAY + datetime.timedelta(hours=3))
    plan = services.review_plan(plan=plan, by=users["vgm"], now=now - 5 * DAY, note="同意")
    plan = services.approve_plan(plan=plan, by=users["gm"], now=now - 5 * DAY + datetime.timedelta(hours=2))
    plan = services.start_survey(plan=plan, by=users["clerk"], now=now - 4 * DAY)
    items = list(questionnaire.items.all())
    forms = list(SurveyForm.objects.filter(plan=plan).order_by("pk"))
    # Two forms in five came back, from every building.
    returned = [form for index, form in enumerate(forms) if index % 5 in (0, 2)]
    for index, form in enumerate(returned):
        online = index % 15 == 14
        record_return(
            ReturnInput(form=form, ratings=_ratings(index, items, questionnaire.scale),
                        opinion=OPINIONS[index % len(OPINIONS)],
                        channel=ReturnChannel.ONLINE if online else ReturnChannel.PAPER),
            by=None if online else users["clerk"], now=now - 3 * DAY + index * datetime.timedelta(minutes=2),
        )
    _say(stdout, f"survey {plan.number} collecting: {len(returned)} of {len(forms)} forms returned")


def _awaiting_review(estate, questionnaire, users, now, stdout):
    year = timezone.localdate(now).year
    title = f"{year}年下半年业主意见调查"
    if SurveyPlan.objects.filter(title=title, estate=estate).exists():
        return
    _occupy(estate)
    starts = timezone.localdate(now) + 10 * DAY
    [plan] = services.draft_plans(data=_input(title, questionnaire, starts, 15, period_kind=PeriodKind.HALF_YEAR,
                                              half=2), estates=[estate], by=users["supervisor_jhg"], now=now - 2 * DAY)
    plan = services.submit_plan(plan=plan, by=users["supervisor_jhg"], now=now - 2 * DAY)
    services.confirm_plan(plan=plan, by=users["manager_jhg"], now=now - DAY, note="请副总审核")
    _say(stdout, f"survey plan {plan.number} waiting for the vice general manager's review")


def _draft(estate, questionnaire, users, now, stdout):
    year = timezone.localdate(now).year + 1
    title = f"{year}年上半年业主意见调查"
    if SurveyPlan.objects.filter(title=title, estate=estate).exists():
        return
    starts = datetime.date(year, 3, 2)
    data = _input(title, questionnaire, starts, 14, period_kind=PeriodKind.HALF_YEAR, half=1, year=year)
    [plan] = services.draft_plans(data=data, estates=[estate], by=users["clerk"], now=now - DAY)
    _say(stdout, f"survey plan {plan.number} drafted")


def load(stdout=None):
    three, five = install_templates(Questionnaire, QuestionnaireItem)
    users = {user.username: user for user in get_user_model().objects.filter(username__in=USERS)}
    estates = {estate.code: estate for estate in Estate.objects.filter(code__in=["HYY", "JHG"])}
    if set(users) != set(USERS) or set(estates) != {"HYY", "JHG"}:
        _say(stdout, "survey plans skipped: the demo users and estates are missing")
        return
    now = timezone.now()
    _collecting(estates["HYY"], three, users, now, stdout)
    _awaiting_review(estates["JHG"], five, users, now, stdout)
    _draft(estates["HYY"], five, users, now, stdout)

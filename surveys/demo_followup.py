"""Demo data of rectification, owners' forums and the suggestion box (idempotent: each record is recognised
by its text, or the survey by its title).

A closed survey of 华悦苑 with items rated unsatisfied: the plans area's demo survey when it has at least two
rectifications, else a small one made here. Of its rectifications one is still open (overdue, with progress)
and one is done, its unsatisfied units' callbacks due. A forum with an overdue, an open and a done follow-up;
slips in every state (one overdue to sort, one turned into a complaint, one kept as a suggestion).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.numbering import next_number
from residents.models import Department, Estate, Unit
from surveys.choices import PlanStatus, Rating, RectificationStatus, ReturnChannel, Scale, SlipStatus
from surveys.models import (
    Answer,
    OwnersForum,
    Questionnaire,
    QuestionnaireItem,
    SuggestionSlip,
    SurveyForm,
    SurveyPlan,
)
from surveys.services import forums, rectification, slips

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
DEMO_TITLE = "2026年度住户满意度调查（华悦苑）"
DEMO_QUESTIONNAIRE = "业主调查表（整改演示）"
ITEMS = [("保安服务", Department.Kind.SECURITY), ("保洁服务", Department.Kind.CLEANING),
         ("车辆管理", Department.Kind.PARKING), ("维修服务", Department.Kind.ENGINEERING)]
U, VU, FS, VS = Rating.UNSATISFIED, Rating.VERY_UNSATISFIED, Rating.FAIRLY_SATISFIED, Rating.VERY_SATISFIED
# Units of 华悦苑 (building, unit) and their ratings of the four items.
RETURNS = [
    ("3", "1202", (U, FS, VS, U)), ("1", "0501", (VU, U, FS, VS)), ("2", "0802", (FS, VS, VS, U)),
    ("1", "0101", (VS, VS, FS, VS)), ("1", "0302", (FS, U, VS, VS)), ("2", "0401", (VS, FS, FS, FS)),
    ("2", "1101", (VS, VS, VS, VS)), ("3", "0601", (FS, VS, FS, FS)),
]


def _write(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _questionnaire():
    questionnaire, created = Questionnaire.objects.get_or_create(
        name=DEMO_QUESTIONNAIRE, defaults={"scale": Scale.THREE, "active": False})
    if created:
        QuestionnaireItem.objects.bulk_create(
            QuestionnaireItem(questionnaire=questionnaire, position=n, name=name, department_kind=kind)
            for n, (name, kind) in enumerate(ITEMS, start=1)
        )
    return questionnaire


def _own_survey(estate, users, now):
    """A small closed survey of `estate` collected last month, made here when the plans demo has none."""
    if (plan := SurveyPlan.objects.filter(estate=estate, title=DEMO_TITLE).first()) is not None:
        return plan
    today = timezone.localdate(now)
    starts = today - 40 * DAY
    closed_at = now - 25 * DAY
    plan = SurveyPlan.objects.create(
        number=next_number("DC", at=closed_at), title=DEMO_TITLE, purpose="了解住户对各项服务的满意程度", estate=estate,
        year=starts.year, respondents="已入住住户", questionnaire=_questionnaire(), collection_starts=starts,
        collection_ends=starts + 11 * DAY, status=PlanStatus.CLOSED, created_at=closed_at - 30 * DAY,
        created_by=users["supervisor"], closed_at=closed_at, closed_by=users["supervisor"],
    )
    items = list(plan.questionnaire.items.order_by("position"))
    for building, number, ratings in RETURNS:
        unit = Unit.objects.get(building__estate=estate, building__name=building, number=number)
        form = SurveyForm.objects.create(plan=plan, estate=estate, unit=unit, sent_at=closed_at - 20 * DAY,
                                         returned_at=closed_at - 10 * DAY, channel=ReturnChannel.PAPER,
                                         entered_by=users["clerk"])
        Answer.objects.bulk_create(Answer(plan=plan, form=form, item=item, rating=rating)
                                   for item, rating in zip(items, ratings, strict=True))
    return plan


def _survey(estate, users, now):
    """The plans demo's latest closed survey with at least two items to rectify, else one made here."""
    for plan in SurveyPlan.objects.filter(estate=estate, status=PlanStatus.CLOSED).exclude(title=DEMO_TITLE):
        if len(rectification.items_to_rectify(plan)) >= 2:
            return plan
    return _own_survey(estate, users, now)


def _rectifications(estate, users, now):
    plan = _survey(estate, users, now)
    opened_at = plan.closed_at or now - 25 * DAY
    rectification.open_rectifications(plan=plan, by=users["supervisor"], now=opened_at)
    tasks = list(plan.rectifications.select_related("department__head").order_by("pk"))
    if any(task.status == RectificationStatus.DONE for task in tasks) or len(tasks) < 2:
        return 0
    with_head = [task for task in tasks if task.department is not None and task.department.head_id]
    if not with_head:
        return 0
    still_open = next((task for task in tasks if task not in with_head[:1]), None)
    if still_open is not None:
        rectification.record_progress(rectification=still_open, note="已制定整改方案，正在落实", by=users["supervisor"],
                                      now=opened_at + 3 * DAY)
    first = with_head[0]
    head = first.department.head
    rectification.record_progress(rectification=first, note="已组织专题会议，增加巡查频次", by=head, now=now - 5 * DAY)
    rectification.complete_rectification(rectification=first, result="夜间巡逻由每晚两次增至四次，门岗加强来访登记",
                                         by=head, now=now - HOUR)
    return len(tasks)


def _forum(estate, users, now):
    theme = "停车管理专题座谈会"
    if OwnersForum.objects.filter(estate=estate, theme=theme).exists():
        return 0
    today = timezone.localdate(now)
    forum = forums.record_forum(
        estate=estate, held_on=today - 20 * DAY, theme=theme,
        attendees="业主代表12人（3栋、1栋为主），业委会主任，管理处经理刘洋，客服中心主管陈静",
        minutes="业主反映夜间外来车辆占用车位、地下车库照明不足；管理处说明车位登记办法，承诺改造照明并公示方案。",
        follow_ups=[
            {"item": "地下车库照明改造方案公示", "owner": "工程维护部 李强", "due_on": today - 5 * DAY},
            {"item": "外来车辆登记及限时停放办法", "owner": "车管部", "due_on": today + 10 * DAY},
            {"item": "公布车位分配名单", "owner": "客服中心", "due_on": today - 10 * DAY},
        ],
        by=users["clerk"], now=now - 19 * DAY,
    )
    done = forum.follow_ups.get(item="公布车位分配名单")
    forums.complete_follow_up(follow_up=done, note="已在各楼栋公告栏公示", by=users["clerk"], now=now - 12 * DAY)
    return 1


SLIPS = [
    # (content, days ago taken out, unit (building, number) or None, name, phone, what happens to it)
    ("建议在小区东门增设快递柜，方便上班族取件", 0, None, "", "", None),
    ("晚上10点后广场舞音乐太吵，影响休息", 5, ("1", "0501"), "王芳", "13700001111", None),
    ("3栋电梯多次停运，投诉多次无人处理，要求尽快维修", 2, ("3", "1202"), "张伟", "13812345678", SlipStatus.COMPLAINT),
    ("建议儿童游乐区加装遮阳棚", 3, ("2", "0802"), "刘洋洋", "13655556666", SlipStatus.SUGGESTION),
]


def _slips(estate, users, now):
    made = 0
    for content, days_ago, place, name, phone, outcome in SLIPS:
        if SuggestionSlip.objects.filter(content=content).exists():
            continue
        entered = now - days_ago * DAY - 2 * HOUR
        unit = Unit.objects.get(building__estate=estate, building__name=place[0], number=place[1]) if place else None
        slip = slips.enter_slip(estate=estate, found_on=timezone.localdate(entered), unit=unit, name=name, phone=phone,
                                content=content, by=users["clerk"], now=entered)
        if outcome == SlipStatus.COMPLAINT:
            slips.turn_into_complaint(slip=slip, by=users["clerk"], now=entered + HOUR)
        elif outcome == SlipStatus.SUGGESTION:
            slips.keep_as_suggestion(slip=slip, note="属建议，电话回访告知处理意见", by=users["clerk"], now=entered + HOUR)
        made += 1
    return made


def load(stdout=None):
    names = ["clerk", "supervisor", "clerk_jhg"]
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    estate = Estate.objects.filter(code="HYY").first()
    if len(users) < len(names) or estate is None or not Unit.objects.filter(building__estate=estate).exists():
        _write(stdout, "  demo users or registry missing: rectification, forum and slips skipped")
        return
    now = timezone.now()
    tasks = _rectifications(estate, users, now)
    forum = _forum(estate, users, now)
    made = _slips(estate, users, now)
    other = Estate.objects.filter(code="JHG").first()
    if other is not None and not SuggestionSlip.objects.filter(estate=other).exists():
        slips.enter_slip(estate=other, found_on=timezone.localdate(now), content="建议增加地下车库清洁频次",
                         by=users["clerk_jhg"], now=now - HOUR)
        made += 1
    _write(stdout, f"  {tasks} rectifications, {forum} owners' forum, {made} suggestion slips")

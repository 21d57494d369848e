"""Demo help requests in several states; idempotent (a record is recognised by its matter)."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.channels import Channel
from requests_app import services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category, HelpRequest, local_midnight
from residents.models import Department, Estate, Resident


def _steps(help_request, steps, by, start):
    for minutes, step in steps:
        help_request = step(help_request, by, start + timedelta(minutes=minutes))
    return help_request


def load(stdout):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "supervisor", "head_eng"])}
    if len(users) < 3 or not Estate.objects.filter(code="HYY").exists():
        return
    clerk, supervisor, head_eng = users["clerk"], users["supervisor"], users["head_eng"]
    hyy = Estate.objects.get(code="HYY")
    engineering = Department.objects.filter(kind=Department.Kind.ENGINEERING).first()
    zhang = Resident.objects.filter(name="张伟").first()
    wang = Resident.objects.filter(name="王芳").first()
    now = timezone.now()

    def resident_kwargs(resident):
        return {"resident": resident, "unit": resident.units.first()} if resident else {"estate": hyy}

    records = [
        (
            {"category": Category.REPAIR, "channel": Channel.VISIT, "matter": "厨房水龙头漏水，需上门维修",
             **resident_kwargs(zhang)},
            now - timedelta(days=3),
            [
                (2, lambda hr, by, t: services.record_reply(help_request=hr, by=by, reply="已安排工程维护部今天上门", now=t)),
                (5, lambda hr, by, t: services.assign_request(help_request=hr, by=by, department=engineering, handler=head_eng, now=t)),
                (180, lambda hr, by, t: services.complete_repair(help_request=hr, by=head_eng, work_done="更换水龙头阀芯",
                                                                 verdict="satisfied", trial_run_days=7, now=t)),
                (200, lambda hr, by, t: services.close_request(help_request=hr, by=by, note="电话告知住户", now=t)),
                (600, lambda hr, by, t: services.sign_off(help_request=hr, by=supervisor, now=t)),
            ],
        ),
        (
            {"category": Category.REPAIR, "channel": Channel.PHONE, "matter": "可视对讲门铃无声",
             "responsibility": "Q", "vendor": "intercom", **resident_kwargs(wang)},
            now - timedelta(hours=5),
            [(3, lambda hr, by, t: services.assign_request(help_request=hr, by=by, department=engineering, handler=head_eng, now=t))],
        ),
        (
            {"category": Category.EMERGENCY, "channel": Channel.PHONE, "matter": "老人在家中晕倒，家属请求帮助",
             "patient_address": "华悦苑3栋1202", "patient_phone": "13812345678", "emergency_choice": "call_120",
             "serious": True, **resident_kwargs(zhang)},
            now - timedelta(minutes=30),
            [],
        ),
        (
            {"category": Category.INQUIRY, "channel": Channel.LETTER, "matter": "来信询问小区停车位租赁政策",
             "estate": hyy, "caller_name": "赵先生", "caller_phone": "13611112222"},
            now - timedelta(days=1),
            [],
        ),
        (
            {"category": Category.INQUIRY, "channel": Channel.VISIT, "matter": "询问物业费缴纳时间",
             "answer": "每月5日前在客服中心或网上缴纳", **resident_kwargs(wang)},
            now - timedelta(days=2),
            [(1, lambda hr, by, t: services.close_request(help_request=hr, by=by, now=t))],
        ),
        (
            {"category": Category.SECURITY, "channel": Channel.PHONE, "matter": "地下车库自行车被盗", **resident_kwargs(zhang)},
            now - timedelta(hours=2),
            [],
        ),
        (
            {"category": Category.OTHER, "channel": Channel.VISIT, "matter": "钥匙锁在屋内，请求开锁",
             "paid_service": True, "fee": Decimal("50.00"), **resident_kwargs(wang)},
            now - timedelta(hours=26),
            [(10, lambda hr, by, t: services.handle_request(help_request=hr, by=by, result="已联系开锁师傅上门开锁", now=t))],
        ),
        (
            {"category": Category.OTHER, "channel": Channel.PHONE, "matter": "要求物业赔偿停电损失的冰箱食物",
             **resident_kwargs(zhang)},
            now - timedelta(minutes=20),
            [(1, lambda hr, by, t: services.refer_to_supervisor(help_request=hr, by=by, note="住户要求赔偿", now=t))],
        ),
    ]
    # Kept inside the current year, so that early in January the demo records are not archived yet.
    year_start = local_midnight(timezone.localdate().replace(month=1, day=1))
    for kwargs, at, steps in records:
        if HelpRequest.objects.filter(matter=kwargs["matter"]).exists():
            continue
        at = max(at, year_start)
        help_request = services.register_help_request(HelpRequestInput(**kwargs), by=clerk, now=at)
        _steps(help_request, steps, clerk, at)
        stdout.write(f"  help request {help_request.number}")
    _second_office(now)


def _second_office(now):
    """Issue 14: the other estate's front desk logs its own calls, which the first office never sees."""
    clerk = get_user_model().objects.filter(username="clerk_jhg").first()
    chen = Resident.objects.filter(name="陈明").first()
    matter = "A座电梯按键失灵"
    if clerk is None or chen is None or HelpRequest.objects.filter(matter=matter).exists():
        return
    services.register_help_request(
        HelpRequestInput(category=Category.REPAIR, channel=Channel.PHONE, matter=matter, resident=chen,
                         unit=chen.units.first()),
        by=clerk, now=now - timedelta(hours=1),
    )

"""Demo complaints in several states (idempotent: each is matched by its description)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from callbacks.choices import Method, Result
from callbacks.models import Callback
from callbacks.services import record_callback
from complaints import services
from complaints.choices import Category, Level, MajorCriterion
from complaints.inputs import ComplaintInput
from core.channels import Channel
from residents.models import Department, Estate, Occupancy

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# (description, channel, level, criterion, category, estate code, unit label, department, age, steps)
DEMO = [
    ("3号楼电梯困人半小时无人处理", Channel.VISIT, Level.MINOR, "", Category.REPAIR, "HYY", "3-1202", "工程维护部",
     2 * HOUR, []),
    ("地下车库夜间巡逻不到位，车辆被划", Channel.PHONE, Level.IMPORTANT, "", Category.SECURITY, "HYY", "1-0501",
     "保安部", 4 * DAY, ["dispatch", "forward", "sign"]),
    ("夜班保安巡逻时在楼下大声喧哗", Channel.SUGGESTION_BOX, Level.MINOR, "", Category.SECURITY, "HYY", "3-1202", "保安部",
     40 * DAY, ["dispatch", "sign", "handle", "inform", "callback"]),
    ("维修工更换水管时损坏地板", Channel.LETTER, Level.MAJOR, MajorCriterion.LOSS, Category.REPAIR, "JHG", "A-1801",
     "工程维护部", 1 * DAY, ["dispatch", "forward", "sign"]),
    ("外墙渗水报修多次仍未修好", Channel.PHONE, Level.MINOR, "", Category.REPAIR, "HYY", "3-1202", "工程维护部",
     35 * DAY, ["dispatch", "sign"]),
    ("小区绿化带修剪噪音太早", Channel.ONLINE, Level.MINOR, "", Category.GREENING, "JHG", "A-1801", "工程维护部",
     1 * DAY, ["dispatch", "sign", "handle"]),
]
OFFICES = {
    "HYY": {"clerk": "clerk", "supervisor": "supervisor", "manager": "manager"},
    "JHG": {"clerk": "clerk_jhg", "supervisor": "supervisor_jhg", "manager": "manager_jhg"},
}
# The demo letter lay 30 hours before the clerk recorded it: shows "accepted more than 24 hours later".
LETTER_LAY = 30 * HOUR
INVALID = ("市政道路施工噪音扰民", "属市政工程，非管理处管理范围；已向住户解释并提供城管热线")


def _unit(code, label):
    building, number = label.split("-")
    occupancy = (
        Occupancy.objects.current().select_related("resident", "unit__building__estate")
        .filter(unit__building__estate__code=code, unit__building__name=building, unit__number=number).first()
    )
    return occupancy


def _walk(complaint, steps, *, department, received, users):
    at = received
    for step in steps:
        at += HOUR / 6
        if step == "dispatch":
            complaint = services.dispatch_complaint(complaint=complaint, department=department, by=users["clerk"], now=at)
        elif step == "forward":
            target = users["gm"] if complaint.level == Level.MAJOR else users["manager"]
            complaint = services.forward_complaint(complaint=complaint, to=target, by=users["supervisor"], now=at)
        elif step == "sign":
            complaint = services.sign_for_complaint(complaint=complaint, by=department.head, now=at)
        elif step == "handle":
            at += DAY
            complaint = services.record_handling(complaint=complaint, process="现场查看并处理", result="已处理完毕",
                                                 by=department.head, now=at)
        elif step == "inform":
            complaint = services.inform_resident(complaint=complaint, method="phone", by=users["clerk"], now=at)
        elif step == "callback":
            # The callback made due when the resident was told is recorded in the callbacks app.
            callback = Callback.objects.for_source(complaint).open().get()
            record_callback(callback=callback, result=Result.SATISFIED, method=Method.PHONE, person_reached="住户本人",
                            comments="住户表示满意", called_at=at + HOUR, by=users["supervisor"], now=at + HOUR)
    return complaint


def load(stdout):
    from complaints.models import Complaint

    staff = {u.username: u for u in get_user_model().objects.filter(username__in=[*OFFICES["HYY"].values(),
                                                                                   *OFFICES["JHG"].values(), "gm"])}
    if len(staff) < 7:
        stdout.write("  demo users missing: skipped")
        return
    # Each estate's complaints are taken by its own office (issue 14).
    offices = {code: {role: staff[name] for role, name in office.items()} | {"gm": staff["gm"]}
               for code, office in OFFICES.items()}
    now = timezone.now()
    created = 0
    for description, channel, level, criterion, category, code, label, dept_name, age, steps in DEMO:
        if Complaint.objects.filter(description=description).exists():
            continue
        occupancy = _unit(code, label)
        department = Department.objects.filter(name=dept_name).first()
        if occupancy is None or department is None or department.head is None:
            continue
        received = now - age
        users = offices[code]
        complaint = services.register_complaint(
            ComplaintInput(
                channel=channel, description=description, resident=occupancy.resident,
                submitted_at=received - LETTER_LAY if channel == Channel.LETTER else None, unit=occupancy.unit,
                level=level, major_criterion=criterion, category=category, departments=[department],
                demand="请尽快处理并给予答复",
            ),
            by=users["clerk"], now=received,
        )
        _walk(complaint, steps, department=department, received=received, users=users)
        created += 1
    if not Complaint.objects.filter(description=INVALID[0]).exists():
        services.register_complaint(
            ComplaintInput(
                channel=Channel.PHONE, description=INVALID[0], complainant_name="路过市民",
                complainant_phone="13911112222", is_valid=False, invalid_reason=INVALID[1],
                estate=Estate.objects.get(code="HYY"),
            ),
            by=offices["HYY"]["clerk"], now=now - 3 * HOUR,
        )
        created += 1
    stdout.write(f"  {created} complaints")

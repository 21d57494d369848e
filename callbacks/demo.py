"""Demo callbacks in every state of the queue (idempotent: each source is recognised by its text).

The repairs and complaints of the other demos already made some callbacks due; these add an unsatisfied
repair to call back at once, a complaint told yesterday, a resident not reached twice, a promised
answer and a serious problem for the next regular meeting."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from callbacks import services
from callbacks.choices import Method, Result
from callbacks.deadlines import next_meeting_date
from callbacks.models import Callback, CallbackPolicy
from core.channels import Channel
from residents.models import Department, Resident

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _repair(matter, *, resident, engineering, users, verdict, at):
    from requests_app import services as requests
    from requests_app.inputs import HelpRequestInput
    from requests_app.models import Category, HelpRequest

    if (existing := HelpRequest.objects.filter(matter=matter).first()) is not None:
        return existing, False
    hr = requests.register_help_request(
        HelpRequestInput(category=Category.REPAIR, channel=Channel.PHONE, matter=matter, resident=resident,
                         unit=resident.units.first(), department=engineering),
        by=users["clerk"], now=at,
    )
    hr = requests.assign_request(help_request=hr, by=users["clerk"], department=engineering, handler=users["head_eng"],
                                 now=at + HOUR / 6)
    hr = requests.complete_repair(help_request=hr, by=users["head_eng"], work_done="已维修", verdict=verdict,
                                  trial_run_days=0, now=at + HOUR)
    return hr, True


def _told_complaint(description, *, resident, engineering, users, at):
    from complaints import services as complaints
    from complaints.inputs import ComplaintInput
    from complaints.models import Complaint

    if (existing := Complaint.objects.filter(description=description).first()) is not None:
        return existing, False
    complaint = complaints.register_complaint(
        ComplaintInput(channel=Channel.PHONE, description=description, resident=resident, unit=resident.units.first(),
                       level="minor", category="facilities", departments=[engineering]),
        by=users["clerk"], now=at,
    )
    complaint = complaints.dispatch_complaint(complaint=complaint, department=engineering, by=users["clerk"],
                                              now=at + HOUR / 6)
    complaint = complaints.sign_for_complaint(complaint=complaint, by=users["head_eng"], now=at + HOUR / 3)
    complaint = complaints.record_handling(complaint=complaint, result="已更换损坏部件", by=users["head_eng"],
                                           now=at + 2 * HOUR)
    complaint = complaints.inform_resident(complaint=complaint, method="phone", by=users["clerk"], now=at + 3 * HOUR)
    return complaint, True


def load(stdout):
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["clerk", "supervisor", "head_eng"])}
    engineering = Department.objects.filter(kind=Department.Kind.ENGINEERING).first()
    zhang, wang, liu = (Resident.objects.filter(name=name).first() for name in ("张伟", "王芳", "刘洋洋"))
    if len(users) < 3 or engineering is None or engineering.head is None or None in (zhang, wang, liu):
        stdout.write("  demo users or registry missing: skipped")
        return
    now = timezone.now()
    made = 0
    # An unsatisfied repair: called back at once (phone or visit).
    _hr, created = _repair("卫生间地漏返味，维修后仍有异味", resident=wang, engineering=engineering, users=users,
                           verdict="unsatisfied", at=now - 2 * HOUR)
    made += created
    # A complaint told yesterday: due today by the end of calling hours.
    _complaint, created = _told_complaint("楼道声控灯经常不亮", resident=liu, engineering=engineering, users=users,
                                          at=now - DAY - 4 * HOUR)
    made += created
    # A resident not reached twice: the retry is due.
    complaint, created = _told_complaint("单元门门禁刷卡失灵", resident=zhang, engineering=engineering, users=users,
                                         at=now - 3 * DAY)
    if created:
        callback = Callback.objects.for_source(complaint).open().get()
        for hours in (50, 46):
            callback = services.record_callback(callback=callback, result=Result.NOT_REACHED, method=Method.PHONE,
                                                 by=users["clerk"], now=now - hours * HOUR)
        made += 1
    # A question promised an answer, and a serious problem for the next regular meeting.
    hr, created = _repair("阳台排水管堵塞", resident=zhang, engineering=engineering, users=users, verdict="satisfied",
                          at=now - 2 * DAY)
    if created:
        callback = Callback.objects.for_source(hr).open().get()
        meeting = next_meeting_date(timezone.localdate(now), weekday=CallbackPolicy.current().meeting_weekday)
        services.record_callback(
            callback=callback, result=Result.SATISFIED, method=Method.PHONE, person_reached="张伟本人",
            comments="维修及时", question="楼上住户装修是否会再次堵塞排水管", answer_due=now + DAY,
            serious=True, meeting_date=meeting, meeting_problem="3栋排水立管老化，多户反映堵塞，需整体疏通或更换",
            by=users["clerk"], now=now - DAY,
        )
        made += 1
    stdout.write(f"  {made} demo callbacks")

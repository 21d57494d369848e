"""Issue 10: the supervisor's levers on the overdue board, whose move it is, and lateness that stays
visible after a step is done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.choices import Level, MajorCriterion
from core.models import Notification
from core.timeline import timeline_for

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MIN = datetime.timedelta(minutes=1)
BOARD = reverse("complaints:board")


def lever(client, complaint, action, **data):
    payload = {f"{action}-{key}": value for key, value in data.items()} | {"next": BOARD}
    return client.post(reverse("complaints:act", args=[complaint.pk, action]), payload)


def test_the_board_says_whose_move_it_is(client_for, make_complaint, advance, supervisor, department, clerk):
    not_dispatched = make_complaint(now=timezone.now() - 2 * MIN * 60)
    signed = advance(make_complaint(now=timezone.now() - 3 * DAY), "signed", at=timezone.now() - 3 * DAY)
    rows = {c.pk: c for c in client_for(supervisor).get(BOARD).context["page_obj"]}
    assert (str(rows[not_dispatched.pk].whose_team), rows[not_dispatched.pk].whose_person) == ("客服中心", clerk)
    assert (rows[signed.pk].whose_team, rows[signed.pk].whose_person) == ("工程维护部", department.head)


def test_nudging_tells_the_people_of_the_step_again_and_goes_on_the_timeline(
    client_for, make_complaint, advance, supervisor, department
):
    complaint = advance(make_complaint(now=timezone.now() - 3 * DAY), "signed", at=timezone.now() - 3 * DAY)
    response = lever(client_for(supervisor), complaint, "nudge", note="今天下班前处理完")
    assert response.status_code == 302 and response["Location"] == BOARD
    told = Notification.objects.filter(step="handle", key__contains=":nudge:")
    assert department.head.pk in set(told.values_list("recipient", flat=True))
    assert "今天下班前处理完" in told.first().message
    assert timeline_for(complaint).get(action="nudge").note == "今天下班前处理完"


def test_a_note_from_the_board_goes_on_the_timeline(client_for, make_complaint, supervisor, clerk):
    complaint = make_complaint(now=timezone.now() - 2 * DAY)
    lever(client_for(supervisor), complaint, "note", text="已电话联系工程部")
    assert timeline_for(complaint).get(action="note").note == "已电话联系工程部"
    assert lever(client_for(clerk), complaint, "note", text="x").status_code == 403


def test_a_complaint_past_its_month_can_be_escalated_from_the_board(client_for, make_complaint, advance, supervisor):
    old = advance(make_complaint(now=timezone.now() - 33 * DAY), "signed", at=timezone.now() - 33 * DAY)
    young = advance(make_complaint(now=timezone.now() - 3 * DAY), "signed", at=timezone.now() - 3 * DAY)
    client = client_for(supervisor)
    rows = {c.pk: c for c in client.get(BOARD).context["page_obj"]}
    assert rows[old.pk].escalation_now and not rows[young.pk].escalation_now
    lever(client, old, "escalate")
    lever(client, young, "escalate")
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.level, old.major_criterion) == (Level.MAJOR, MajorCriterion.UNRESOLVED_MONTH)
    assert young.level == Level.MINOR


def test_a_step_done_late_stays_late_on_the_detail_page(client_for, make_complaint, clerk, department, now):
    complaint = make_complaint()
    services.dispatch_complaint(complaint=complaint, department=department, by=clerk, now=now + 25 * MIN)
    page = client_for(clerk).get(complaint.get_absolute_url()).content.decode()
    assert "逾期完成" in page and "15分钟" in page

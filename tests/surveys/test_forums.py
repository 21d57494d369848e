"""Owners' forums 业主座谈会记录 (issue 12): recorded by customer service and supervision with follow-up items
(who, by when); a follow-up is marked done; overdue ones are on the supervisor's desk and warned once; a past
year's record is read only but for the managers; each estate sees its own."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import ArchivedError, WorkflowError
from core.models import Notification, TimelineEvent
from core.roles import Role
from surveys.models import OwnersForum
from surveys.selectors.followup import overdue_follow_ups
from surveys.services import forums as services
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import DAY, at

pytestmark = pytest.mark.django_db


def _forum(staff, estate, now, *, held_on=None, follow_ups=None, by=Role.CLERK):
    follow_ups = follow_ups if follow_ups is not None else [
        {"item": "地下车库照明改造方案", "owner": "工程部李强", "due_on": datetime.date(2026, 3, 20)},
        {"item": "公布上半年物业费收支", "owner": "客服中心", "due_on": datetime.date(2026, 4, 15)},
    ]
    return services.record_forum(estate=estate, held_on=held_on or datetime.date(2026, 3, 9), theme="停车管理",
                                 attendees="业主代表12人，业委会主任，管理处经理", minutes="业主反映车位紧张……",
                                 follow_ups=follow_ups, by=staff[by], now=now)


def test_a_forum_is_recorded_with_its_follow_up_items(staff, estate, now):
    forum = _forum(staff, estate, now)
    assert [(f.owner, f.due_on.isoformat()) for f in forum.follow_ups.all()] == [
        ("工程部李强", "2026-03-20"), ("客服中心", "2026-04-15")]
    assert TimelineEvent.objects.filter(object_id=forum.pk, action="follow_up_added").count() == 2


def test_a_forum_is_recorded_once_it_was_held(staff, estate, now):
    with pytest.raises(WorkflowError):
        _forum(staff, estate, now, held_on=datetime.date(2026, 3, 11))


def test_a_follow_up_is_not_due_before_the_forum(staff, estate, now):
    with pytest.raises(WorkflowError):
        _forum(staff, estate, now, follow_ups=[{"item": "x", "owner": "y", "due_on": datetime.date(2026, 3, 1)}])


def test_a_department_head_does_not_write_forums(staff, estate, now):
    with pytest.raises(PermissionDenied):
        _forum(staff, estate, now, by=Role.DEPARTMENT_HEAD)


def test_a_follow_up_is_marked_done_with_what_was_done(staff, estate, now):
    follow_up = _forum(staff, estate, now).follow_ups.first()
    done = services.complete_follow_up(follow_up=follow_up, note="方案已公示", by=staff[Role.SUPERVISOR], now=now + DAY)
    assert (done.done_at, done.done_by, done.done_note) == (now + DAY, staff[Role.SUPERVISOR], "方案已公示")
    with pytest.raises(WorkflowError):
        services.complete_follow_up(follow_up=follow_up, note="again", by=staff[Role.SUPERVISOR], now=now + DAY)


def test_overdue_follow_ups_are_on_the_supervisors_desk_and_warned_once(staff, estate, now):
    forum = _forum(staff, estate, now)
    later = at("2026-03-21 09:00")
    assert [f.item for f in overdue_follow_ups(staff[Role.SUPERVISOR], later)] == ["地下车库照明改造方案"]
    assert overdue_follow_ups(staff[Role.SUPERVISOR], at("2026-03-20 23:00")).count() == 0  # due that day
    assert services.warn_overdue_follow_ups(now=later) == 2  # the supervisor and the clerk who recorded it
    assert services.warn_overdue_follow_ups(now=later) == 0
    assert Notification.objects.filter(recipient=staff[Role.SUPERVISOR], url=forum.get_absolute_url()).exists()


def test_a_past_years_forum_takes_new_follow_ups_only_from_a_manager(staff, estate, now):
    forum = _forum(staff, estate, now, held_on=datetime.date(2025, 12, 28), follow_ups=[])
    entry = {"item": "补充会议纪要", "owner": "客服中心", "due_on": datetime.date(2026, 3, 31)}
    with pytest.raises(ArchivedError):
        services.add_follow_up(forum=forum, **entry, by=staff[Role.SUPERVISOR], now=now)
    services.add_follow_up(forum=forum, **entry, by=staff[Role.MANAGER], now=now)
    # Open work is finished whatever the year.
    services.complete_follow_up(follow_up=forum.follow_ups.get(), note="已补充", by=staff[Role.CLERK], now=now)


# ---- pages ------------------------------------------------------------------------------------------

def test_the_clerk_records_a_forum_with_follow_ups_on_one_page(client_for, staff, estate):
    client = client_for(staff[Role.CLERK])
    assert client.get(reverse("surveys:forum_create")).status_code == 200
    data = {"estate": estate.pk, "held_on": "2026-03-09", "theme": "绿化", "attendees": "业主代表", "minutes": "……",
            "follow_ups-TOTAL_FORMS": "3", "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-0-item": "补种草坪", "follow_ups-0-owner": "绿化组", "follow_ups-0-due_on": "2026-12-20"}
    response = client.post(reverse("surveys:forum_create"), data)
    forum = OwnersForum.objects.get()
    assert response.status_code == 302 and response["Location"] == forum.get_absolute_url()
    assert list(forum.follow_ups.values_list("owner", flat=True)) == ["绿化组"]


def test_follow_ups_are_added_and_marked_done_from_the_forums_page(client_for, staff, estate, now):
    forum = _forum(staff, estate, now, follow_ups=[])
    client = client_for(staff[Role.SUPERVISOR])
    client.post(reverse("surveys:forum_follow_up_add", args=[forum.pk]),
                {"add-item": "公示停车方案", "add-owner": "客服中心", "add-due_on": "2026-12-01"})
    follow_up = forum.follow_ups.get()
    response = client.post(reverse("surveys:follow_up_done", args=[follow_up.pk]), {f"done-{follow_up.pk}-note": "已公示"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_note == "已公示"
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "公示停车方案" in page and "已公示" in page


def test_an_empty_done_note_is_shown_next_to_the_field(client_for, staff, estate, now):
    follow_up = _forum(staff, estate, now).follow_ups.first()
    response = client_for(staff[Role.CLERK]).post(reverse("surveys:follow_up_done", args=[follow_up.pk]), {})
    assert response.status_code == 200 and response.context["rows"][0][1].errors


def test_a_department_head_reads_forums_but_gets_403_on_writing(client_for, staff, estate, now):
    forum = _forum(staff, estate, now)
    client = client_for(staff[Role.DEPARTMENT_HEAD])
    assert client.get(forum.get_absolute_url()).status_code == 200
    assert client.get(reverse("surveys:forum_create")).status_code == 403
    follow_up = forum.follow_ups.first()
    assert client.post(reverse("surveys:follow_up_done", args=[follow_up.pk]), {}).status_code == 403


def test_another_estates_staff_get_404_on_a_forum_and_its_follow_ups(client_for, staff, outsiders, estate, now):
    forum = _forum(staff, estate, now)
    client = client_for(outsiders[Role.SUPERVISOR])
    assert client.get(forum.get_absolute_url()).status_code == 404
    assert client.get(reverse("surveys:forum_print", args=[forum.pk])).status_code == 404
    follow_up = forum.follow_ups.first()
    assert client.post(reverse("surveys:follow_up_done", args=[follow_up.pk]), {}).status_code == 404
    assert forum.theme not in client.get(reverse("surveys:forum_list")).content.decode()


def test_the_forum_list_runs_a_fixed_number_of_queries(client_for, staff, estate, now,
                                                        django_assert_max_num_queries):
    for _n in range(12):
        _forum(staff, estate, now)
    client = client_for(staff[Role.SUPERVISOR])
    client.get(reverse("surveys:forum_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:forum_list"))
    assert len(response.context["page_obj"]) == 12 and response.context["page_obj"][0].open_count == 2


def test_the_printed_record_has_the_minutes_and_follow_ups(client_for, staff, estate, now):
    forum = _forum(staff, estate, now)
    page = client_for(staff[Role.CLERK]).get(reverse("surveys:forum_print", args=[forum.pk])).content.decode()
    assert "业主座谈会记录表" in page and "地下车库照明改造方案" in page



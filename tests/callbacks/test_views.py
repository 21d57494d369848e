"""Through the client: the queue, recording a callback, the source pages, the unit, the meeting list."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from callbacks import selectors, services
from callbacks.choices import Result, SourceKind, Status
from callbacks.models import Callback, CallbackAttempt
from complaints.choices import Status as ComplaintStatus
from core.navigation import nav_items_for
from tests.callbacks.conftest import DAY, HOUR, callback_of, record
from tests.factories import DepartmentFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_now():
    """Pages run on the real clock: records made an hour ago, today (so none is archived)."""
    return timezone.now() - HOUR


def act(client, callback, action, **data):
    return client.post(reverse("callbacks:act", args=[callback.pk, action]),
                       {f"{action}-{key}": value for key, value in data.items()})


def test_the_queue_shows_overdue_due_today_and_upcoming(client_for, clerk, make_told_complaint, make_repair, live_now):
    overdue = callback_of(make_told_complaint(at=live_now - 5 * DAY))
    today = callback_of(make_repair("unsatisfied", at=live_now))  # completed now: due within the hour
    upcoming = callback_of(make_repair("satisfied", trial_run_days=7, at=live_now))
    if timezone.localtime(today.next_due).date() != timezone.localdate():
        pytest.skip("the immediate callback crosses midnight at this hour")
    client = client_for(clerk)
    response = client.get(reverse("callbacks:queue"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [overdue, today, upcoming]
    assert response.context["tab_counts"] == {"all": 3, "overdue": 1, "today": 1, "upcoming": 1}
    html = response.content.decode()
    assert "已逾期" in html and "今日到期" in html and "即将到期" in html and "table-danger" in html
    for when, expected in (("overdue", [overdue]), ("today", [today]), ("upcoming", [upcoming])):
        assert list(client.get(reverse("callbacks:queue"), {"when": when}).context["page_obj"]) == expected


def test_the_queue_filters_by_source_estate_department_and_staff(client_for, supervisor, clerk, make_user,
                                                                 make_told_complaint, make_repair, live_now):
    complaint_callback = callback_of(make_told_complaint(at=live_now))
    repair_callback = callback_of(make_repair(at=live_now))
    other_clerk = make_user("clerk", username="t_clerk_b")
    services.assign_callback(callback=repair_callback, assignee=other_clerk, by=supervisor)
    elsewhere = UnitFactory(building__name="9")
    client = client_for(supervisor)

    def listed(**params):
        return list(client.get(reverse("callbacks:queue"), params).context["page_obj"])

    assert listed(kind=SourceKind.COMPLAINT) == [complaint_callback]
    assert listed(kind=SourceKind.REPAIR) == [repair_callback]
    assert listed(assignee=other_clerk.pk) == [repair_callback]
    assert listed(estate=elsewhere.building.estate.pk) == []
    assert set(listed(department=repair_callback.department_id)) == {complaint_callback, repair_callback}
    assert listed(department=DepartmentFactory(name="保洁部").pk) == []


def test_the_queue_runs_a_fixed_number_of_queries(client_for, clerk, make_told_complaint, live_now,
                                                  django_assert_max_num_queries):
    client = client_for(clerk)
    make_told_complaint(at=live_now)
    client.get(reverse("callbacks:queue"))  # warm the per-user caches
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("callbacks:queue"))
    for _ in range(15):
        make_told_complaint(at=live_now)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("callbacks:queue"))
    assert len(response.context["page_obj"]) == 16


def test_a_department_head_sees_only_callbacks_about_their_departments_work(client_for, department_head, make_user,
                                                                           make_told_complaint, live_now):
    own = callback_of(make_told_complaint(at=live_now))
    other_head = make_user("department_head", username="t_head_b")
    client = client_for(other_head)
    assert list(client.get(reverse("callbacks:queue")).context["page_obj"]) == []
    assert client.get(own.get_absolute_url()).status_code == 404
    response = client_for(department_head).get(own.get_absolute_url())
    assert response.status_code == 200  # reads, does not call back
    assert response.context["record"] is None and response.context["others"] == []


def test_recording_a_callback_closes_the_complaint(client_for, clerk, make_told_complaint, live_now):
    complaint = make_told_complaint(at=live_now - DAY)
    callback = callback_of(complaint)
    client = client_for(clerk)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert callback.number in page and f"{callback.get_absolute_url()}#record" in page  # on the complaint page
    response = act(client, callback, "record", result="very_satisfied", method="phone", person_reached="张伟华本人",
                   comments="很及时")
    assert response.status_code == 302
    callback.refresh_from_db()
    complaint.refresh_from_db()
    assert callback.status == Status.DONE and complaint.status == ComplaintStatus.CLOSED
    assert "回访已记录" in client.get(response["Location"]).content.decode()


def test_bad_input_is_shown_next_to_the_field_in_chinese_and_nothing_is_saved(client_for, clerk, make_told_complaint,
                                                                             live_now):
    callback = callback_of(make_told_complaint(at=live_now - DAY))
    future = (timezone.localtime() + DAY).strftime("%Y-%m-%dT%H:%M")
    response = act(client_for(clerk), callback, "record", result="unsatisfied", method="visit", called_at=future,
                   comments="门口仍有积水", question="何时修好", serious="on")
    assert response.status_code == 200
    form = response.context["record"][1]
    assert form.errors.keys() == {"called_at", "person_reached", "follow_up", "answer_due", "meeting_date",
                                  "meeting_problem"}
    html = response.content.decode()
    assert "回访时间不能晚于现在" in html and "请填写受访人" in html and "请写明住户仍不满意的问题" in html
    assert "门口仍有积水" in html  # what was typed is kept
    callback.refresh_from_db()
    assert callback.status == Status.DUE and not CallbackAttempt.objects.exists()


def test_a_refusal_by_the_source_is_shown_on_the_form(client_for, clerk, make_told_complaint, live_now):
    callback = callback_of(make_told_complaint("important", at=live_now - DAY))
    response = act(client_for(clerk), callback, "record", result="satisfied", method="phone", person_reached="本人")
    assert response.status_code == 200 and "纠正与预防" in response.content.decode()
    callback.refresh_from_db()
    assert callback.status == Status.DUE


def test_the_repair_page_lists_its_callbacks(client_for, clerk, make_repair, live_now):
    repair = make_repair("unsatisfied", at=live_now)
    html = client_for(clerk).get(repair.get_absolute_url()).content.decode()
    assert callback_of(repair).number in html and "记录回访结果" in html


def test_the_unit_lists_every_callback_made_to_it(client_for, supervisor, make_told_complaint, make_repair, unit,
                                                 live_now):
    made = {callback_of(make_told_complaint(at=live_now)), callback_of(make_repair(at=live_now))}
    response = client_for(supervisor).get(reverse("callbacks:unit", args=[unit.pk]))
    assert set(response.context["page_obj"]) == made


def test_the_meeting_list_prints_the_serious_problems_of_one_meeting(client_for, clerk, supervisor,
                                                                     make_told_complaint, live_now):
    meeting = timezone.localdate() + datetime.timedelta(days=3)
    flagged = record(callback_of(make_told_complaint(at=live_now - DAY)), by=clerk, serious=True, meeting_date=meeting,
                     meeting_problem="电梯老化需更换", now=live_now)
    callback_of(make_told_complaint(at=live_now - DAY))  # not flagged
    client = client_for(supervisor)
    response = client.get(reverse("callbacks:meeting"))  # the latest meeting with items by default
    assert response.context["day"] == meeting and list(response.context["items"]) == [flagged]
    html = response.content.decode()
    assert "电梯老化需更换" in html and "window.print()" in html and "A4" in html
    assert client.get(reverse("callbacks:meeting"), {"date": "2026-13-45"}).status_code == 200


def test_navigation_counts_for_each_user(clerk, supervisor, make_user, make_told_complaint, live_now):
    first = callback_of(make_told_complaint(at=live_now - 5 * DAY))
    callback_of(make_told_complaint(at=live_now))
    other = make_user("clerk", username="t_clerk_c")
    services.assign_callback(callback=first, assignee=other, by=supervisor)
    now = timezone.now()
    assert selectors.queue_counts(other, now) == {"overdue": 1, "today": 0, "upcoming": 1, "escalated": 0}
    assert selectors.queue_counts(clerk, now)["overdue"] == 0  # handed to someone else
    assert selectors.queue_counts(supervisor, now)["overdue"] == 1


def test_the_navigation_bar_has_the_callbacks_for_the_roles_that_use_them(clerk, quality, department_head):
    def names(user):
        return {child["name"] for group in nav_items_for(user) for child in (group["children"] or [group])}

    assert {"callbacks:queue", "callbacks:list", "callbacks:meeting"} <= names(clerk)
    assert "callbacks:figures" not in names(clerk)
    assert "callbacks:figures" in names(quality) and "callbacks:queue" not in names(quality)
    assert "callbacks:queue" in names(department_head)


def test_the_detail_page_shows_every_try(client_for, clerk, make_told_complaint, live_now):
    callback = callback_of(make_told_complaint(at=live_now - DAY))
    record(callback, by=clerk, result=Result.NOT_REACHED, now=timezone.now())
    response = client_for(clerk).get(callback.get_absolute_url())
    html = response.content.decode()
    assert "未联系上" in html and "未联系上：待再次回访" in html  # the try and its timeline entry
    assert Callback.objects.get().failed_tries == 1


def test_the_manager_sets_the_office_setting_in_the_admin(client_for, manager, clerk):
    from callbacks.models import CallbackPolicy
    from core.timeline import timeline_for

    manager.is_staff = True
    manager.save()
    policy = CallbackPolicy.current()
    url = reverse("admin:callbacks_callbackpolicy_change", args=[policy.pk])
    client = client_for(manager)
    assert client.get(url).status_code == 200
    form = {"follow_up_working_days": 2, "repair_trial_run_days": 5, "immediate_minutes": 30, "retry_hours": 3,
            "calling_starts": "08:30", "calling_ends": "20:30", "warning_lead_hours": 2, "meeting_weekday": 4}
    bad = client.post(url, form | {"calling_ends": "08:00"})
    assert bad.status_code == 200 and "回访时段的结束时间必须晚于开始时间" in bad.content.decode()
    assert client.post(url, form).status_code == 302
    policy.refresh_from_db()
    assert (policy.repair_trial_run_days, policy.updated_by) == (5, manager)
    assert [event.action for event in timeline_for(policy)] == ["updated"]
    clerk.is_staff = True
    clerk.save()
    assert client_for(clerk).get(url).status_code == 403


def test_the_source_page_never_shows_whom_the_callback_reached_to_a_role_that_sees_no_names(
    client_for, clerk, quality, make_told_complaint, live_now
):
    complaint = make_told_complaint(at=live_now - DAY)
    record(callback_of(complaint), by=clerk, person_reached="张伟华本人", comments="满意", now=timezone.now())
    html = client_for(quality).get(complaint.get_absolute_url()).content.decode()
    assert "回访已记录" in html and "张伟华" not in html and "13812345678" not in html


def test_the_pages_are_chinese_by_default_and_english_on_request(client_for, clerk, make_told_complaint, live_now):
    callback = callback_of(make_told_complaint(at=live_now - DAY))
    client = client_for(clerk)
    assert "记录回访结果" in client.get(callback.get_absolute_url()).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    try:
        html = client.get(callback.get_absolute_url()).content.decode()
        assert "Record the callback" in html and "Person to call" in html
        assert "Callback queue" in client.get(reverse("callbacks:queue")).content.decode()
    finally:
        # The office's language middleware leaves the request's language active in this thread.
        translation.activate(settings.LANGUAGE_CODE)


def test_every_callback_is_on_the_units_history_page(client_for, clerk, make_told_complaint, make_repair, unit,
                                                     live_now):
    complaint_callback = callback_of(make_told_complaint(at=live_now))
    repair_callback = callback_of(make_repair(at=live_now))
    response = client_for(clerk).get(unit.get_absolute_url())
    numbers = [entry.number for entry in response.context["history"]]
    assert complaint_callback.number in numbers and repair_callback.number in numbers
    assert f'href="{repair_callback.get_absolute_url()}"' in response.content.decode()


def test_rows_for_the_role_desks(clerk, supervisor, department_head, make_user, make_told_complaint, make_repair,
                                 live_now):
    from django.template.loader import render_to_string

    late = callback_of(make_told_complaint(at=live_now - 5 * DAY))
    for hour in (1, 2, 3):
        late = record(late, by=clerk, result=Result.NOT_REACHED, now=live_now - 4 * DAY + hour * HOUR)
    upcoming = callback_of(make_repair(at=live_now))  # due in a week
    promised = record(callback_of(make_told_complaint(at=live_now - 2 * DAY)), by=clerk, question="何时开发票",
                      answer_due=timezone.now() + DAY, now=timezone.now())
    now = timezone.now()
    assert list(selectors.desk_to_call(clerk, now)) == []  # the late one is the supervisor's now
    assert list(selectors.desk_to_call(supervisor, now)) == [late]
    assert list(selectors.desk_escalated(supervisor, now)) == [late]
    assert list(selectors.desk_answers_due(clerk, now)) == [promised]
    assert list(selectors.desk_answers_due(make_user("clerk", username="t_clerk_d"), now)) == []
    assert set(selectors.desk_department(department_head, now)) == {late, upcoming, promised}
    html = render_to_string("callbacks/partials/desk_rows.html",
                            {"rows": selectors.desk_escalated(supervisor, now), "now": now})
    assert late.number in html and "转主管" in html


@pytest.mark.parametrize("offset", [-3 * DAY - 5 * HOUR, -datetime.timedelta(minutes=7), datetime.timedelta(0),
                                    datetime.timedelta(minutes=20), 4 * DAY + HOUR, None])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_queues_due_badge_is_cores_deadline_markup(offset, language):
    from django.template import engines

    now = timezone.now()
    due = None if offset is None else now + offset
    engine = engines["django"]
    with translation.override(language):
        core = engine.from_string("{% load core_tags %}{% deadline due now %}").render({"due": due, "now": now})
        ours = engine.from_string("{% load callbacks_tags %}{% due_badge due now %}").render({"due": due, "now": now})
    assert ours == core.rstrip("\n")  # the same markup, without the partial file's closing newline

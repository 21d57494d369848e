"""Rectification pages (issue 12): the list filtered by survey, department and status with the overdue ones
first, in a fixed number of queries; the detail with the progress record, the units to call back and their
callbacks; the steps through the page; the printable record; estate and department scoping."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from callbacks.models import Callback
from core.roles import Role
from surveys.choices import RectificationStatus
from surveys.models import OwnersForum, Rectification, SuggestionSlip
from surveys.services import rectification as services
from tests.factories import DepartmentFactory, UserFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import VS, U, make_survey

pytestmark = pytest.mark.django_db


def _list(client, **params):
    return client.get(reverse("surveys:rectification_list"), params)


def test_the_list_shows_the_overdue_ones_first_then_the_open_ones_then_the_done(client_for, estate, cleaning,
                                                                                 staff, now):
    plans = [make_survey(estate, [{"保洁服务": U, "保安服务": U}], building=str(n)) for n in range(2)]
    late = services.open_rectifications(plan=plans[0], by=staff[Role.SUPERVISOR], now=now)  # due in March 2026
    security, cleaned = services.open_rectifications(plan=plans[1], by=staff[Role.SUPERVISOR], now=timezone.now())
    cleaned = services.complete_rectification(rectification=cleaned, result="已整改", by=staff[Role.DEPARTMENT_HEAD])
    rows = list(_list(client_for(staff[Role.SUPERVISOR])).context["page_obj"])
    assert {r.pk for r in rows[:2]} == {r.pk for r in late} and [r.pk for r in rows[2:]] == [security.pk, cleaned.pk]
    assert [r.rank for r in rows] == [0, 0, 1, 2]


def test_the_list_filters_by_survey_department_and_status(client_for, estate, cleaning, staff, now):
    plans = [make_survey(estate, [{"保洁服务": U, "保安服务": U}], building=str(n)) for n in range(2)]
    for plan in plans:
        services.open_rectifications(plan=plan, by=staff[Role.SUPERVISOR], now=now)
    client = client_for(staff[Role.SUPERVISOR])
    assert {r.plan_id for r in _list(client, plan=plans[0].pk).context["page_obj"]} == {plans[0].pk}
    assert {r.department_id for r in _list(client, department=cleaning.pk).context["page_obj"]} == {cleaning.pk}
    assert len(_list(client, status=RectificationStatus.DONE).context["page_obj"]) == 0
    assert len(_list(client, status=RectificationStatus.OPEN).context["page_obj"]) == 4


def test_the_list_runs_a_fixed_number_of_queries(client_for, estate, cleaning, staff, now,
                                                 django_assert_max_num_queries):
    for n in range(6):
        plan = make_survey(estate, [{"保洁服务": U, "保安服务": U, "车辆管理": U}], building=str(n))
        services.open_rectifications(plan=plan, by=staff[Role.SUPERVISOR], now=now)
    client = client_for(staff[Role.SUPERVISOR])
    _list(client)
    with django_assert_max_num_queries(14):
        response = _list(client)
    assert len(response.context["page_obj"]) == 18


def test_the_detail_shows_the_units_to_call_back_and_their_callbacks(client_for, done, staff):
    response = client_for(staff[Role.SUPERVISOR]).get(done.get_absolute_url())
    units = response.context["units"]
    assert [row["unit"].number for row in units] == ["1201", "1202", "1203"]
    page = response.content.decode()
    for callback in Callback.objects.for_source(done):
        assert callback.number in page


def test_the_detail_runs_a_fixed_number_of_queries(client_for, done, staff, django_assert_max_num_queries):
    client = client_for(staff[Role.SUPERVISOR])
    client.get(done.get_absolute_url())
    with django_assert_max_num_queries(30):
        client.get(done.get_absolute_url())


def test_the_department_head_records_progress_and_reports_it_done_from_the_page(client_for, rectification, staff):
    client = client_for(staff[Role.DEPARTMENT_HEAD])
    url = rectification.get_absolute_url()
    assert {a.name for a, _form in client.get(url).context["actions"]} == {"progress", "complete"}
    act = lambda name: reverse("surveys:rectification_act", args=[rectification.pk, name])  # noqa: E731
    assert client.post(act("progress"), {"progress-note": "已增派人手"}).status_code == 302
    assert client.post(act("complete"), {"complete-result": "楼道每日两次保洁"}).status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.DONE
    assert Callback.objects.for_source(rectification).count() == 3


def test_a_step_with_bad_input_shows_the_error_next_to_the_field(client_for, rectification, staff):
    response = client_for(staff[Role.SUPERVISOR]).post(
        reverse("surveys:rectification_act", args=[rectification.pk, "plan"]),
        {"plan-measure": "x", "plan-department": "", "plan-due_on": "2026-13-40"})
    assert response.status_code == 200
    assert next(form for action, form in response.context["actions"] if action.name == "plan").errors


def test_a_step_the_role_may_not_take_is_403(client_for, rectification, staff):
    url = reverse("surveys:rectification_act", args=[rectification.pk, "complete"])
    assert client_for(staff[Role.CLERK]).post(url, {"complete-result": "x"}).status_code == 403


def test_a_department_head_sees_only_his_departments_rectifications(client_for, rectification, estate, staff):
    other = UserFactory(role=Role.DEPARTMENT_HEAD, username="f_sec_head", estates=[estate])
    DepartmentFactory(name="保安部", estate=estate, head=other)
    client = client_for(other)
    assert client.get(rectification.get_absolute_url()).status_code == 404
    assert rectification.number not in _list(client).content.decode()
    assert rectification.number in _list(client_for(staff[Role.DEPARTMENT_HEAD])).content.decode()


def test_another_estates_staff_get_404_on_a_rectification(client_for, rectification, outsiders):
    for role in (Role.CLERK, Role.SUPERVISOR, Role.MANAGER, Role.DEPARTMENT_HEAD):
        client = client_for(outsiders[role])
        assert client.get(rectification.get_absolute_url()).status_code == 404, role
        assert client.get(reverse("surveys:rectification_print", args=[rectification.pk])).status_code == 404
        assert client.post(reverse("surveys:rectification_act", args=[rectification.pk, "progress"]),
                           {"progress-note": "x"}).status_code == 404
    assert client_for(outsiders[Role.GENERAL_MANAGER]).get(rectification.get_absolute_url()).status_code == 200


def test_the_printed_record_has_the_progress_and_the_callbacks(client_for, rectification, staff, now):
    services.record_progress(rectification=rectification, note="已增派两名保洁员", by=staff[Role.SUPERVISOR], now=now)
    done = services.complete_rectification(rectification=rectification, result="增加保洁频次",
                                           by=staff[Role.DEPARTMENT_HEAD], now=now)
    page = client_for(staff[Role.CLERK]).get(reverse("surveys:rectification_print", args=[done.pk])).content.decode()
    assert "整改措施落实情况记录" in page and "已增派两名保洁员" in page and "增加保洁频次" in page and "1203" in page


def test_the_desks_show_open_rectifications(client_for, rectification, staff):
    for role, key in ((Role.DEPARTMENT_HEAD, "surveys_rectifications_department"),
                      (Role.SUPERVISOR, "surveys_rectifications")):
        panels = {panel.key: rows for panel, rows, _count in client_for(staff[role]).get(reverse("home")).context["panels"]}
        assert panels[key] == [rectification], role


def test_no_query_parameter_breaks_the_list(client_for, rectification, staff):
    client = client_for(staff[Role.SUPERVISOR])
    for junk in ["abc", "-1", "9999-12-31", "'\"<x>", "\x00", "99999999999999999999"]:
        params = {name: junk for name in ("plan", "department", "status", "estate", "page")}
        assert _list(client, **params).status_code == 200


def test_the_admin_changes_and_deletes_nothing(staff):
    request = RequestFactory().get("/")
    request.user = UserFactory(username="f_root", is_superuser=True, is_staff=True)
    for model in (Rectification, OwnersForum, SuggestionSlip):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_delete_permission(request) and not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)


def test_survey_items_rated_satisfied_make_no_rectification(estate, cleaning, staff, now):
    assert services.open_rectifications(plan=make_survey(estate, [{"保洁服务": VS}]), by=staff[Role.SUPERVISOR],
                                        now=now) == []

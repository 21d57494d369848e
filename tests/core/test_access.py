"""Who may open what, for EVERY url of the project: the matrix is checked against the URL resolver, so
a new page with no row here fails the test. Also: no query parameter breaks a page, and no export or
print view shows a phone number to a role that may not see it (SPEC §2)."""

import io
import re

import pytest
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from callbacks.filters import CallbackFilter, QueueFilter
from callbacks.forms import MeetingDateForm
from complaints.filters import BoardFilter, ComplaintFilter
from core.forms import PeriodForm
from core.models import Notification
from core.roles import Role
from requests_app.filters import HelpRequestFilter
from requests_app.forms import DateRangeForm, FiguresForm
from residents.filters import ResidentFilter, UnitFilter
from tests.factories import UserFactory
from tests.surveys import access_followup as surveys_followup

pytestmark = pytest.mark.django_db

CLERK, HEAD, SUPERVISOR, MANAGER = Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER
VGM, GM, QUALITY = Role.VICE_GENERAL_MANAGER, Role.GENERAL_MANAGER, Role.QUALITY
ALL = frozenset(Role)
DESK = frozenset({CLERK, SUPERVISOR, MANAGER, GM})
MANAGEMENT = frozenset({MANAGER, GM})
SUPERVISION = frozenset({SUPERVISOR, MANAGER, GM})
# SPEC §2: who may see residents' personal details — and so open files on records (a letter carries them).
PERSONAL = ALL - {QUALITY}
ANY = "any logged-in user, with or without a role"
PUBLIC = "open without login (Django's own account pages)"

# url name -> (who may, method, the object the url is about)
MATRIX = {
    "login": (PUBLIC, "get", None),
    "logout": (ANY, "post", None),
    "password_change": (ANY, "get", None),
    "password_change_done": (ANY, "get", None),
    "password_reset": (PUBLIC, "get", None),
    "password_reset_done": (PUBLIC, "get", None),
    "password_reset_confirm": (PUBLIC, "skip", None),
    "password_reset_complete": (PUBLIC, "get", None),
    "set_language": (PUBLIC, "post", None),
    "home": (ANY, "get", None),
    "start": (ANY, "get", None),
    "notifications": (ANY, "get", None),
    "notifications_read_all": (ANY, "post", None),
    "notification_open": (ANY, "post", "own notification"),
    "notifications_live": (ANY, "get", None),
    "todo": (ANY, "get", None),
    "desk_panel": (frozenset({CLERK, SUPERVISOR}), "get", "key time_limits"),
    "healthz": (PUBLIC, "get", None),
    "locked_logins": (MANAGEMENT, "get", None),
    "unlock_login": (MANAGEMENT, "post", "attempt"),
    "download_status": (SUPERVISION | {VGM}, "get", "download"),
    "download_file": (SUPERVISION | {VGM}, "get", "download"),
    "residents:lookup": (ALL, "get", None),
    "residents:unit_list": (ALL, "get", None),
    "residents:unit_create": (DESK, "get", None),
    "residents:unit_detail": (ALL, "get", "unit"),
    "residents:unit_update": (DESK, "get", "unit"),
    "residents:estate_list": (ALL, "get", None),
    "residents:estate_create": (MANAGEMENT, "get", None),
    "residents:estate_update": (MANAGEMENT, "get", "estate"),
    "residents:building_create": (DESK, "get", None),
    "residents:building_update": (DESK, "get", "building"),
    "residents:resident_list": (ALL, "get", None),
    "residents:resident_create": (DESK, "get", None),
    "residents:resident_detail": (ALL, "get", "resident"),
    "residents:resident_update": (DESK, "get", "resident"),
    "residents:resident_move_in": (DESK, "get", "resident"),
    "residents:occupancy_move_out": (DESK, "get", "occupancy"),
    "residents:department_list": (ALL, "get", None),
    "residents:department_create": (MANAGEMENT, "get", None),
    "residents:department_update": (MANAGEMENT, "get", "department"),
    "residents:access_log": (MANAGEMENT, "get", None),
    "residents:import": (SUPERVISION, "get", None),
    "residents:import_template": (SUPERVISION, "get", None),
    "residents:export": (MANAGEMENT, "get", None),
    "requests_app:list": (ALL, "get", None),
    "requests_app:create": (DESK, "get", None),
    "requests_app:detail": (ALL, "get", "help_request"),
    "requests_app:action": (DESK, "post", "help_request refer"),
    "requests_app:repair_order_print": (ALL, "get", "repair"),
    "requests_app:supervisor": (SUPERVISION, "get", None),
    "requests_app:register": (DESK | {QUALITY}, "get", None),
    "requests_app:register_xlsx": (DESK | {QUALITY}, "get", None),
    "requests_app:log": (DESK | {QUALITY}, "get", None),
    "requests_app:figures": (SUPERVISION, "get", None),
    "complaints:list": (ALL, "get", None),
    "complaints:create": (frozenset({CLERK, SUPERVISOR}), "get", None),
    "complaints:board": (SUPERVISION, "get", None),
    "complaints:policy": (MANAGEMENT, "get", None),
    "complaints:detail": (ALL, "get", "complaint"),
    "complaints:act": (frozenset({HEAD}), "post", "complaint sign"),
    "complaints:print_form": (ALL, "get", "complaint"),
    "complaints:print_register": (SUPERVISION | {CLERK, VGM, QUALITY}, "get", None),
    "complaints:statistics": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "complaints:statistics_export": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "complaints:recurring": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "reports:list": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "reports:open": (frozenset({SUPERVISOR}), "post", None),
    "reports:compare": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "reports:detail": (SUPERVISION | {VGM, QUALITY}, "get", "report"),
    "reports:act": (frozenset({SUPERVISOR}), "post", "report edit"),
    "reports:print": (SUPERVISION | {VGM, QUALITY}, "get", "report"),
    "reports:export": (SUPERVISION | {VGM, QUALITY}, "get", "report"),
    "reports:item_detail": (SUPERVISION | {VGM, QUALITY, HEAD}, "get", "action_item"),
    "reports:item_act": (frozenset({SUPERVISOR, HEAD}), "post", "action_item complete"),
    "attachment_download": (PERSONAL, "get", "attachment"),
    "attachment_thumbnail": (PERSONAL, "get", "attachment"),
    "attachment_withdraw": (MANAGEMENT, "post", "attachment"),
    "callbacks:queue": (SUPERVISION | {CLERK, HEAD, VGM}, "get", None),
    "callbacks:list": (SUPERVISION | {CLERK, HEAD, VGM}, "get", None),
    "callbacks:detail": (SUPERVISION | {CLERK, HEAD, VGM}, "get", "callback"),
    "callbacks:act": (frozenset({CLERK, SUPERVISOR, MANAGER}), "post", "callback record"),
    "callbacks:unit": (SUPERVISION | {CLERK, HEAD, VGM}, "get", "unit"),
    "callbacks:meeting": (SUPERVISION | {CLERK, HEAD, VGM}, "get", None),
    "callbacks:figures": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "callbacks:figures_export": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "surveys:results_overview": (SUPERVISION | {VGM, QUALITY}, "get", None),
    "surveys:results": (ALL, "get", "survey_results"),
    "surveys:results_opinions": (ALL, "get", "survey_results"),
    "surveys:results_workbook": (ALL, "get", "survey_results"),
    "surveys:results_notice": (ALL, "get", "survey_results"),
    # surveys (issue 12): plans, printed forms, returned forms, questionnaires, the residents' answer page
    "surveys:plan_list": (ALL, "get", None),
    "surveys:plan_create": (frozenset({CLERK, SUPERVISOR}), "get", None),
    "surveys:plan_detail": (ALL, "get", "survey_plan"),
    "surveys:plan_update": (frozenset({CLERK, SUPERVISOR}), "get", "survey_plan"),
    "surveys:plan_act": (frozenset({CLERK, SUPERVISOR}), "post", "survey_plan submit"),
    "surveys:plan_forms": (ALL, "get", "survey"),
    "surveys:plan_print": (ALL, "get", "survey"),
    "surveys:entry": (DESK, "get", "survey"),
    "surveys:entry_check": (DESK, "get", "survey"),
    "surveys:entry_start": (DESK, "get", None),
    "surveys:form_detail": (ALL, "get", "survey_form"),
    "surveys:form_print": (ALL, "get", "survey_form"),
    "surveys:form_correct": (DESK, "get", "returned_form"),
    "surveys:questionnaire_list": (ALL, "get", None),
    "surveys:questionnaire_detail": (ALL, "get", "questionnaire"),
    "surveys:answer": (PUBLIC, "get", None),
}
MATRIX |= surveys_followup.MATRIX


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # Django's admin has its own permission checks (tested below)
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        else:
            yield namespace + pattern.name


def test_every_url_has_a_row_in_the_access_matrix():
    assert set(url_names()) == set(MATRIX)


def _url(name, about, objects, user):
    if about is None:
        return reverse(name)
    if about == "own notification":
        [notice] = Notification.objects.filter(recipient=user)[:1] or [
            Notification.objects.create(recipient=user, message="x", url="/")
        ]
        return reverse(name, args=[notice.pk])
    kind, _space, action = about.partition(" ")
    if kind == "key":
        return reverse(name, args=[action])
    args = [objects[kind].pk, action] if action else [objects[kind].pk]
    return reverse(name, args=args)


@pytest.mark.parametrize("role", [*Role, None], ids=lambda role: str(role or "no role"))
def test_each_role_opens_what_it_may_and_gets_403_elsewhere(client, office, role):
    users, objects = office
    user = users[role]
    client.force_login(user)
    for name, (allowed, method, about) in MATRIX.items():
        if method == "skip" or allowed == PUBLIC or name == "logout":
            continue
        url = _url(name, about, objects, user)
        response = getattr(client, method)(url)
        may = allowed == ANY or role in allowed
        if may:
            assert response.status_code in (200, 302), (role, name, response.status_code)
        else:
            assert response.status_code == 403, (role, name, response.status_code)


JUNK = ["abc", "-1", "0001-01-01", "9999-12-31", "99999999999999999999", "'\"<x>", "\x00", "2026-13", "1.5"]
LIST_PARAMS = sorted(
    {"q", "page", "resident", "unit", "month", "year", "kind", "half", "start", "end", "when"}
    | {name for filterset in (HelpRequestFilter, BoardFilter, ComplaintFilter, UnitFilter, ResidentFilter,
                              QueueFilter, CallbackFilter)
       for name in filterset.base_filters}
    | {name for form in (PeriodForm, DateRangeForm, FiguresForm, MeetingDateForm) for name in form.base_fields}
    | {"received_min", "received_max", "received_after", "received_before"}
)


FILTERED_PAGES = {
    "requests_app:list", "requests_app:register", "requests_app:log", "requests_app:figures", "complaints:list",
    "complaints:board", "complaints:statistics", "complaints:print_register", "complaints:recurring",
    "reports:list", "reports:compare", "residents:unit_list", "residents:resident_list",
    "residents:access_log", "residents:lookup", "requests_app:create", "complaints:create", "callbacks:queue",
    "callbacks:list", "callbacks:meeting", "callbacks:figures", "callbacks:figures_export", "callbacks:unit",
}


def test_no_query_parameter_breaks_any_page(client, office):
    """Issue 9: junk in every filter of every list (and in every parameter of any other page) is never a 500."""
    users, objects = office
    superuser = UserFactory(username="m_root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    for name, (allowed, method, about) in MATRIX.items():
        if method != "get" or allowed == PUBLIC:
            continue
        url = _url(name, about, objects, superuser)
        for param in LIST_PARAMS if name in FILTERED_PAGES else ():
            response = client.get(url, {param: "abc"})
            assert response.status_code < 500, (name, param)
        for junk in JUNK:
            response = client.get(url, {param: junk for param in LIST_PARAMS})
            assert response.status_code < 500, (name, junk)


PHONE = re.compile(r"1\d{10}")
EXPORTS_AND_PRINTS = [
    "requests_app:register", "requests_app:register_xlsx", "requests_app:log", "complaints:print_register",
    "complaints:statistics_export", "complaints:print_form", "complaints:detail", "complaints:list",
    "reports:export", "reports:print", "reports:detail",
    "complaints:board", "requests_app:list", "requests_app:detail", "requests_app:supervisor", "residents:lookup",
    "requests_app:repair_order_print",
    "residents:resident_list", "residents:resident_detail", "residents:unit_detail", "callbacks:queue",
    "callbacks:list", "callbacks:detail", "callbacks:unit", "callbacks:meeting", "callbacks:figures_export",
    "surveys:results", "surveys:results_opinions", "surveys:results_workbook", "surveys:results_notice",
]
PRIVILEGED = frozenset({CLERK, HEAD, SUPERVISOR, MANAGER, VGM, GM})


def _text(response):
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.content.decode()


@pytest.mark.parametrize("role", [*Role], ids=str)
def test_no_page_export_or_print_shows_a_phone_to_a_role_that_may_not_see_it(client, office, role):
    users, objects = office
    client.force_login(users[role])
    for name in EXPORTS_AND_PRINTS:
        allowed, _method, about = MATRIX[name]
        if role not in allowed:
            continue
        params = {"q": "张"} if name == "residents:lookup" else {}
        response = client.get(_url(name, about, objects, users[role]), params)
        if response.status_code == 404:  # a department head sees only their own department's records
            continue
        text = _text(response)
        if role in PRIVILEGED:
            continue
        assert not PHONE.search(text), (role, name)
        assert "张伟华" not in text, (role, name)


@pytest.mark.parametrize("role", [*Role], ids=str)
def test_the_admin_shows_personal_data_only_to_roles_that_may_see_it(client, office, role):
    users, objects = office
    user = users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    for model in ("residents/resident", "requests_app/helprequest", "complaints/complaint", "callbacks/callback"):
        response = client.get(f"/admin/{model}/")
        if response.status_code != 200:
            continue
        assert role in PRIVILEGED, (role, model)

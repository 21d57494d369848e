from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.desk import DeskPanel
from core.navigation import NavItem
from core.records import StartAction
from core.roles import ALL_ROLES, SUPERVISION_ROLES, Role
from requests_app.roles import DESK_ROLES, FIGURES_ROLES, REGISTER_ROLES, SIGN_OFF_ROLES

ROWS = "requests_app/partials/desk_rows.html"


def _panel(key, title, roles, **kwargs):
    return DeskPanel(key, title, frozenset(roles), f"requests_app.selectors.desk_{key}", ROWS, **kwargs)


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Help requests")
    periodic_jobs = ["requests_app.services.warn_due"]
    unit_history = "requests_app.selectors.unit_history"
    start_actions = [StartAction(_("Log a help request"), "requests_app:create", DESK_ROLES)]
    desk_panels = [
        _panel("time_limits", _("Help requests with a running time limit"), {Role.CLERK, Role.SUPERVISOR},
               link="requests_app:list"),
        _panel("referred", _("Help requests referred to you"), {Role.SUPERVISOR}),
        _panel("written_replies", _("Written inquiries awaiting your reply"), SIGN_OFF_ROLES),
        _panel("department_requests", _("Help requests for your department"), {Role.DEPARTMENT_HEAD}),
        _panel("today", _("Today's calls and visits"), {Role.CLERK}, link="requests_app:log", todo=False),
        _panel("sign_off", _("Closed, awaiting your sign-off"), SIGN_OFF_ROLES, todo=False),
        _panel("unsigned_archive", _("Past years' records without sign-off"), {Role.QUALITY}, todo=False),
    ]
    nav_items = [
        NavItem(_("Help requests"), "requests_app:list", ALL_ROLES, order=10),
        NavItem(_("New help request"), "requests_app:create", DESK_ROLES, order=11),
        NavItem(_("Supervisor desk"), "requests_app:supervisor", SUPERVISION_ROLES, order=12),
        NavItem(_("Help requests register"), "requests_app:register", REGISTER_ROLES, order=13),
        NavItem(_("Calls and visits log"), "requests_app:log", REGISTER_ROLES, order=14),
        NavItem(_("Staff figures"), "requests_app:figures", FIGURES_ROLES, order=15),
    ]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from callbacks.permissions import FIGURES_ROLES, QUEUE_ROLES
from core.desk import DeskPanel
from core.navigation import NavItem
from core.roles import Role

ROWS = "callbacks/partials/desk_rows.html"


def _panel(key, title, roles, **kwargs):
    return DeskPanel(f"callbacks_{key}", title, frozenset(roles), f"callbacks.selectors.desk_{key}", ROWS, **kwargs)


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")
    # core.jobs: the warnings before a callback or a promised answer falls due, and once overdue.
    periodic_jobs = ["callbacks.services.warn_due_callbacks"]
    # core.records: every callback made to a unit is on the unit's history page.
    unit_history = "callbacks.selectors.unit_history"
    desk_panels = [
        _panel("to_call", _("Callbacks to make today"), {Role.CLERK, Role.SUPERVISOR}, link="callbacks:queue"),
        _panel("escalated", _("Callbacks not reached three times"), {Role.SUPERVISOR}, link="callbacks:queue"),
        _panel("answers_due", _("Answers promised to residents"), {Role.CLERK, Role.SUPERVISOR}),
        _panel("department", _("Callbacks about your department's work"), {Role.DEPARTMENT_HEAD}, todo=False),
    ]
    nav_items = [
        NavItem(_("Callback queue"), "callbacks:queue", QUEUE_ROLES, 40),
        NavItem(_("All callbacks"), "callbacks:list", QUEUE_ROLES, 41),
        NavItem(_("Regular meeting items"), "callbacks:meeting", QUEUE_ROLES, 42),
        NavItem(_("Callback figures"), "callbacks:figures", FIGURES_ROLES, 43),
    ]

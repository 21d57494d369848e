from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from callbacks.permissions import FIGURES_ROLES, QUEUE_ROLES
from core.navigation import NavItem


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")
    # core.jobs: the warnings before a callback or a promised answer falls due, and once overdue.
    periodic_jobs = ["callbacks.services.warn_due_callbacks"]
    # core.records: every callback made to a unit is on the unit's history page.
    unit_history = "callbacks.selectors.unit_history"
    nav_items = [
        NavItem(_("Callback queue"), "callbacks:queue", QUEUE_ROLES, 40),
        NavItem(_("All callbacks"), "callbacks:list", QUEUE_ROLES, 41),
        NavItem(_("Regular meeting items"), "callbacks:meeting", QUEUE_ROLES, 42),
        NavItem(_("Callback figures"), "callbacks:figures", FIGURES_ROLES, 43),
    ]

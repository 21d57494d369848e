from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.roles import ALL_ROLES, SUPERVISION_ROLES
from requests_app.roles import DESK_ROLES, FIGURES_ROLES, REGISTER_ROLES


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Help requests")
    periodic_jobs = ["requests_app.services.warn_due"]
    nav_items = [
        NavItem(_("Help requests"), "requests_app:list", ALL_ROLES, order=10),
        NavItem(_("New help request"), "requests_app:create", DESK_ROLES, order=11),
        NavItem(_("Supervisor desk"), "requests_app:supervisor", SUPERVISION_ROLES, order=12),
        NavItem(_("Help requests register"), "requests_app:register", REGISTER_ROLES, order=13),
        NavItem(_("Calls and visits log"), "requests_app:log", REGISTER_ROLES, order=14),
        NavItem(_("Staff figures"), "requests_app:figures", FIGURES_ROLES, order=15),
    ]

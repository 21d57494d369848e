from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.roles import ALL_ROLES


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Registry")
    nav_items = [NavItem(_("Registry"), "residents:unit_list", ALL_ROLES, order=80)]
    # Issue 14: an uploaded registry file nobody confirmed is deleted when it expires.
    periodic_jobs = ["residents.uploads.purge_expired_uploads"]

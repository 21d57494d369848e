"""What this area of the surveys app adds to the shared registries (read by surveys.apps).
Import nothing that loads models here: the app registry is not ready when apps.py reads this."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.roles import OVERSIGHT_ROLES, SUPERVISION_ROLES

# Every estate's latest survey side by side: the supervisors and managers of their own estates, the
# general manager, the vice general manager and quality across all of them (SPEC §1, §5).
OVERVIEW_ROLES = SUPERVISION_ROLES | OVERSIGHT_ROLES

NAV_ITEMS = [NavItem(_("Survey results"), "surveys:results_overview", OVERVIEW_ROLES, 55)]
PERIODIC_JOBS = []
DESK_PANELS = []
CALLBACK_SOURCES = []

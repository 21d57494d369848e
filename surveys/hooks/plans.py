"""What this area of the surveys app adds to the shared registries (read by surveys.apps).
Import nothing that loads models here: the app registry is not ready when apps.py reads this."""

from django.utils.translation import gettext_lazy as _

from core.desk import DeskPanel
from core.navigation import NavItem
from core.roles import MANAGEMENT_ROLES, Role
from surveys.permissions import (
    APPROVE_ROLES,
    CONFIRM_ROLES,
    DRAFT_ROLES,
    ENTRY_ROLES,
    READ_ROLES,
    REVIEW_ROLES,
)

ROWS = "surveys/plans/partials/desk_rows.html"


def _panel(key, title, roles, **kwargs):
    return DeskPanel(f"surveys_{key}", title, frozenset(roles), f"surveys.selectors.plans.desk_{key}", ROWS,
                     link="surveys:plan_list", **kwargs)


NAV_ITEMS = [
    NavItem(_("Survey plans"), "surveys:plan_list", READ_ROLES, 50),
    NavItem(_("Enter returned survey forms"), "surveys:entry_start", ENTRY_ROLES | MANAGEMENT_ROLES, 51),
    NavItem(_("Questionnaires"), "surveys:questionnaire_list", READ_ROLES, 58),
]
# core.jobs: the end of each collection period, and the warnings before the collection ends and the results
# are due (and once overdue).
PERIODIC_JOBS = ["surveys.services.plans.warn_due_plans"]
DESK_PANELS = [
    _panel("awaiting_approval", _("Survey plans waiting for your approval"),
           CONFIRM_ROLES | REVIEW_ROLES | APPROVE_ROLES),
    _panel("to_prepare", _("Survey plans to finish or start"), DRAFT_ROLES),
    _panel("to_close", _("Surveys to close"), {Role.SUPERVISOR, Role.MANAGER}),
    _panel("collecting", _("Surveys collecting forms"), ENTRY_ROLES | {Role.MANAGER}, todo=False),
]
CALLBACK_SOURCES = []
# core.records: the survey forms a unit returned are on the unit's history page.
UNIT_HISTORY = "surveys.selectors.plans.unit_history"

"""What this area of the surveys app adds to the shared registries (read by surveys.apps): rectification,
owners' forums and the suggestion box.
Import nothing that loads models here: the app registry is not ready when apps.py reads this."""

from django.utils.translation import gettext_lazy as _

from callbacks.choices import SourceKind
from callbacks.sources import CallbackSource
from core.desk import DeskPanel
from core.navigation import NavItem
from core.roles import Role
from surveys.permissions_followup import FORUM_READ_ROLES, RECTIFICATION_READ_ROLES, SLIP_READ_ROLES

SELECTORS = "surveys.selectors.followup"

NAV_ITEMS = [
    NavItem(_("Rectifications"), "surveys:rectification_list", RECTIFICATION_READ_ROLES, 70),
    NavItem(_("Suggestion box"), "surveys:slip_list", SLIP_READ_ROLES, 71),
    NavItem(_("Owners' forums"), "surveys:forum_list", FORUM_READ_ROLES, 72),
]

# core.jobs: warnings before a rectification or a slip's sorting falls due and once overdue; a forum's
# follow-up once overdue.
PERIODIC_JOBS = [
    "surveys.services.rectification.warn_due_rectifications",
    "surveys.services.slips.warn_due_slips",
    "surveys.services.forums.warn_overdue_follow_ups",
]

DESK_PANELS = [
    DeskPanel("surveys_rectifications_department", _("Rectifications for your department"),
              frozenset({Role.DEPARTMENT_HEAD}), f"{SELECTORS}.desk_department_rectifications",
              "surveys/rectification/desk_rows.html", link="surveys:rectification_list"),
    DeskPanel("surveys_rectifications", _("Rectifications in progress"), frozenset({Role.SUPERVISOR}),
              f"{SELECTORS}.desk_rectifications", "surveys/rectification/desk_rows.html",
              link="surveys:rectification_list", todo=False),
    DeskPanel("surveys_slips_to_sort", _("Suggestion slips to sort"), frozenset({Role.CLERK, Role.SUPERVISOR}),
              f"{SELECTORS}.desk_slips_to_sort", "surveys/slips/desk_rows.html", link="surveys:slip_list"),
    DeskPanel("surveys_forum_follow_ups", _("Owners' forum follow-ups overdue"), frozenset({Role.SUPERVISOR}),
              f"{SELECTORS}.overdue_follow_ups", "surveys/forums/desk_rows.html", link="surveys:forum_list"),
]

# callbacks.sources: a rectification's callback that finds the resident still unsatisfied reopens it; a
# suggestion's callback only closes the matter.
CALLBACK_SOURCES = [
    CallbackSource(SourceKind.RECTIFICATION, "surveys:rectification_detail",
                   unsatisfied="surveys.services.rectification.reopen_rectification"),
    CallbackSource(SourceKind.SUGGESTION, "surveys:slip_detail"),
]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.desk import DeskPanel
from core.navigation import NavItem
from core.records import StartAction
from core.roles import Role

ROWS = "complaints/partials/desk_rows.html"
FIGURES = "complaints/partials/desk_figures.html"
COUNTS = "complaints/partials/desk_department_counts.html"


def _panel(key, title, roles, template=ROWS, **kwargs):
    return DeskPanel(f"complaints_{key}", title, frozenset(roles), f"complaints.selectors.desk_{key}", template, **kwargs)


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")
    unit_history = "complaints.selectors.unit_history"

    def ready(self):
        # Imported here: the permission sets live with the views that enforce them.
        from complaints.permissions import BOARD_ROLES, LIST_ROLES, RECEPTION_ROLES, STATISTICS_ROLES

        self.start_actions = [StartAction(_("Log a complaint"), "complaints:create", RECEPTION_ROLES)]
        self.desk_panels = [
            _panel("to_dispatch", _("Complaints to grade and dispatch"), RECEPTION_ROLES, link="complaints:list"),
            _panel("to_sign", _("Complaints to sign for"), {Role.DEPARTMENT_HEAD}),
            _panel("to_handle", _("Complaints to handle"), {Role.DEPARTMENT_HEAD}),
            _panel("overdue", _("Overdue complaints"), {Role.SUPERVISOR, Role.MANAGER}, link="complaints:board"),
            _panel("extensions_to_approve", _("Extensions awaiting your approval"),
                   {Role.MANAGER, Role.GENERAL_MANAGER}),
            _panel("forwarded_to_me", _("Complaints forwarded to you"), {Role.MANAGER, Role.GENERAL_MANAGER}),
            _panel("major_open", _("Major complaints not yet closed"), {Role.GENERAL_MANAGER}),
            _panel("my_extension_requests", _("Your extension requests"), {Role.DEPARTMENT_HEAD}, todo=False),
            _panel("month_figures", _("This month's complaints"), {Role.MANAGER}, template=FIGURES, todo=False,
                   link="complaints:statistics"),
            _panel("overdue_by_department", _("Overdue complaints by department"), {Role.QUALITY},
                   template=COUNTS, todo=False, link="complaints:statistics"),
        ]
        self.nav_items = [
            NavItem(_("Complaints"), "complaints:list", LIST_ROLES, 30),
            NavItem(_("Overdue board"), "complaints:board", BOARD_ROLES, 31),
            NavItem(_("Complaint statistics"), "complaints:statistics", STATISTICS_ROLES, 32),
        ]

    # core.jobs: escalate first, so an escalated complaint's new steps are warned in the same run.
    periodic_jobs = ["complaints.services.escalate_due_complaints", "complaints.services.warn_due_complaints"]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.roles import Role


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Imported here: the permission sets live with the views that enforce them.
        from complaints.permissions import BOARD_ROLES, LIST_ROLES, STATISTICS_ROLES

        self.nav_items = [
            NavItem(_("Complaints"), "complaints:list", LIST_ROLES, 30),
            NavItem(_("Overdue board"), "complaints:board", BOARD_ROLES, 31),
            NavItem(_("Complaint statistics"), "complaints:statistics", STATISTICS_ROLES, 32),
        ]

    start_pages = {Role.SUPERVISOR: "complaints:board"}
    # core.jobs: escalate first, so an escalated complaint's new steps are warned in the same run.
    periodic_jobs = ["complaints.services.escalate_due_complaints", "complaints.services.warn_due_complaints"]

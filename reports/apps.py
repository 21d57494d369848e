from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.desk import DeskPanel
from core.navigation import NavItem
from core.roles import Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Complaint reports")
    # core.jobs: open last month's reports first, so the new ones are warned in the same run.
    periodic_jobs = ["reports.services.open_due_reports", "reports.services.warn_due_reports"]
    desk_panels = [
        DeskPanel("reports_due", _("Complaint reports waiting for you"),
                  frozenset({Role.SUPERVISOR, Role.MANAGER, Role.QUALITY}), "reports.selectors.reports_due",
                  "reports/partials/desk_rows.html", link="reports:list"),
    ]

    def ready(self):
        from reports.permissions import READ_ROLES

        self.nav_items = [
            NavItem(_("Complaint reports"), "reports:list", READ_ROLES, 33),
            NavItem(_("Reports side by side"), "reports:compare", READ_ROLES, 34),
        ]

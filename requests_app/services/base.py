"""What the help-request services share: telling people, and the alarm for serious and urgent events."""

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.notifications import notify
from core.roles import Role, users_with_role
from core.workflow import recipients
from requests_app import selectors
from requests_app.models import Category
from requests_app.workflow import WORKFLOW
from residents.models import Department


def now_or_current(now):
    return now or timezone.now()


def tell(users, help_request, message, key, *, step=""):
    notify(users, message=message, url=help_request.get_absolute_url(), key=f"{help_request.number}:{key}",
           target=help_request, step=step)


def supervisors(help_request):
    return users_with_role(Role.SUPERVISOR, estate=help_request.estate_id)


def security_department(help_request):
    """The security department that takes the event: the one it was routed to, else the estate's own."""
    if help_request.department_id and help_request.department.kind == Department.Kind.SECURITY:
        return help_request.department
    return selectors.default_department(category=Category.SECURITY, estate=help_request.estate)


def alert_security_chain(help_request, message, key):
    """SPEC §3: a serious emergency, a security incident or a disaster reaches the security department
    (its head and staff), the supervisor and the manager at once."""
    department = security_department(help_request)
    staff = department.staff() if department else []
    tell(recipients(staff, users_with_role(Role.SUPERVISOR, Role.MANAGER, estate=help_request.estate_id)), help_request, message, key)


def report_serious(help_request, *, by, now):
    """SPEC §3: a serious emergency is reported to the supervisor immediately (and to security and the
    manager, who act on it)."""
    help_request = WORKFLOW.transition(
        help_request, "report-serious", by=by, now=now, changes={"serious": True, "serious_reported_at": now}
    )
    alert_security_chain(
        help_request,
        format_lazy(_("Serious emergency {number}: {matter}"), number=help_request.number, matter=help_request.matter[:80]),
        "serious",
    )
    return help_request

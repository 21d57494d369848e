"""What every help-request service shares: the errors, the row lock with the archive check,
the move through the transition table with its timeline entry, and notifications."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.notifications import notify
from core.roles import MANAGEMENT_ROLES, Role, has_role, users_with_role
from core.timeline import record_event
from requests_app.models import HelpRequest, Status


class HelpRequestError(Exception):
    """A step the record's state does not allow; the message is shown to the user."""


class TransitionError(HelpRequestError):
    pass


class ArchivedRecordError(PermissionDenied):
    """SPEC §3: records of a past year are archived: read-only for everyone but managers."""


def now_or_current(now):
    return now or timezone.now()


def ensure_writable(help_request, *, by, now=None):
    if help_request.is_archived(now_or_current(now)) and not has_role(by, MANAGEMENT_ROLES):
        raise ArchivedRecordError(_("This record is archived (a past year) and can only be changed by a manager."))


def lock(help_request, *, by, now):
    locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    ensure_writable(locked, by=by, now=now)
    return locked


def move(help_request, status, *, by, now, fields, action, label, note=""):
    if not help_request.can_move_to(status):
        raise TransitionError(
            format_lazy(
                _("A request that is “{current}” cannot become “{target}”."),
                current=help_request.get_status_display(),
                target=Status(status).label,
            )
        )
    help_request.status = status
    help_request.save(update_fields=["status", *fields])
    record_event(help_request, action=action, label=label, by=by, at=now, note=note)
    return help_request


def tell(users, help_request, message, key):
    notify(users, message=message, url=help_request.get_absolute_url(), key=f"{help_request.number}:{key}")


def supervisors():
    return users_with_role(Role.SUPERVISOR)


def report_serious(help_request, *, by, now):
    """SPEC §3: a serious emergency is reported to the supervisor immediately."""
    help_request.serious = True
    help_request.serious_reported_at = now
    help_request.save(update_fields=["serious", "serious_reported_at"])
    record_event(help_request, action="serious", label=_("Serious: reported to the supervisor"), by=by, at=now)
    tell(
        supervisors(),
        help_request,
        format_lazy(_("Serious emergency {number}: {matter}"), number=help_request.number, matter=help_request.matter[:80]),
        "serious",
    )

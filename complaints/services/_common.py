"""Errors and helpers shared by the complaint services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, ComplaintPolicy
from complaints.permissions import in_department


class ComplaintError(ValidationError):
    """A move the workflow does not allow; the message is shown to the user."""


class InvalidTransition(ComplaintError):
    pass


def lock_complaint(complaint):
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def check_transition(complaint, action):
    if action not in complaint.allowed_transitions():
        raise InvalidTransition(
            _("“%(action)s” is not possible while the complaint is %(status)s."),
            params={"action": action, "status": complaint.get_status_display()},
        )


def save_fields(complaint, fields):
    complaint.save(update_fields=fields)
    return complaint


def working_days_setting():
    return ComplaintPolicy.current().working_days


def require_department(complaint, by):
    if not in_department(by, complaint.department):
        raise PermissionDenied

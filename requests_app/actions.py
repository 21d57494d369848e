"""The steps offered on a help request's page: which form, who may, when, and which service runs.

Templates draw the buttons from `available_actions`; the action view enforces the same table.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.roles import MANAGEMENT_ROLES, has_role
from requests_app import forms, services
from requests_app.models import Category, Status
from requests_app.roles import DESK_ROLES, HANDLE_ROLES, SIGN_OFF_ROLES


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type
    roles: frozenset
    applies: Callable
    run: Callable
    done: str
    initial: Callable = lambda help_request: {}


ACTIONS = [
    Action(
        "refer", _("Ask the supervisor"), forms.ReferForm, DESK_ROLES,
        lambda hr: hr.can_move_to(Status.REFERRED),
        lambda hr, by, data: services.refer_to_supervisor(help_request=hr, by=by, **data),
        _("Referred to the supervisor: the resident must have a reply within 5 minutes."),
    ),
    Action(
        "reply", _("Record the reply"), forms.ReplyForm, DESK_ROLES,
        lambda hr: hr.can_move_to(Status.REPLIED) and not hr.needs_written_reply,
        lambda hr, by, data: services.record_reply(help_request=hr, by=by, **data),
        _("Reply recorded."),
    ),
    Action(
        "written-reply", _("Written reply"), forms.WrittenReplyForm, SIGN_OFF_ROLES,
        lambda hr: hr.needs_written_reply,
        lambda hr, by, data: services.record_written_reply(help_request=hr, by=by, **data),
        _("Written reply recorded."),
    ),
    Action(
        "assign", _("Assign"), forms.AssignForm, HANDLE_ROLES,
        lambda hr: hr.can_move_to(Status.ASSIGNED),
        lambda hr, by, data: services.assign_request(help_request=hr, by=by, **data),
        _("Assigned."),
        lambda hr: {"department": hr.department_id, "handler": hr.handler_id},
    ),
    Action(
        "handle", _("Record the result"), forms.HandleForm, HANDLE_ROLES,
        lambda hr: hr.can_move_to(Status.HANDLED) and hr.category != Category.REPAIR,
        lambda hr, by, data: services.handle_request(help_request=hr, by=by, **data),
        _("Result recorded."),
    ),
    Action(
        "complete-repair", _("Repair completed"), forms.CompleteRepairForm, HANDLE_ROLES,
        lambda hr: hr.can_move_to(Status.HANDLED) and hr.category == Category.REPAIR,
        lambda hr, by, data: services.complete_repair(help_request=hr, by=by, **data),
        _("Repair completion recorded."),
    ),
    Action(
        "close", _("Close"), forms.CloseForm, DESK_ROLES,
        lambda hr: hr.can_move_to(Status.CLOSED) and not hr.needs_written_reply,
        lambda hr, by, data: services.close_request(help_request=hr, by=by, **data),
        _("Closed."),
    ),
    Action(
        "sign-off", _("Sign off"), forms.forms.Form, SIGN_OFF_ROLES,
        lambda hr: hr.status == Status.CLOSED and hr.signed_off_at is None,
        lambda hr, by, data: services.sign_off(help_request=hr, by=by),
        _("Signed off."),
    ),
    Action(
        "emergency", _("Emergency help and checklist"), forms.EmergencyForm, DESK_ROLES,
        lambda hr: hr.category == Category.EMERGENCY and hr.status != Status.CLOSED,
        lambda hr, by, data: services.update_emergency(help_request=hr, by=by, **data),
        _("Emergency details saved."),
        forms.emergency_initial,
    ),
    Action(
        "paid", _("Paid service"), forms.PaidServiceForm, DESK_ROLES,
        lambda hr: hr.status != Status.CLOSED,
        lambda hr, by, data: services.mark_paid_service(help_request=hr, by=by, **data),
        _("Paid service saved."),
        lambda hr: {"paid_service": hr.paid_service, "fee": hr.fee},
    ),
]
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def _in_handling_department(user, help_request):
    department = help_request.department
    if department is None:
        return False
    return department.head_id == user.pk or department.members.filter(pk=user.pk).exists()


def is_available(action, help_request, user, now):
    if help_request.is_archived(now) and not has_role(user, MANAGEMENT_ROLES):
        return False
    if not has_role(user, action.roles) or not action.applies(help_request):
        return False
    # A department head acts only on what was routed to their own department.
    return has_role(user, DESK_ROLES) or _in_handling_department(user, help_request)


def available_actions(help_request, user, now, bound=None):
    """[(action, form)] for the page; `bound` is a submitted form to show again with its errors."""
    result = []
    for action in ACTIONS:
        if not is_available(action, help_request, user, now):
            continue
        if bound is not None and bound[0] == action.name:
            form = bound[1]
        else:
            form = action.form_class(initial=action.initial(help_request), prefix=action.name)
        result.append((action, form))
    return result

"""The help-request workflow (SPEC §3), declared once: every step, who may take it, every time limit.

received → (referred to the supervisor →) replied → assigned → handled → closed → signed off; a
written inquiry waits for the supervisor's written reply; a GT repair's coordination is tracked.
"""

from django.utils.translation import gettext_lazy as _

from callbacks.permissions import RECORD_ROLES as CALLBACK_ROLES
from callbacks.services import default_trial_run_days
from core.attachments.actions import attach_action, withdraw_action
from core.roles import Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients
from requests_app import forms
from requests_app.models import (
    GT_COORDINATION_LIMIT,
    OPEN_STATUSES,
    REFERRAL_REPLY_LIMIT,
    WRITTEN_INQUIRY_REPLY_LIMIT,
    Category,
    HelpRequest,
    InquiryKind,
    Status,
    Step,
)
from requests_app.roles import DESK_ROLES, HANDLE_DEPARTMENT_ROLES, SIGN_OFF_ROLES

UNANSWERED = frozenset({Status.RECEIVED, Status.REFERRED})
BEFORE_HANDLING = frozenset({Status.RECEIVED, Status.REPLIED, Status.ASSIGNED})


def _awaits_written_reply(hr):
    return hr.inquiry_kind == InquiryKind.WRITTEN and hr.written_reply_at is None


def _supervisors(hr):
    return list(users_with_role(Role.SUPERVISOR, estate=hr.estate_id))


def _referrer_and_supervisors(hr):
    # Issue 10: the clerk who referred it is told too.
    return recipients([hr.referred_by or hr.received_by], _supervisors(hr))


def _department_head_and_supervisors(hr):
    return recipients([hr.department.head if hr.department_id else None], _supervisors(hr))


ACTIONS = [
    Action(
        "refer", _("Ask the supervisor"), frozenset({Status.RECEIVED}), Status.REFERRED, roles=DESK_ROLES,
        form=forms.ReferForm, service="requests_app.services.refer_to_supervisor",
        done=_("Referred to the supervisor: the resident must have a reply within 5 minutes."),
        event=_("Referred to supervisor"),
    ),
    Action(
        "reply", _("Record the reply"), UNANSWERED, Status.REPLIED, roles=DESK_ROLES,
        when=lambda hr: not _awaits_written_reply(hr), form=forms.ReplyForm,
        service="requests_app.services.record_reply", done=_("Reply recorded."), event=_("Replied"),
    ),
    Action(
        "written-reply", _("Written reply"), UNANSWERED, Status.REPLIED, roles=SIGN_OFF_ROLES,
        when=_awaits_written_reply, form=forms.WrittenReplyForm,
        service="requests_app.services.record_written_reply", done=_("Written reply recorded."),
        event=_("Written reply sent"),
    ),
    Action(
        "assign", _("Assign"), frozenset({Status.RECEIVED, Status.REPLIED}), Status.ASSIGNED, roles=DESK_ROLES,
        department_roles=HANDLE_DEPARTMENT_ROLES, when=lambda hr: not _awaits_written_reply(hr),
        form=forms.AssignForm, initial=lambda hr: {"department": hr.department_id, "handler": hr.handler_id},
        service="requests_app.services.assign_request", done=_("Assigned."), event=_("Assigned"),
    ),
    Action(
        "handle", _("Record the result"), BEFORE_HANDLING, Status.HANDLED, roles=DESK_ROLES,
        department_roles=HANDLE_DEPARTMENT_ROLES,
        when=lambda hr: hr.category != Category.REPAIR and not _awaits_written_reply(hr), form=forms.HandleForm,
        service="requests_app.services.handle_request", done=_("Result recorded."), event=_("Handled"),
    ),
    Action(
        "complete-repair", _("Repair completed"), BEFORE_HANDLING, Status.HANDLED, roles=DESK_ROLES,
        department_roles=HANDLE_DEPARTMENT_ROLES, when=lambda hr: hr.category == Category.REPAIR,
        form=forms.CompleteRepairForm, initial=lambda hr: {"trial_run_days": default_trial_run_days()},
        service="requests_app.services.complete_repair", done=_("Repair completion recorded."), event=_("Handled"),
    ),
    # SPEC §6: a callback that finds the resident unsatisfied sends the repair back to engineering; taken
    # by the callbacks app when the callback is recorded (no button here).
    Action(
        "reopen-repair", _("Back to engineering (callback unsatisfied)"), frozenset({Status.HANDLED, Status.CLOSED}),
        Status.ASSIGNED, roles=CALLBACK_ROLES, when=lambda hr: hr.category == Category.REPAIR,
        event=_("Callback unsatisfied: back to engineering"),
    ),
    Action(
        "close", _("Close"), frozenset({Status.REPLIED, Status.HANDLED}), Status.CLOSED, roles=DESK_ROLES,
        when=lambda hr: not _awaits_written_reply(hr), form=forms.CloseForm,
        service="requests_app.services.close_request", done=_("Closed."), danger=True,
    ),
    Action(
        "sign-off", _("Sign off"), frozenset({Status.CLOSED}), None, roles=SIGN_OFF_ROLES,
        when=lambda hr: hr.signed_off_at is None, service="requests_app.services.sign_off",
        done=_("Signed off."), event=_("Signed off by supervisor"),
    ),
    Action(
        "emergency", _("Emergency help and checklist"), OPEN_STATUSES, None, roles=DESK_ROLES,
        when=lambda hr: hr.category == Category.EMERGENCY, form=forms.EmergencyForm,
        initial=forms.emergency_initial, service="requests_app.services.update_emergency",
        done=_("Emergency details saved."), event=_("Emergency details updated"),
    ),
    Action(
        "paid", _("Paid service"), OPEN_STATUSES, None, roles=DESK_ROLES, form=forms.PaidServiceForm,
        initial=lambda hr: {"paid_service": hr.paid_service, "fee": hr.fee},
        service="requests_app.services.mark_paid_service", done=_("Paid service saved."),
        event=_("Paid service updated"),
    ),
    # SPEC §3: a serious emergency is reported to the supervisor at once (the clerk ticks it).
    Action("report-serious", _("Serious: reported to the supervisor"), OPEN_STATUSES, None, roles=DESK_ROLES,
           when=lambda hr: hr.category == Category.EMERGENCY and not hr.serious),
    # Issue 11: photos and files, by whoever may change the request, in any state (a past year's: managers).
    attach_action(Status, roles=DESK_ROLES, department_roles=HANDLE_DEPARTMENT_ROLES,
                  service="requests_app.services.attach_file"),
    withdraw_action(Status),
]

SUPERVISOR = _("Supervisor")

DEADLINES = [
    Deadline(Step.REPLY, Step.REPLY.label, "reply_due_at", frozenset({Status.REFERRED}), "reply",
             when=lambda hr: hr.first_reply_at is None, limit=REFERRAL_REPLY_LIMIT, notify=_referrer_and_supervisors,
             done="first_reply_at", team=SUPERVISOR),
    Deadline(Step.WRITTEN_REPLY, Step.WRITTEN_REPLY.label, "written_reply_due_at", UNANSWERED, "written-reply",
             when=_awaits_written_reply, limit=WRITTEN_INQUIRY_REPLY_LIMIT, notify=_supervisors,
             done="written_reply_at", team=SUPERVISOR),
    Deadline(Step.COORDINATION, Step.COORDINATION.label, "coordination_due_at", BEFORE_HANDLING, "complete-repair",
             when=lambda hr: hr.category == Category.REPAIR, limit=GT_COORDINATION_LIMIT,
             notify=_department_head_and_supervisors, done="handled_at",
             assignee=lambda hr: hr.department.head if hr.department_id else None),
]

WORKFLOW = Workflow(
    model=HelpRequest,
    record_arg="help_request",
    states=Status,
    open_states=OPEN_STATUSES,
    actions=ACTIONS,
    deadlines=DEADLINES,
    # SPEC §3: a past year's register is archived: read-only for everyone but managers.
    archived=lambda hr, now: hr.is_archived(now),
    related=("department__head", "referred_by", "received_by"),
)

"""The callback workflow (SPEC §6, issue 13), declared once: every step, who may take it, its deadlines.

due → (recorded) called back, or answer promised → called back;
due → not reached → due again (a retry) → … → after three failed tries with the supervisor →
reached, or closed as unreachable by the supervisor.
Beside the states: the supervisor hands a callback to a clerk; a serious problem is put on the regular
meeting (例会) and what the meeting decided is recorded.
"""

from django.utils.translation import gettext_lazy as _

from callbacks import forms
from callbacks.choices import Status, Step
from callbacks.models import OPEN, Callback
from callbacks.permissions import RECORD_ROLES, SUPERVISOR_ROLES
from core.roles import Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients

CALLING = frozenset({Status.DUE, Status.ESCALATED})
EVERY_STATE = frozenset(Status)
# While it is being called, the record form itself puts a serious problem on the meeting.
AFTER_CALLING = EVERY_STATE - CALLING


def _record_roles(callback):
    # Issue 13: after three failed tries the callback is the supervisor's.
    return SUPERVISOR_ROLES if callback.status == Status.ESCALATED else RECORD_ROLES


def _supervisors(callback):
    return list(users_with_role(Role.SUPERVISOR, estate=callback.estate_id))


def _callers(callback):
    """Who is expected to call: the clerk it was handed to, and the supervisors who arrange callbacks
    (seed 000 §4.8); after three failed tries the supervisors alone."""
    if callback.status == Status.ESCALATED:
        return _supervisors(callback)
    return recipients([callback.assignee], _supervisors(callback))


def _promiser(callback):
    return recipients([callback.done_by], _supervisors(callback))


# Whose move on the boards and desks (core.workflow.Deadline.team): customer service makes the callbacks.
CUSTOMER_SERVICE = _("Customer service centre")


ACTIONS = [
    Action(
        "record", _("Record the callback"), CALLING, (Status.DONE, Status.AWAITING_ANSWER, Status.DUE, Status.ESCALATED),
        roles=_record_roles, form=forms.RecordForm, form_kwargs=forms.record_form_kwargs,
        initial=forms.record_initial, service="callbacks.services.record_callback", done=_("Callback recorded."),
    ),
    Action(
        "answer", _("Record the promised answer"), frozenset({Status.AWAITING_ANSWER}), Status.DONE,
        roles=RECORD_ROLES, form=forms.AnswerForm, service="callbacks.services.record_answer",
        done=_("Answer recorded."), event=_("Promised answer given to the resident"),
    ),
    Action(
        "close_unreachable", _("Close: the resident cannot be reached"), frozenset({Status.ESCALATED}),
        Status.UNREACHABLE, roles=SUPERVISOR_ROLES, form=forms.CloseUnreachableForm,
        service="callbacks.services.close_unreachable", done=_("Closed as unreachable."),
        event=_("Closed: the resident could not be reached"), danger=True,
    ),
    Action(
        "assign", _("Hand to a clerk"), frozenset({Status.DUE, Status.AWAITING_ANSWER}), None,
        roles=SUPERVISOR_ROLES, form=forms.AssignForm, initial=lambda c: {"assignee": c.assignee_id},
        service="callbacks.services.assign_callback", done=_("Handed over."), event=_("Handed to a clerk"),
    ),
    # The supervisor may send someone once more (e.g. a visit in the evening); a further failed try comes
    # straight back.
    Action(
        "hand_back", _("Hand back to a clerk for one more try"), frozenset({Status.ESCALATED}), Status.DUE,
        roles=SUPERVISOR_ROLES, form=forms.AssignForm, initial=lambda c: {"assignee": c.assignee_id},
        service="callbacks.services.hand_back", done=_("Handed back."), event=_("Handed back to a clerk"),
    ),
    Action(
        "flag_meeting", _("Put on the regular meeting"), AFTER_CALLING, None, roles=RECORD_ROLES,
        when=lambda c: c.meeting_date is None, form=forms.MeetingFlagForm, initial=forms.meeting_initial,
        service="callbacks.services.flag_for_meeting", done=_("Put on the regular meeting."),
        event=_("Serious problem put on the regular meeting"),
    ),
    Action(
        "meeting_outcome", _("Record what the meeting decided"), EVERY_STATE, None, roles=SUPERVISOR_ROLES,
        when=lambda c: c.meeting_date is not None and not c.meeting_outcome, form=forms.MeetingOutcomeForm,
        service="callbacks.services.record_meeting_outcome", done=_("Meeting decision recorded."),
        event=_("Regular meeting decided"),
    ),
]

DEADLINES = [
    Deadline(Step.CALL, Step.CALL.label, "call_due", CALLING, "record", notify=_callers, done="done_at",
             assignee=lambda c: c.assignee, team=CUSTOMER_SERVICE),
    Deadline(Step.ANSWER, Step.ANSWER.label, "answer_due", frozenset({Status.AWAITING_ANSWER}), "answer",
             notify=_promiser, done="answered_at", assignee=lambda c: c.done_by, team=CUSTOMER_SERVICE),
]

WORKFLOW = Workflow(
    model=Callback,
    record_arg="callback",
    states=Status,
    open_states=OPEN,
    actions=ACTIONS,
    deadlines=DEADLINES,
    related=("assignee", "done_by"),
)

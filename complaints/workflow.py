"""The complaint workflow (SPEC §4), declared once: every step, who may take it, and every time limit.

received → dispatched (the department signs for it) → being handled → handled (form returned) →
resident informed → callback → closed; an unsatisfied callback or an appeal goes back to handling.
Telling the resident makes a callback due in the callbacks app; the callback recorded there takes the
`callback` step (it has no button here).
Beside the states: grading, forwarding to the manager / general manager, the major complaint's
definite answer, corrective action, extensions and the one-month escalation.
"""

from django.utils.translation import gettext_lazy as _

from complaints import deadlines, forms
from complaints.choices import Level, Status, Step
from complaints.models import Complaint
from complaints.permissions import CALLBACK_ROLES, MANAGEMENT_STEP_ROLES, RECEPTION_ROLES
from core.attachments.actions import attach_action, withdraw_action
from core.roles import ALL_ROLES, SUPERVISION_ROLES, Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients

OPEN = frozenset(status for status in Status if status != Status.CLOSED)
UNRESOLVED = frozenset({Status.RECEIVED, Status.DISPATCHED, Status.SIGNED})
BEING_HANDLED = frozenset({Status.DISPATCHED, Status.SIGNED})
# SPEC §4: corrective and preventive action for major and important complaints, once dispatched and
# until closed (issue 14: not edited after closing).
CAPA_STATES = frozenset({Status.DISPATCHED, Status.SIGNED, Status.HANDLED, Status.INFORMED})
CAPA_LEVELS = (Level.MAJOR, Level.IMPORTANT)


def _valid(c):
    return c.is_valid


def _graded(c):
    return c.is_valid and bool(c.level)


def _grading_roles(c):
    # Issue 9: once graded, calling it "not valid" needs the supervisor or above.
    return SUPERVISION_ROLES if c.level else RECEPTION_ROLES


def _extension_roles(c):
    approver = deadlines.extension_approver(c.level)
    return frozenset({approver}) if approver else frozenset()


def _supervisors(c):
    return list(users_with_role(Role.SUPERVISOR, estate=c.estate_id))


def _with_recorder(c):
    return recipients([c.recorded_by], _supervisors(c))


def _with_department_head(c):
    return recipients([_department_head(c)], _supervisors(c))


def _department_head(c):
    return c.department.head if c.department_id else None


def _recorder(c):
    return c.recorded_by


CUSTOMER_SERVICE = _("Customer service centre")
SUPERVISOR = _("Supervisor")


ACTIONS = [
    Action(
        "edit", _("Complete or correct the complaint form"), frozenset({Status.RECEIVED}), None,
        roles=RECEPTION_ROLES, when=_valid, form=forms.ReceptionEditForm, initial=forms.reception_initial,
        service="complaints.services.edit_reception", done=_("Complaint form updated."),
        event=_("Complaint form edited"),
    ),
    Action(
        "grade", _("Grade"), frozenset({Status.RECEIVED}), None, roles=RECEPTION_ROLES, when=_valid,
        form=forms.GradeForm, initial=lambda c: {"level": c.level, "major_criterion": c.major_criterion},
        form_kwargs=lambda c: {"current": c.level}, service="complaints.services.grade_complaint",
        done=_("Graded."), event=_("Graded"),
    ),
    Action(
        "mark_invalid", _("Not valid: answer and close"), frozenset({Status.RECEIVED}), Status.CLOSED,
        roles=_grading_roles, when=_valid, form=forms.InvalidForm, service="complaints.services.mark_invalid",
        done=_("Recorded as not valid and closed."), event=_("Not a valid complaint: answered and closed"),
        danger=True,
    ),
    Action(
        "dispatch", _("Dispatch to department"), frozenset({Status.RECEIVED}), Status.DISPATCHED,
        roles=RECEPTION_ROLES, when=_graded, form=forms.DispatchForm,
        initial=lambda c: {"department": c.complained_departments.first()},
        service="complaints.services.dispatch_complaint", done=_("Dispatched."),
        event=_("Dispatched to department"),
    ),
    Action(
        "forward", _("Forward to manager / general manager"), OPEN, None, roles=RECEPTION_ROLES,
        when=lambda c: c.forward_due is not None and c.forwarded_at is None, form=forms.ForwardForm,
        form_kwargs=lambda c: {"level": c.level}, service="complaints.services.forward_complaint",
        done=_("Forwarded."), event=_("Forwarded to the manager / general manager"),
    ),
    Action(
        "sign", _("Sign for"), frozenset({Status.DISPATCHED}), Status.SIGNED, department_roles=ALL_ROLES,
        service="complaints.services.sign_for_complaint", done=_("Signed for."),
        event=_("Signed for by the department"),
    ),
    Action(
        "request_extension", _("Ask for an extension"), BEING_HANDLED, None, department_roles=ALL_ROLES,
        when=lambda c: deadlines.extension_approver(c.level) is not None and c.extension_requested_at is None,
        form=forms.ExtensionRequestForm, service="complaints.services.request_extension",
        done=_("Extension requested."), event=_("Extension requested"),
    ),
    Action(
        "decide_extension", _("Decide the extension"), BEING_HANDLED, None, roles=_extension_roles,
        when=lambda c: c.extension_requested_at is not None, form=forms.ExtensionDecisionForm,
        service="complaints.services.decide_extension", done=_("Extension decided."),
    ),
    Action(
        "handle", _("Record handling and return to the service centre"), frozenset({Status.SIGNED}),
        Status.HANDLED, department_roles=ALL_ROLES, form=forms.HandleForm,
        service="complaints.services.record_handling", done=_("Handling recorded."),
        event=_("Handled and returned to the service centre"),
    ),
    Action(
        "answer", _("Record the definite answer"), OPEN, None, roles=MANAGEMENT_STEP_ROLES,
        when=lambda c: c.answer_due is not None and c.answered_at is None, form=forms.AnswerForm,
        service="complaints.services.record_answer", done=_("Answer recorded."),
        event=_("Definite answer given to the resident"),
    ),
    Action(
        "corrective_action", _("Corrective and preventive action"), CAPA_STATES, None,
        roles=MANAGEMENT_STEP_ROLES, department_roles=ALL_ROLES,
        when=lambda c: c.is_valid and c.level in CAPA_LEVELS, form=forms.CorrectiveActionForm,
        initial=forms.corrective_initial, service="complaints.services.record_corrective_action",
        done=_("Corrective action recorded."), event=_("Corrective and preventive action recorded"),
    ),
    Action(
        "inform", _("Resident told the result"), frozenset({Status.HANDLED}), Status.INFORMED,
        roles=RECEPTION_ROLES, form=forms.InformForm, service="complaints.services.inform_resident",
        done=_("Recorded: the resident was told."), event=_("Supervisor informed and resident told the result"),
    ),
    # Taken by the callbacks app when the callback is recorded (callbacks.sources): satisfied or never
    # reached closes, unsatisfied goes back to handling.
    Action(
        "callback", _("Record the callback"), frozenset({Status.INFORMED}), (Status.CLOSED, Status.SIGNED),
        roles=CALLBACK_ROLES,
    ),
    Action(
        "appeal", _("Record an appeal"), frozenset({Status.CLOSED}), Status.SIGNED, roles=RECEPTION_ROLES,
        when=lambda c: c.is_valid and c.department_id is not None, form=forms.AppealForm,
        service="complaints.services.appeal_complaint", done=_("Appeal recorded: back to handling."),
        event=_("Appeal by the resident: case reopened"),
    ),
    # SPEC §4 major (c): taken by the worker every minute; the supervisor may take it from the board
    # once the month is up (issue 10), e.g. while the worker is stopped.
    Action(
        "escalate", _("Escalate to major now"), UNRESOLVED, None, roles=SUPERVISION_ROLES,
        when=lambda c: c.is_valid and c.level != Level.MAJOR, after="escalation_due",
        service="complaints.services.escalate_complaint", done=_("Escalated to major."),
        event=_("Escalated to major: unresolved one month (criterion c)"),
    ),
    # Issue 10, the supervisor's levers on the overdue board.
    Action(
        "nudge", _("Nudge (催办)"), OPEN, None, roles=SUPERVISION_ROLES, when=lambda c: bool(c.next_step),
        form=forms.NudgeForm, service="complaints.services.nudge_complaint",
        done=_("The people responsible were told again."), event=_("Nudged"),
    ),
    Action(
        "note", _("Add a note"), frozenset(Status), None, roles=SUPERVISION_ROLES, form=forms.NoteForm,
        service="complaints.services.add_note", done=_("Note added."), event=_("Note"),
    ),
    # Issue 11: photos and files (the letter, the damage), by the service centre and its supervision, and
    # by the staff of the department handling it, in any state.
    attach_action(Status, roles=RECEPTION_ROLES | SUPERVISION_ROLES, department_roles=ALL_ROLES,
                  service="complaints.services.attach_file"),
    withdraw_action(Status),
]

DEADLINES = [
    Deadline(Step.DISPATCH, Step.DISPATCH.label, "dispatch_due", frozenset({Status.RECEIVED}), "dispatch",
             when=_valid, limit=deadlines.DISPATCH_LIMIT, notify=_with_recorder, done="dispatched_at",
             assignee=_recorder, team=CUSTOMER_SERVICE),
    Deadline(Step.FORWARD, Step.FORWARD.label, "forward_due", OPEN, "forward",
             when=lambda c: c.forwarded_at is None,
             limit=lambda c: c.forward_due - (c.escalated_at or c.received_at), notify=_with_recorder,
             done="forwarded_at", assignee=_recorder, team=CUSTOMER_SERVICE),
    Deadline(Step.SIGN, Step.SIGN.label, "sign_due", frozenset({Status.DISPATCHED}), "sign",
             limit=deadlines.SIGN_LIMIT, notify=_with_department_head, done="signed_at", assignee=_department_head),
    Deadline(Step.ANSWER, Step.ANSWER.label, "answer_due", OPEN, "answer", when=lambda c: c.answered_at is None,
             limit=deadlines.MAJOR_ANSWER_LIMIT, notify=_supervisors, done="answered_at",
             assignee=lambda c: c.forwarded_to, team=SUPERVISOR),
    Deadline(Step.HANDLE, Step.HANDLE.label, "handle_due", UNRESOLVED, "handle", when=_valid,
             limit=deadlines.handle_limit, notify=_with_department_head, done="handled_at",
             assignee=_department_head),
    Deadline(Step.INFORM, Step.INFORM.label, "inform_due", frozenset({Status.HANDLED}), "inform",
             limit=lambda c: c.inform_due - c.handled_at, notify=_with_recorder, done="informed_at",
             assignee=_recorder, team=CUSTOMER_SERVICE),
    Deadline(Step.ESCALATE, Step.ESCALATE.label, "escalation_due", UNRESOLVED, "escalate",
             when=lambda c: c.is_valid and c.level != Level.MAJOR, limit=deadlines.ESCALATION_LIMIT,
             notify=_supervisors, team=SUPERVISOR),
]

WORKFLOW = Workflow(
    model=Complaint,
    record_arg="complaint",
    states=Status,
    open_states=OPEN,
    actions=ACTIONS,
    deadlines=DEADLINES,
    related=("department__head", "recorded_by", "forwarded_to"),
)

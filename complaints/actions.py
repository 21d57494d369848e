"""The workflow actions offered on a complaint page: which form, which service, in one table.

Buttons are drawn from `available_actions` (the model's transition table plus the timed side steps,
filtered by role), and the action view checks the same table before calling the service.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from complaints import forms, permissions, services
from complaints.choices import Status
from complaints.deadlines import extension_approver


@dataclass(frozen=True)
class ActionSpec:
    label: Any
    form: type
    run: Callable
    form_kwargs: Callable = field(default=lambda complaint: {})
    initial: Callable = field(default=lambda complaint: {})


ACTIONS = {
    "grade": ActionSpec(
        _("Grade"), forms.GradeForm,
        lambda complaint, data, by: services.grade_complaint(complaint=complaint, by=by, **data),
        initial=lambda c: {"level": c.level, "major_criterion": c.major_criterion},
    ),
    "mark_invalid": ActionSpec(
        _("Not valid: answer and close"), forms.InvalidForm,
        lambda complaint, data, by: services.mark_invalid(complaint=complaint, by=by, **data),
    ),
    "dispatch": ActionSpec(
        _("Dispatch to department"), forms.DispatchForm,
        lambda complaint, data, by: services.dispatch_complaint(complaint=complaint, by=by, **data),
        initial=lambda c: {"department": c.complained_departments.first()},
    ),
    "forward": ActionSpec(
        _("Forward to manager / general manager"), forms.ForwardForm,
        lambda complaint, data, by: services.forward_complaint(complaint=complaint, by=by, **data),
        form_kwargs=lambda c: {"role": permissions.forward_role(c.level)},
    ),
    "sign": ActionSpec(
        _("Sign for"), forms.EmptyForm,
        lambda complaint, data, by: services.sign_for_complaint(complaint=complaint, by=by),
    ),
    "handle": ActionSpec(
        _("Record handling and return to the service centre"), forms.HandleForm,
        lambda complaint, data, by: services.record_handling(complaint=complaint, by=by, **data),
    ),
    "request_extension": ActionSpec(
        _("Ask for an extension"), forms.ExtensionRequestForm,
        lambda complaint, data, by: services.request_extension(complaint=complaint, by=by, **data),
    ),
    "answer": ActionSpec(
        _("Record the definite answer"), forms.AnswerForm,
        lambda complaint, data, by: services.record_answer(complaint=complaint, by=by, **data),
    ),
    "inform": ActionSpec(
        _("Resident told the result"), forms.InformForm,
        lambda complaint, data, by: services.inform_resident(complaint=complaint, by=by, **data),
    ),
    "corrective_action": ActionSpec(
        _("Corrective and preventive action"), forms.CorrectiveActionForm,
        lambda complaint, data, by: services.record_corrective_action(complaint=complaint, by=by, **data),
        form_kwargs=lambda c: {"instance": c},
    ),
    "callback": ActionSpec(
        _("Record the callback"), forms.CallbackForm,
        lambda complaint, data, by: services.record_callback(complaint=complaint, by=by, **data),
    ),
    "appeal": ActionSpec(
        _("Record an appeal"), forms.AppealForm,
        lambda complaint, data, by: services.appeal_complaint(complaint=complaint, by=by, **data),
    ),
}


def _step_actions(complaint):
    """Steps beside the status flow: grading, forwarding, the major answer, CAPA, extensions."""
    steps = []
    if complaint.status == Status.RECEIVED and complaint.is_valid:
        steps.append("grade")
    if complaint.is_open and complaint.forward_due and not complaint.forwarded_at:
        steps.append("forward")
    if complaint.is_open and complaint.answer_due and not complaint.answered_at:
        steps.append("answer")
    if complaint.needs_corrective_action and complaint.status != Status.RECEIVED:
        steps.append("corrective_action")
    if complaint.status in (Status.DISPATCHED, Status.SIGNED) and extension_approver(complaint.level):
        steps.append("request_extension")
    return steps


def available_actions(user, complaint):
    candidates = [*complaint.allowed_transitions(), *_step_actions(complaint)]
    return [action for action in ACTIONS if action in candidates and permissions.action_allowed(user, complaint, action)]


def action_forms(user, complaint, *, bound=None):
    """(action, label, form) for every action this user may take now; a bound form keeps its errors."""
    bound = bound or {}
    result = []
    for action in available_actions(user, complaint):
        spec = ACTIONS[action]
        form = bound.get(action) or spec.form(initial=spec.initial(complaint), **spec.form_kwargs(complaint))
        result.append({"action": action, "label": spec.label, "form": form})
    return result

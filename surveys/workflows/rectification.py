"""The rectification workflow 整改措施 (SPEC §5, issue 12), declared once: every step, who may take it, its
deadline.

open → (progress recorded, measure / department / deadline set) → done by the department head; once done,
each unit that rated the item unsatisfied is due a callback (callbacks.services.schedule_callback). A
callback that finds the resident still unsatisfied reopens it with a new deadline (the system's step
"reopen", taken by surveys.services.rectification.reopen_rectification), until the residents are
satisfied (seed 004 回访制度).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients
from surveys.choices import RectificationStatus, RectificationStep
from surveys.models import Rectification
from surveys.permissions_followup import (
    COMPLETE_DEPARTMENT_ROLES,
    PROGRESS_DEPARTMENT_ROLES,
    PROGRESS_ROLES,
    RECTIFICATION_PLAN_ROLES,
)

OPEN = frozenset({RectificationStatus.OPEN})
DONE = frozenset({RectificationStatus.DONE})
FORMS = "surveys.forms.rectification"
SERVICES = "surveys.services.rectification"


def _supervisors(rectification):
    return list(users_with_role(Role.SUPERVISOR, estate=rectification.estate_id))


def _head(rectification):
    department = rectification.department
    return department.head if department is not None else None


def _department_and_supervisors(rectification):
    """The department head is expected to act; the supervisors follow the rectification (and act when no
    department could be found for the item)."""
    return recipients([_head(rectification)], _supervisors(rectification))


def _own_time(rectification):
    # The step's own time (sizes the warning): from when it was opened to its deadline.
    return rectification.due_at - rectification.created_at


def is_archived(rectification, now):
    """Issue 12 (as help requests, SPEC §3): a rectification done in a past year is read only but for the
    managers. One still open is never archived: it is work to finish."""
    return (
        rectification.status == RectificationStatus.DONE and rectification.done_at is not None
        and timezone.localtime(rectification.done_at).year < timezone.localtime(now).year
    )


ACTIONS = [
    Action(
        "progress", _("Record progress"), OPEN, None, roles=PROGRESS_ROLES,
        department_roles=PROGRESS_DEPARTMENT_ROLES, form=f"{FORMS}.ProgressForm",
        service=f"{SERVICES}.record_progress", done=_("Progress recorded."), event=_("Progress recorded"),
    ),
    Action(
        "plan", _("Set the measure, department and deadline"), OPEN, None, roles=RECTIFICATION_PLAN_ROLES,
        form=f"{FORMS}.PlanForm", initial=lambda r: {"measure": r.measure, "department": r.department_id,
                                                    "due_on": r.due_day},
        service=f"{SERVICES}.plan_rectification", done=_("Rectification plan saved."),
        event=_("Rectification plan set"),
    ),
    Action(
        "complete", _("Report it rectified"), OPEN, RectificationStatus.DONE,
        department_roles=COMPLETE_DEPARTMENT_ROLES, form=f"{FORMS}.CompleteForm",
        service=f"{SERVICES}.complete_rectification",
        done=_("Rectification done: the residents who were unsatisfied are due a callback."),
        event=_("Rectified"),
    ),
    # The system's step: a callback found the resident still unsatisfied (no button).
    Action("reopen", _("Reopen"), DONE, RectificationStatus.OPEN, event=_("Reopened: a resident is still unsatisfied")),
]

DEADLINES = [
    Deadline(
        RectificationStep.RECTIFY, RectificationStep.RECTIFY.label, "due_at", OPEN, "complete", limit=_own_time,
        notify=_department_and_supervisors, done="done_at", assignee=_head,
    ),
]

WORKFLOW = Workflow(
    model=Rectification,
    record_arg="rectification",
    states=RectificationStatus,
    open_states=OPEN,
    actions=ACTIONS,
    deadlines=DEADLINES,
    archived=is_archived,
    related=("department__head", "estate"),
)

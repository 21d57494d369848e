"""The survey plan's workflow (SPEC §5, issue 12), declared once: every step, who may take it, its deadlines.

draft → submitted (customer service drafts and submits) → confirmed (the department manager) → reviewed
(the vice general manager) → approved (the general manager) → collecting (customer service sends the
forms) → closed (the supervisor or the manager, with the results).
At each approval step that step's role may send the plan back to draft with a reason. Only an approved
plan starts. Beside the states: editing the draft, entering returned forms (their own pages), and the end
of the collection period, taken by the periodic job when the last collection day is over.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import MANAGEMENT_ROLES, Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients
from surveys.choices import PlanStatus, PlanStep
from surveys.models import SurveyPlan
from surveys.permissions import APPROVE_ROLES, CONFIRM_ROLES, DRAFT_ROLES, ENTRY_ROLES, REVIEW_ROLES

DRAFT = frozenset({PlanStatus.DRAFT})
# The approval chain (SPEC §5): each state waits for one role.
AWAITING = {
    PlanStatus.SUBMITTED: CONFIRM_ROLES,
    PlanStatus.CONFIRMED: REVIEW_ROLES,
    PlanStatus.REVIEWED: APPROVE_ROLES,
}
APPROVAL_STATES = frozenset(AWAITING)
COLLECTING = frozenset({PlanStatus.COLLECTING})
OPEN = frozenset(PlanStatus) - {PlanStatus.CLOSED}
# Issue 12: the survey is closed, with its results, by the supervisor (who runs it) or the manager.
CLOSE_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER})
# Customer service sends the forms out once the general manager approved the plan.
START_ROLES = DRAFT_ROLES
# Returned paper forms: the front desk enters them while the forms are out, and a manager also after the
# survey is closed (a late form, a correction of the figures by the office's head).
LATE_ENTRY_ROLES = MANAGEMENT_ROLES
# SPEC §5: plans, returned forms and statistics are kept 2 years (nothing is deleted by the app); a past
# year's plan is read-only except for managers, as help requests are (SPEC §3).
RETENTION_YEARS = 2
# Issue 12: the supervisor closes the survey with its results within a working week of the last collection
# day — forms are handed in as they are collected (seed 002 4.1.3 b 随时收取随时送交), the last ones on the
# last day; entering them takes a day or two, and the results are counted by the app.
CLOSE_AFTER_WORKING_DAYS = 5
# Warned two days before the collection ends (time to chase the forms still out) and before the results
# are due; never earlier than half of a step's own time (core.workflow.Deadline.warning_lead).
WARNING_LEAD = datetime.timedelta(days=2)

CUSTOMER_SERVICE = _("Customer service centre")


def _send_back_roles(plan):
    """The role whose step the plan is waiting for sends it back (SPEC §5: a rejection by the approver)."""
    return AWAITING.get(plan.status, frozenset())


def _entry_roles(plan):
    return (ENTRY_ROLES | LATE_ENTRY_ROLES) if plan.status == PlanStatus.COLLECTING else LATE_ENTRY_ROLES


def is_archived(plan, now):
    """A past year's plan is read-only but for managers (SPEC §3, §5)."""
    return plan.year < timezone.localtime(now).year


def keep_until(plan):
    """The last day the plan, its forms and its figures must be kept (SPEC §5: 2 years after its year)."""
    return datetime.date(plan.year + 1 + RETENTION_YEARS, 1, 1) - datetime.timedelta(days=1)


def _collectors(plan):
    """Who collects the forms: the plan's staff and the estate's customer service supervisors."""
    return recipients(list(plan.staff.all()), users_with_role(Role.SUPERVISOR, estate=plan.estate_id))


def _closers(plan):
    return list(users_with_role(CLOSE_ROLES, estate=plan.estate_id))


def _service(name):
    return f"surveys.services.plans.{name}"


FORMS = "surveys.forms.plans"

ACTIONS = [
    Action(
        "submit", _("Submit for the department manager's confirmation"), DRAFT, PlanStatus.SUBMITTED,
        roles=DRAFT_ROLES, form=f"{FORMS}.NoteForm", service=_service("submit_plan"),
        done=_("Submitted to the department manager."), event=_("Plan submitted"),
    ),
    Action(
        "confirm", _("Confirm (department manager)"), frozenset({PlanStatus.SUBMITTED}), PlanStatus.CONFIRMED,
        roles=CONFIRM_ROLES, form=f"{FORMS}.NoteForm", service=_service("confirm_plan"),
        done=_("Confirmed; the vice general manager reviews it next."), event=_("Plan confirmed by the department manager"),
    ),
    Action(
        "review", _("Review (vice general manager)"), frozenset({PlanStatus.CONFIRMED}), PlanStatus.REVIEWED,
        roles=REVIEW_ROLES, form=f"{FORMS}.NoteForm", service=_service("review_plan"),
        done=_("Reviewed; the general manager approves it next."), event=_("Plan reviewed by the vice general manager"),
    ),
    Action(
        "approve", _("Approve (general manager)"), frozenset({PlanStatus.REVIEWED}), PlanStatus.APPROVED,
        roles=APPROVE_ROLES, form=f"{FORMS}.NoteForm", service=_service("approve_plan"),
        done=_("Approved; customer service can send the forms."), event=_("Plan approved by the general manager"),
    ),
    Action(
        "send_back", _("Send back with a reason"), APPROVAL_STATES, PlanStatus.DRAFT,
        roles=_send_back_roles, form=f"{FORMS}.SendBackForm", service=_service("send_back_plan"),
        done=_("Sent back to customer service."), event=_("Plan sent back"),
    ),
    Action(
        "start", _("Send the forms"), frozenset({PlanStatus.APPROVED}), PlanStatus.COLLECTING,
        roles=START_ROLES, service=_service("start_survey"),
        done=_("The forms are out: print them and enter them as they come back."), event=_("Forms sent"),
    ),
    Action(
        "close", _("Close the survey"), COLLECTING, PlanStatus.CLOSED,
        roles=CLOSE_ROLES, form=f"{FORMS}.CloseForm", service=_service("close_survey"),
        done=_("Survey closed."), event=_("Survey closed"), danger=True,
    ),
    # Steps with pages (or a job) of their own: no button on the plan's page.
    Action("edit", _("Edit the plan"), DRAFT, None, roles=DRAFT_ROLES, event=_("Plan edited")),
    Action("enter", _("Enter returned forms"), frozenset({PlanStatus.COLLECTING, PlanStatus.CLOSED}), None,
           roles=_entry_roles),
    Action("end_collection", _("End of the collection period"), COLLECTING, None, after="collection_due",
           when=lambda plan: plan.collection_ended_at is None, event=_("Collection period ended")),
]

DEADLINES = [
    Deadline(PlanStep.COLLECT, PlanStep.COLLECT.label, "collection_due", COLLECTING, "end_collection",
             when=lambda plan: plan.collection_ended_at is None, notify=_collectors, done="collection_ended_at",
             team=CUSTOMER_SERVICE),
    Deadline(PlanStep.CLOSE, PlanStep.CLOSE.label, "close_due", COLLECTING, "close", notify=_closers,
             done="closed_at", team=CUSTOMER_SERVICE),
]

WORKFLOW = Workflow(
    model=SurveyPlan,
    record_arg="plan",
    states=PlanStatus,
    open_states=OPEN,
    actions=ACTIONS,
    deadlines=DEADLINES,
    department_field=None,
    archived=is_archived,
)

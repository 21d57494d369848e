"""The complaint report's workflow and its action items' (core.workflow), declared once.

Report: being written → submitted to the manager → acknowledged, or returned with a comment and
submitted again. Beside the states: the analysis, the action items, and (monthly reports) the hand-over
of the month's forms to quality, which quality confirms. Timed: the report by the 30th of the month
after, the forms likewise. An action item: open → done by its department, due on its date.
"""

from django.utils.translation import gettext_lazy as _

from core.roles import ALL_ROLES, Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients
from reports import forms
from reports.models import (
    ComplaintReport,
    ItemStatus,
    ItemStep,
    Kind,
    ReportActionItem,
    ReportStatus,
    ReportStep,
)
from reports.permissions import RECEIVE_ROLES, REVIEW_ROLES, WRITE_ROLES

WRITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
ALL_STATES = frozenset(ReportStatus)


def _supervisors(record):
    return list(users_with_role(Role.SUPERVISOR, estate=record.estate_id))


def _period_to_due(report):
    # A report's own time: from the end of its period to its due time (sizes the warning).
    return report.due_at - report.period.end


def _forms_pending(report):
    return report.kind == Kind.MONTH and report.handed_over_at is None


REPORT_ACTIONS = [
    Action(
        "edit", _("Write the analysis"), WRITABLE, None, roles=WRITE_ROLES, form=forms.AnalysisForm,
        initial=forms.analysis_initial, service="reports.services.save_analysis", done=_("Analysis saved."),
        event=_("Analysis written"),
    ),
    Action(
        "add_item", _("Add an action item"), WRITABLE, None, roles=WRITE_ROLES, form=forms.ActionItemForm,
        form_kwargs=forms.action_item_kwargs, service="reports.services.add_action_item",
        done=_("Action item added."), event=_("Action item added"),
    ),
    Action(
        "submit", _("Submit to the manager"), WRITABLE, ReportStatus.SUBMITTED, roles=WRITE_ROLES,
        service="reports.services.submit_report", done=_("Submitted to the manager. The figures are frozen."),
        event=_("Submitted to the manager"),
    ),
    Action(
        "acknowledge", _("Acknowledge"), frozenset({ReportStatus.SUBMITTED}), ReportStatus.ACKNOWLEDGED,
        roles=REVIEW_ROLES, form=forms.ReviewForm, service="reports.services.acknowledge_report",
        done=_("Report acknowledged."), event=_("Read and acknowledged by the manager"),
    ),
    Action(
        "return", _("Return for revision"), frozenset({ReportStatus.SUBMITTED}), ReportStatus.RETURNED,
        roles=REVIEW_ROLES, form=forms.ReturnForm, service="reports.services.return_report",
        done=_("Report returned to the supervisor."), event=_("Returned by the manager for revision"),
    ),
    Action(
        "hand_over", _("Hand the month's forms to quality"), ALL_STATES, None, roles=WRITE_ROLES,
        when=_forms_pending, form=forms.HandoverForm, initial=forms.handover_initial,
        service="reports.services.hand_over_forms", done=_("Hand-over recorded."),
        event=_("Complaint forms handed to the quality department"),
    ),
    Action(
        "confirm_receipt", _("Confirm the forms were received"), ALL_STATES, None, roles=RECEIVE_ROLES,
        when=lambda r: r.handed_over_at is not None and r.received_at is None,
        service="reports.services.confirm_forms_received", done=_("Receipt confirmed: the forms are kept 2 years."),
        event=_("Forms received by the quality department"),
    ),
]

REPORT_DEADLINES = [
    Deadline(ReportStep.SUBMIT, ReportStep.SUBMIT.label, "due_at", WRITABLE, "submit", limit=_period_to_due,
             notify=_supervisors),
    Deadline(ReportStep.HANDOVER, ReportStep.HANDOVER.label, "handover_due", ALL_STATES, "hand_over",
             when=_forms_pending, limit=_period_to_due, notify=_supervisors),
]

REPORT_WORKFLOW = Workflow(
    model=ComplaintReport,
    record_arg="report",
    states=ReportStatus,
    open_states=ALL_STATES,
    actions=REPORT_ACTIONS,
    deadlines=REPORT_DEADLINES,
    department_field="",
    related=("estate",),
)


def _item_people(item):
    return recipients([item.owner, item.department.head], _supervisors(item))


ITEM_ACTIONS = [
    Action(
        "complete", _("Record what was done"), frozenset({ItemStatus.OPEN}), ItemStatus.DONE,
        roles=WRITE_ROLES, department_roles=ALL_ROLES, form=forms.ItemResultForm,
        service="reports.services.complete_action_item", done=_("Action item done."),
        event=_("Action item carried out"),
    ),
]

ITEM_DEADLINES = [
    Deadline(ItemStep.COMPLETE, ItemStep.COMPLETE.label, "due_at", frozenset({ItemStatus.OPEN}), "complete",
             limit=lambda item: item.due_at - item.created_at, notify=_item_people),
]

ITEM_WORKFLOW = Workflow(
    model=ReportActionItem,
    record_arg="item",
    states=ItemStatus,
    open_states=frozenset({ItemStatus.OPEN}),
    actions=ITEM_ACTIONS,
    deadlines=ITEM_DEADLINES,
    related=("report__estate", "department__head", "owner"),
)

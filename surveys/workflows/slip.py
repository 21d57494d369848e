"""The suggestion-slip workflow 意见箱 (SPEC §5, §6; seed 002 意见征询制度 7), declared once.

new → turned into a complaint (one click: every field carried over, registered by the complaints app's own
service, linked both ways), or new → kept as a suggestion (a phone callback by the clerk is due, through
callbacks.services.schedule_callback). A new slip may be corrected while it waits; it is due to be sorted
within 24 hours of reaching the office, as a complaint must be accepted (surveys.deadlines_followup.sort_due).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role, users_with_role
from core.workflow import Action, Deadline, Workflow, recipients
from surveys.choices import SlipStatus, SlipStep
from surveys.models import SuggestionSlip
from surveys.permissions_followup import SLIP_ENTRY_ROLES, SLIP_SORT_ROLES

NEW = frozenset({SlipStatus.NEW})
SORTED = frozenset({SlipStatus.COMPLAINT, SlipStatus.SUGGESTION})
FORMS = "surveys.forms.slips"
SERVICES = "surveys.services.slips"


def _front_desk(slip):
    """The clerk who entered it and the estate's supervisors."""
    return recipients([slip.entered_by], users_with_role(Role.SUPERVISOR, estate=slip.estate_id))


def _sort_limit(slip):
    # The step's own time (sizes the warning): from entry to its due time.
    return slip.sort_due - slip.entered_at


def is_archived(slip, now):
    """A slip sorted in a past year is read only but for the managers; one not sorted yet is never archived."""
    return (
        slip.status != SlipStatus.NEW and slip.decided_at is not None
        and timezone.localtime(slip.decided_at).year < timezone.localtime(now).year
    )


ACTIONS = [
    Action(
        "to_complaint", _("Turn into a complaint"), NEW, SlipStatus.COMPLAINT, roles=SLIP_SORT_ROLES,
        service=f"{SERVICES}.turn_into_complaint",
        done=_("Registered as a complaint: grade and dispatch it from the complaint's page."),
        event=_("Turned into a complaint"),
    ),
    Action(
        "keep", _("Keep as a suggestion"), NEW, SlipStatus.SUGGESTION, roles=SLIP_SORT_ROLES,
        form=f"{FORMS}.KeepForm", service=f"{SERVICES}.keep_as_suggestion",
        done=_("Kept as a suggestion."), event=_("Kept as a suggestion"),
    ),
    Action(
        "edit", _("Correct the slip"), NEW, None, roles=SLIP_ENTRY_ROLES, form=f"{FORMS}.SlipEditForm",
        initial=lambda slip: {"found_on": slip.found_on, "unit_label": slip.unit.label if slip.unit_id else "",
                              "caller_name": slip.name, "caller_phone": slip.phone, "content": slip.content},
        form_kwargs=lambda slip: {"estate": slip.estate},
        service=f"{SERVICES}.edit_slip", done=_("Slip corrected."), event=_("Slip corrected"),
    ),
]

DEADLINES = [
    Deadline(
        SlipStep.SORT, SlipStep.SORT.label, "sort_due", NEW, "keep", limit=_sort_limit, notify=_front_desk,
        done="decided_at", assignee=lambda slip: slip.entered_by, team=_("Customer service centre"),
    ),
]

WORKFLOW = Workflow(
    model=SuggestionSlip,
    record_arg="slip",
    states=SlipStatus,
    open_states=NEW,
    actions=ACTIONS,
    deadlines=DEADLINES,
    department_field="",
    archived=is_archived,
    related=("entered_by", "estate"),
)

"""Every write to a suggestion slip 意见箱 (SPEC §5, §6; seed 002 意见征询制度 7, 回访制度 (4)): entered the
day the box is opened, corrected while it waits, then turned into a complaint or kept as a suggestion
that is due a phone callback by the clerk. Each step goes through the declared workflow
(surveys.workflows.slip) and leaves a timeline entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SourceKind
from callbacks.services import schedule_callback
from complaints.inputs import ComplaintInput
from complaints.services import register_complaint
from core.channels import Channel
from core.errors import WorkflowError
from core.numbering import next_number
from core.timeline import record_event
from surveys.deadlines_followup import SLIP_WARNING_LEAD, slip_arrival, sort_due
from surveys.models import SuggestionSlip
from surveys.workflows.slip import WORKFLOW

NUMBER_PREFIX = "YJ"  # 意见
SUBJECT_LENGTH = 500


def _check_place(estate, unit, found_on, now):
    if unit is not None and unit.building.estate_id != getattr(estate, "pk", estate):
        raise WorkflowError(_("The unit is not in this estate."))
    if found_on > timezone.localdate(now):
        raise WorkflowError(_("A slip cannot be taken out of the box in the future."))


@transaction.atomic
def enter_slip(*, estate, found_on, content, by, unit=None, resident=None, name="", phone="", now=None):
    """Enter one slip taken out of the box on `found_on`: what it says, and whoever wrote it if they gave a
    name, a phone or their unit (a slip may be anonymous). Due to be sorted within 24 hours of reaching the
    office (surveys.deadlines_followup.SORT_LIMIT)."""
    now = now or timezone.now()
    if not content.strip():
        raise WorkflowError(_("Write down what the slip says."))
    _check_place(estate, unit, found_on, now)
    slip = SuggestionSlip(
        number=next_number(NUMBER_PREFIX, at=now), estate=estate, unit=unit, resident=resident, name=name,
        phone=phone, found_on=found_on, content=content, sort_due=sort_due(found_on, now), entered_at=now,
        entered_by=by,
    )
    return WORKFLOW.create(slip, by=by, now=now, label=_("Slip entered"), note=found_on.isoformat())


# The fields a correction may change, in the order the timeline names them.
EDITABLE = ("found_on", "unit", "resident", "name", "phone", "content")


@transaction.atomic
def edit_slip(*, slip, found_on, content, by, unit=None, resident=None, name="", phone="", now=None):
    """Correct a slip not sorted yet (a typing error, the unit found later); the timeline names what changed."""
    now = now or timezone.now()
    if not content.strip():
        raise WorkflowError(_("Write down what the slip says."))
    _check_place(slip.estate_id, unit, found_on, now)
    wanted = {"found_on": found_on, "unit": unit, "resident": resident, "name": name, "phone": phone,
              "content": content}
    changed = []

    def changes(locked):
        values = {key: value for key, value in wanted.items() if getattr(locked, key) != value}
        changed.extend(str(SuggestionSlip._meta.get_field(key).verbose_name) for key in EDITABLE if key in values)
        if "found_on" in values:
            values["sort_due"] = sort_due(found_on, locked.entered_at)
        return values

    return WORKFLOW.transition(slip, "edit", by=by, now=now, changes=changes, note=lambda s: "、".join(changed))


@transaction.atomic
def turn_into_complaint(*, slip, by, now=None):
    """One click: the slip becomes a complaint registered by the complaints app's own service (so it follows
    every complaint rule: number, due times, grading and dispatch on its page), with every field carried
    over — estate, unit, resident, name, phone, the slip's text as the description, channel 意见箱, and the
    time the slip reached the office. Linked both ways: slip.complaint, and the complaint's page and
    timeline name the slip."""
    now = now or timezone.now()

    def changes(locked):
        complaint = register_complaint(
            ComplaintInput(
                channel=Channel.SUGGESTION_BOX, description=locked.content,
                submitted_at=slip_arrival(locked.found_on, locked.entered_at), complainant_name=locked.name,
                complainant_phone=locked.phone, resident=locked.resident, unit=locked.unit, estate=locked.estate,
            ),
            by=by, now=now,
        )
        record_event(complaint, action="from_suggestion_slip", label=_("Registered from a suggestion slip"), by=by,
                     at=now, note=locked.number, data={"slip": locked.pk})
        return {"complaint": complaint, "decided_at": now, "decided_by": by}

    return WORKFLOW.transition(slip, "to_complaint", by=by, now=now, changes=changes,
                               note=lambda s: s.complaint.number)


def has_contact(slip):
    """Someone to call back: a phone on the slip, a registered resident, or a unit (its current resident)."""
    return bool(slip.phone or slip.resident_id or slip.unit_id)


@transaction.atomic
def keep_as_suggestion(*, slip, by, note="", now=None):
    """Not a complaint: kept as a suggestion, and the clerk who sorted it is due a phone callback (seed 002
    回访制度 (4): 由事务员负责进行电话回访). An anonymous slip (no phone, resident or unit) cannot be called
    back: the timeline says so."""
    now = now or timezone.now()
    slip = WORKFLOW.transition(slip, "keep", by=by, now=now, note=note,
                               changes={"decided_at": now, "decided_by": by, "decision_note": note})
    if has_contact(slip):
        schedule_callback(
            kind=SourceKind.SUGGESTION, source=slip, by=by, now=now, unit=slip.unit, resident=slip.resident,
            estate=slip.estate, contact_name=slip.name, contact_phone=slip.phone,
            subject=slip.content[:SUBJECT_LENGTH], assignee=by,
        )
    else:
        record_event(slip, action="no_callback", label=_("No callback: the slip gives no way to reach its writer"),
                     by=by, at=now)
    return slip


def warn_due_slips(*, now=None):
    """Warn the front desk before a slip's sorting falls due and once it is overdue. Run by the scheduler."""
    now = now or timezone.now()
    return WORKFLOW.warn_due(now=now, office_lead=SLIP_WARNING_LEAD)

"""Reception: registering, completing the form, grading, the not-valid answer, dispatch and
forwarding (SPEC §4). Every change goes through the declared workflow (complaints.workflow)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Level, MajorCriterion
from complaints.forms import ReceptionEditForm, is_lower_grade
from complaints.models import Complaint
from complaints.permissions import forward_role
from complaints.services._common import working_days_setting
from complaints.workflow import WORKFLOW
from core.errors import WorkflowError
from core.notifications import notify
from core.numbering import next_number
from core.people import display_name
from core.roles import SUPERVISION_ROLES, has_role
from core.timeline import record_event

NUMBER_PREFIX = "TS"  # 投诉


def _flag_repeat(complaint, department):
    """Same unit, same department, within 30 days -> a possible criterion (a) for the supervisor."""
    if complaint.unit_id is None or department is None:
        return False
    recent = Complaint.objects.filter(
        unit_id=complaint.unit_id,
        received_at__gte=complaint.received_at - deadlines.REPEAT_WINDOW,
        received_at__lte=complaint.received_at,
    ).exclude(pk=complaint.pk)
    return recent.filter(department=department).exists() or recent.filter(complained_departments=department).exists()


def _check_level(level, major_criterion):
    if level == Level.MAJOR and not major_criterion:
        raise WorkflowError(_("Say which major criterion applies (a, b or c)."))


def _level_note(level, major_criterion, reason=""):
    # The timeline label is stored untranslated and shown translated, so the level goes in the note.
    parts = [str(Level(level).label) if level else "", str(MajorCriterion(major_criterion).label) if major_criterion else "",
             reason]
    return " ".join(part for part in parts if part)


@transaction.atomic
def register_complaint(data, *, by, now=None):
    """Log a complaint from any channel (SPEC §4) from a `ComplaintInput`. The level may be left empty
    (e.g. from a help request) and graded later; a not-valid complaint is answered and closed at once."""
    now = now or timezone.now()
    if error := deadlines.arrival_error(data.channel, data.submitted_at, now):
        raise WorkflowError(error)
    level = data.level if data.is_valid else ""
    _check_level(level, data.major_criterion)
    estate = data.estate or (data.unit.building.estate if data.unit is not None else None)
    resident = data.resident
    complaint = Complaint(
        number=next_number(NUMBER_PREFIX, at=now),
        channel=data.channel,
        received_at=now,
        submitted_at=data.submitted_at,
        recorded_by=by,
        resident=resident,
        unit=data.unit,
        estate=estate,
        complainant_name=data.complainant_name or (resident.name if resident else ""),
        complainant_phone=data.complainant_phone or (resident.phone if resident else ""),
        description=data.description,
        demand=data.demand,
        occurred_at=data.occurred_at,
        occurred_place=data.occurred_place,
        complained_person=data.complained_person,
        requested_deadline=data.requested_deadline,
        level=level,
        major_criterion=data.major_criterion if level == Level.MAJOR else "",
        category=data.category or Complaint._meta.get_field("category").default,
        **deadlines.reception_due_times(
            level=level, received_at=now, requested_deadline=data.requested_deadline,
            working_days=working_days_setting(),
        ),
    )
    note = str(complaint.get_channel_display())
    if complaint.accepted_late:
        note = _("%(channel)s; accepted more than 24 hours after it reached the office") % {"channel": note}
    WORKFLOW.create(complaint, by=by, now=now, label=_("Complaint received"), note=note)
    if data.departments:
        complaint.complained_departments.set(data.departments)
    if level:
        record_event(complaint, action="grade", label=_("Graded"), by=by, at=now,
                     note=_level_note(level, complaint.major_criterion))
    if not data.is_valid:
        complaint = mark_invalid(complaint=complaint, reason=data.invalid_reason, by=by, now=now)
    return complaint


@transaction.atomic
def edit_reception(*, complaint, by, now=None, departments=(), **fields):
    """Complete or correct the complaint form while it is at reception; the timeline names what changed.
    A changed requested deadline moves a minor complaint's handling deadline (SPEC §4)."""
    now = now or timezone.now()
    labels = {name: str(field.label) for name, field in ReceptionEditForm.base_fields.items()}
    changed = []

    def changes(c):
        values = {name: value for name, value in fields.items() if getattr(c, name) != value}
        changed.extend(labels[name] for name in values)
        if set(c.complained_departments.all()) != set(departments):
            c.complained_departments.set(departments)
            changed.append(labels["departments"])
        if "requested_deadline" in values and c.level:
            values["handle_due"] = deadlines.handle_due(
                c.level, c.received_at, requested_deadline=values["requested_deadline"],
                working_days=working_days_setting(),
            )
        return values

    return WORKFLOW.transition(complaint, "edit", by=by, now=now, changes=changes, note=lambda c: "、".join(changed))


@transaction.atomic
def grade_complaint(*, complaint, level, major_criterion="", reason="", by, now=None):
    """Set or change the level before dispatch; the due times follow from reception. A lower grade than
    the one given needs the supervisor or above and a reason (issue 9)."""
    now = now or timezone.now()
    _check_level(level, major_criterion)

    def changes(c):
        if is_lower_grade(level, c.level):
            if not has_role(by, SUPERVISION_ROLES):
                raise PermissionDenied
            if not reason.strip():
                raise WorkflowError(_("Say why the grade is lowered."))
        dues = deadlines.reception_due_times(
            level=level, received_at=c.received_at, requested_deadline=c.requested_deadline,
            working_days=working_days_setting(),
        )
        # Dispatch and escalation run from reception whatever the level.
        dues.pop("dispatch_due")
        dues.pop("escalation_due")
        return {"level": level, "major_criterion": major_criterion if level == Level.MAJOR else "", **dues}

    return WORKFLOW.transition(complaint, "grade", by=by, now=now, changes=changes,
                               note=_level_note(level, major_criterion, reason))


@transaction.atomic
def mark_invalid(*, complaint, reason, by, now=None):
    """Not about the company's management or service: recorded with the reason, answered, closed."""
    now = now or timezone.now()
    if not reason.strip():
        raise WorkflowError(_("Give the reason the complaint is not valid."))
    return WORKFLOW.transition(
        complaint, "mark_invalid", by=by, now=now, note=reason,
        changes={"is_valid": False, "invalid_reason": reason, "closed_at": now},
    )


@transaction.atomic
def dispatch_complaint(*, complaint, department, by, now=None):
    """Send the form to the complained department (due 10 minutes after reception)."""
    now = now or timezone.now()
    complaint = WORKFLOW.transition(
        complaint, "dispatch", by=by, now=now, note=department.name,
        changes=lambda c: {
            "department": department, "dispatched_at": now, "dispatched_by": by,
            "sign_due": deadlines.sign_due(now), "repeat_flag": c.repeat_flag or _flag_repeat(c, department),
        },
    )
    if complaint.repeat_flag:
        record_event(complaint, action="repeat_flagged",
                     label=_("Possible repeat complaint (criterion a) flagged for the supervisor"), at=now)
    notify(department.staff(), message=format_lazy(_("{number}: complaint dispatched to your department"),
                                                   number=complaint.number),
           url=complaint.get_absolute_url(), key=f"complaint:{complaint.pk}:dispatched:{now:%Y%m%d%H%M%S}",
           target=complaint, step="sign")
    return complaint


@transaction.atomic
def forward_complaint(*, complaint, to, by, now=None):
    """Important: to the manager within 1 hour; major: to the general manager the same day."""
    now = now or timezone.now()

    def changes(c):
        role = forward_role(c.level)
        if role and not has_role(to, role):
            raise WorkflowError(_("Forward it to someone who holds that role."))
        return {"forwarded_at": now, "forwarded_to": to}

    complaint = WORKFLOW.transition(complaint, "forward", by=by, now=now, changes=changes, note=display_name(to))
    notify([to], message=format_lazy(_("{number}: complaint forwarded to you"), number=complaint.number),
           url=complaint.get_absolute_url())
    return complaint

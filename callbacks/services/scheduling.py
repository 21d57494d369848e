"""The one service function every source calls to make a callback due (issue 13)."""

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks import deadlines
from callbacks.choices import Method, SourceKind, Status
from callbacks.models import Callback, CallbackPolicy
from callbacks.services._common import office_text
from callbacks.sources import source_for
from callbacks.workflow import WORKFLOW
from core.numbering import next_number
from core.timeline import record_event
from residents.models import Occupancy, Resident

NUMBER_PREFIX = "HF"  # 回访
SUBJECT_LENGTH = 500
# SPEC §6: a satisfied repair and a suggestion slip get a phone callback; an unsatisfied repair, a
# complaint and a rectification a phone call or a visit (empty = either).
PLANNED_METHOD = {SourceKind.SUGGESTION: Method.PHONE}
# Whom to call in a unit when the source names nobody: the owner first, then a tenant, then family.
RESIDENT_ORDER = Case(
    When(resident__kind=Resident.Kind.OWNER, then=Value(0)),
    When(resident__kind=Resident.Kind.TENANT, then=Value(1)),
    default=Value(2), output_field=IntegerField(),
)


def _unit_resident(unit, on):
    occupancy = (
        Occupancy.objects.current(on).filter(unit=unit).select_related("resident")
        .order_by(RESIDENT_ORDER, "moved_in", "pk").first()
    )
    return occupancy.resident if occupancy else None


@transaction.atomic
def schedule_callback(*, kind, source, by=None, now=None, unit=None, resident=None, estate=None, department=None,
                      contact_name="", contact_phone="", subject="", satisfied=None, trial_run_ends_at=None,
                      assignee=None, source_label=""):
    """Make a callback due for `source` (any saved model) and return it.

    kind: a SourceKind handled by an installed app (callbacks.sources). The due time follows from the
      kind and the office setting (callbacks.deadlines.first_due): a repair needs `satisfied` (the
      resident's verdict on the slip) and, when satisfied, `trial_run_ends_at`; the other kinds are due
      the office's number of working days later.
    unit / resident / contact_name / contact_phone: whom to call. Only a unit given: its current
      resident (owner first). The estate defaults to the unit's.
    department: whose work is followed up (department heads see these callbacks; the figures group by it).
    subject: what it follows up, in a line or two. source_label: the source's number (default its
      `number`, else str(source)). assignee: the clerk who calls (suggestion slips: the clerk).
    by: who caused it (None: the system). Idempotent per source and unit: while one is still to be
    called for them, that one is returned (one waiting only for its promised answer does not count).
    """
    now = now or timezone.now()
    source_for(kind)  # a kind no installed app handles is a programming error: LookupError
    if kind == SourceKind.REPAIR and satisfied is None:
        raise ValueError("A repair callback needs the resident's verdict on the slip (satisfied=True/False).")
    earlier = Callback.objects.for_source(source).filter(unit=unit).order_by("-created_at", "-pk")
    if (waiting := earlier.filter(status__in=[Status.DUE, Status.ESCALATED]).first()) is not None:
        return waiting
    previous = earlier.first()
    if resident is None and unit is not None and not (contact_name or contact_phone):
        resident = _unit_resident(unit, timezone.localdate(now))
    policy = CallbackPolicy.current()
    due = deadlines.first_due(kind, now=now, policy=policy, satisfied=satisfied, trial_run_ends_at=trial_run_ends_at)
    callback = Callback(
        number=next_number(NUMBER_PREFIX, at=now),
        kind=kind,
        source=source,
        source_label=(source_label or getattr(source, "number", "") or str(source))[:60],
        subject=(subject or str(source))[:SUBJECT_LENGTH],
        round=previous.round + 1 if previous else 1,
        follows=previous,
        estate=estate or (unit.building.estate if unit is not None else None),
        unit=unit,
        department=department,
        resident=resident,
        contact_name=contact_name or (resident.name if resident else ""),
        contact_phone=contact_phone or (resident.phone if resident else ""),
        planned_method=PLANNED_METHOD.get(kind, Method.PHONE if satisfied else ""),
        assignee=assignee,
        created_at=now,
        created_by=by,
        due_at=due,
        call_due=due,
    )
    due_text = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    WORKFLOW.create(callback, by=by, now=now, label=_("Callback scheduled"),
                    note=f"{office_text(callback.get_kind_display())} {callback.source_label} · {due_text}")
    record_event(source, action="callback_scheduled", label=_("Callback scheduled"), by=by, at=now,
                 note=f"{callback.number} · {due_text}", data={"callback": callback.pk})
    return callback

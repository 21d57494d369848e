"""Every write to a rectification 整改措施 (SPEC §5, issue 12): opened when a survey closes, its progress,
plan and completion, and the reopening an unsatisfied callback brings. Each goes through the declared
workflow (surveys.workflows.rectification) and leaves a timeline entry.

`open_rectifications(plan=, by=, now=)` is the contract the plans area calls from `close_survey`, inside
its transaction.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SATISFIED as CALLBACK_SATISFIED
from callbacks.choices import SourceKind
from callbacks.models import Callback
from callbacks.services import schedule_callback
from core.errors import WorkflowError
from core.notifications import notify
from core.numbering import next_number
from core.people import display_name
from core.roles import Role, users_with_role
from core.timeline import record_event
from residents.models import Department, Unit
from surveys.choices import UNSATISFIED, RectificationStatus
from surveys.deadlines_followup import RECTIFICATION_WARNING_LEAD, end_of, rectification_due
from surveys.models import Answer, Rectification, RectificationProgress
from surveys.rules import unsatisfied_share
from surveys.tally import item_counts
from surveys.workflows.rectification import WORKFLOW

NUMBER_PREFIX = "ZG"  # 整改
SUBJECT_LENGTH = 500


def _office_text(value):
    """A label as the office reads it (timeline notes and callback subjects are stored as text)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


# ---- which items, which department --------------------------------------------------------------------

def items_to_rectify(plan, counts=None):
    """[(item, answers, unsatisfied answers)] of every item whose unsatisfied share (不满意/很不满意 over the
    item's answers) is above the plan's threshold; threshold 0 = any unsatisfied answer at all. An item
    nobody rated is not rectified. Reads the one grouped tally of the survey (surveys.tally)."""
    counts = item_counts(plan) if counts is None else counts
    threshold = plan.rectification_threshold
    found = []
    for item in plan.questionnaire.items.select_related("department").order_by("position", "pk"):
        tally = counts.get(item.pk, {})
        share = unsatisfied_share(tally)
        if share is not None and share > threshold:
            found.append((item, sum(tally.values()), sum(n for rating, n in tally.items() if rating in UNSATISFIED)))
    return found


def responsible_department(item, estate, *, cache=None):
    """The item's department; else the department of the item's kind in the survey's estate; else a
    company-wide one of that kind; else None (the supervisor chooses one)."""
    if item.department_id:
        return item.department
    if not item.department_kind:
        return None
    cache = {} if cache is None else cache
    key = (item.department_kind, getattr(estate, "pk", estate))
    if key not in cache:
        of_kind = Department.objects.filter(kind=item.department_kind).select_related("head").order_by("name", "pk")
        cache[key] = of_kind.filter(estate=estate).first() or of_kind.filter(estate__isnull=True).first()
    return cache[key]


def _tell(rectification, message, *, key):
    """The department head (or, without a department, the estate's supervisors) hears of the task."""
    department = rectification.department
    people = [department.head] if department is not None and department.head_id else []
    if not people:
        people = list(users_with_role(Role.SUPERVISOR, estate=rectification.estate_id))
    notify(people, message=message, url=rectification.get_absolute_url(), key=key, target=rectification,
           step="rectify", department=department)


# ---- opening them when the survey closes ----------------------------------------------------------------

@transaction.atomic
def open_rectifications(*, plan, by, now=None):
    """Open one rectification for every item of a closed survey that residents rated unsatisfied above the
    plan's threshold (issue 12), for the item's department, due RECTIFICATION_DAYS later, its head told.

    Called by the plans area's `close_survey` inside its transaction (this runs in the same one).
    Idempotent: an item that already has its rectification gets no second one (one per plan and item,
    also a database constraint), so a second call creates nothing. Returns the rectifications created.
    """
    now = now or timezone.now()
    existing = set(Rectification.objects.filter(plan=plan).values_list("item_id", flat=True))
    departments, created = {}, []
    for item, answers, unsatisfied in items_to_rectify(plan):
        if item.pk in existing:
            continue
        department = responsible_department(item, plan.estate_id, cache=departments)
        rectification = Rectification(
            number=next_number(NUMBER_PREFIX, at=now), plan=plan, estate_id=plan.estate_id, item=item,
            department=department, answers_count=answers, unsatisfied_count=unsatisfied,
            due_at=rectification_due(now), created_at=now, created_by=by,
        )
        note = f"{plan.number} {item.name} {unsatisfied}/{answers}"
        if department is None:
            note += " · " + _office_text(_("no department of this kind: the supervisor chooses one"))
        WORKFLOW.create(rectification, by=by, now=now, label=_("Rectification opened"), note=note)
        record_event(plan, action="rectification_opened", label=_("Rectification opened"), by=by, at=now,
                     note=f"{rectification.number} {item.name}", data={"rectification": rectification.pk})
        _tell(rectification, format_lazy(_("{number}: rectify “{item}” by {day}"), number=rectification.number,
                                         item=item.name, day=rectification.due_day.isoformat()),
              key=f"rectification:{rectification.pk}:opened")
        created.append(rectification)
    return created


# ---- the steps ---------------------------------------------------------------------------------------

@transaction.atomic
def record_progress(*, rectification, note, by, now=None):
    """One entry of the 整改措施落实情况记录 (seed 002 意见征询制度 6)."""
    now = now or timezone.now()
    if not note.strip():
        raise WorkflowError(_("Write down the progress."))

    def changes(locked):
        RectificationProgress.objects.create(rectification=locked, at=now, by=by, note=note)
        return {}

    return WORKFLOW.transition(rectification, "progress", by=by, now=now, changes=changes, note=note)


@transaction.atomic
def plan_rectification(*, rectification, measure, department, due_on, by, now=None):
    """The supervisor (or the office manager) sets the corrective measure, the responsible department and
    the deadline (seed 002 意见征询制度 3: 责成有关部门限期解决). A new department's head is told."""
    now = now or timezone.now()
    if department is None:
        raise WorkflowError(_("Choose the department responsible."))
    if due_on < timezone.localdate(now):
        raise WorkflowError(_("The deadline cannot be in the past."))
    if department.estate_id not in (None, rectification.estate_id):
        raise WorkflowError(_("Choose a department of this estate."))
    before = {}

    def changes(locked):
        before.update(department=locked.department_id)
        return {"measure": measure, "department": department, "due_at": end_of(due_on)}

    rectification = WORKFLOW.transition(
        rectification, "plan", by=by, now=now, changes=changes,
        note=lambda r: " · ".join(part for part in (department.name, due_on.isoformat(), measure) if part),
    )
    if before["department"] != department.pk:
        _tell(rectification, format_lazy(_("{number}: rectify “{item}” by {day}"), number=rectification.number,
                                         item=rectification.item.name, day=due_on.isoformat()),
              key=f"rectification:{rectification.pk}:department:{department.pk}:{now:%Y%m%d%H%M%S}")
    return rectification


def unsatisfied_units(rectification):
    """The units whose returned form rated the rectified item 不满意 or 很不满意 in that survey (one query)."""
    forms = Answer.objects.filter(
        plan_id=rectification.plan_id, item_id=rectification.item_id, rating__in=list(UNSATISFIED)
    ).values("form__unit")
    return Unit.objects.filter(pk__in=forms).select_related("building__estate").order_by("building__name", "number")


def units_to_call_back(rectification):
    """The unsatisfied units not yet found satisfied at a callback about this rectification: each is called
    back when it is done (again), until its resident is satisfied (seed 004 回访制度)."""
    satisfied = Callback.objects.for_source(rectification).filter(result__in=list(CALLBACK_SATISFIED)).values("unit")
    return unsatisfied_units(rectification).exclude(pk__in=satisfied)


@transaction.atomic
def complete_rectification(*, rectification, result, by, now=None):
    """The department head reports what was done; in the same transaction each unit that rated the item
    unsatisfied is due a callback (SPEC §5/§6: a visit or call once the rectification is done), one per
    unit, through the callbacks app's one scheduling function."""
    now = now or timezone.now()
    if not result.strip():
        raise WorkflowError(_("Write down what was done."))
    rectification = WORKFLOW.transition(
        rectification, "complete", by=by, now=now, note=result,
        changes={"done_at": now, "done_by": by, "result": result},
    )
    subject = f"{rectification.plan.number} {rectification.item.name} — {result}"[:SUBJECT_LENGTH]
    for unit in units_to_call_back(rectification):
        schedule_callback(kind=SourceKind.RECTIFICATION, source=rectification, unit=unit,
                          estate=rectification.estate, department=rectification.department, subject=subject,
                          source_label=rectification.number, by=by, now=now)
    return rectification


@transaction.atomic
def reopen_rectification(*, source, callback, by, now):
    """The callbacks app's hook (surveys.hooks.followup.CALLBACK_SOURCES): a callback found a resident still
    unsatisfied, so the rectification goes back to its department with a new deadline, on the timeline,
    until the residents are satisfied (seed 004 回访制度). Already reopened by another unit's callback: the
    complaint is added to the progress record. The reopening is the system's step (not the caller's: a
    clerk may not reopen by hand, and a rectification done last year must still reopen)."""
    locked = WORKFLOW.lock(source)
    place = f"{callback.unit.building.name}-{callback.unit.number}" if callback.unit_id else ""
    what = " ".join(part for part in (callback.number, place, callback.follow_up or callback.comments) if part)
    RectificationProgress.objects.create(
        rectification=locked, at=now, by=by,
        note=_office_text(format_lazy(_("Callback: still unsatisfied. {what}"), what=what)),
    )
    if locked.status == RectificationStatus.OPEN:
        record_event(locked, action="still_unsatisfied", label=_("Callback: a resident is still unsatisfied"),
                     by=by, at=now, note=what, data={"callback": callback.pk})
        return locked
    locked = WORKFLOW.transition(
        locked, "reopen", by=None, now=now, note=f"{what} · {display_name(by)}",
        changes={"due_at": rectification_due(now), "done_at": None, "done_by": None},
        data={"callback": callback.pk},
    )
    _tell(locked, format_lazy(_("{number}: reopened, a resident is still unsatisfied; rectify by {day}"),
                              number=locked.number, day=locked.due_day.isoformat()),
          key=f"rectification:{locked.pk}:reopened:{callback.pk}")
    return locked


def warn_due_rectifications(*, now=None):
    """Warn the department head (and the supervisors) before a rectification falls due and once it is
    overdue (core.workflow). Run every minute by the scheduler (core.jobs)."""
    now = now or timezone.now()
    return WORKFLOW.warn_due(now=now, office_lead=RECTIFICATION_WARNING_LEAD)

"""Every write to a survey plan: drafting (one plan per estate), editing the draft, the approval chain, sending
the forms, the end of the collection period, closing. Each step goes through the declared workflow
(surveys.workflows.plan), in one transaction, with its timeline entry on the plan.

The plan's number: DC2026-00012 (调查), one sequence for every estate (core.numbering).
"""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.deadlines import is_working_day
from core.errors import WorkflowError
from core.estates import within_estate, works_in
from core.notifications import notify
from core.numbering import next_number
from core.roles import has_role, users_with_role
from surveys import rules, tally
from surveys.choices import PeriodKind, PlanStatus
from surveys.models import SurveyForm, SurveyPlan
from surveys.permissions import APPROVE_ROLES, CONFIRM_ROLES, DRAFT_ROLES, REVIEW_ROLES
from surveys.selectors.plans import distribution
from surveys.services.rectification import open_rectifications
from surveys.workflows.plan import CLOSE_AFTER_WORKING_DAYS, START_ROLES, WARNING_LEAD, WORKFLOW

NUMBER_PREFIX = "DC"  # 调查
FORMS_BATCH = 1000


@dataclass(frozen=True)
class PlanInput:
    """What the plan form gives (SPEC §5: purpose, respondents, questionnaire, how many forms and where, dates,
    staff); the estates are chosen beside it."""

    title: str
    purpose: str
    period_kind: str
    year: int
    respondents: str
    questionnaire: Any
    collection_starts: datetime.date
    collection_ends: datetime.date
    half: int | None = None
    distribution: str = ""
    staff: tuple = ()
    rectification_threshold: Decimal = Decimal("0")

    def model_fields(self):
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "staff"}


def office_text(value):
    """A label as the office reads it (timeline notes and notices are stored as text)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


def window_message(starts, ends):
    """SPEC §5's collection window, said next to the field and by the service alike; None when it is kept."""
    if ends < starts:
        return _("The collection cannot end before it starts.")
    days = rules.window_problem(starts, ends)
    if days is None:
        return None
    return format_lazy(
        _("The forms are collected over {low} to {high} days (SPEC §5); this window has {days} days, both ends "
          "counted."),
        low=rules.MIN_COLLECTION_DAYS, high=rules.MAX_COLLECTION_DAYS, days=days,
    )


def _check(data):
    problem = window_message(data.collection_starts, data.collection_ends)
    if problem:
        raise WorkflowError(problem)
    if data.period_kind == PeriodKind.HALF_YEAR and data.half not in (1, 2):
        raise WorkflowError(_("Say which half of the year the survey is for."))
    if not Decimal(0) <= Decimal(data.rectification_threshold) <= Decimal(1):
        raise WorkflowError(_("The rectification threshold is a share between 0 and 100%."))


def _values(data):
    values = data.model_fields()
    if data.period_kind != PeriodKind.HALF_YEAR:
        values["half"] = None
    return values


def _staff_for(staff, estate):
    """The chosen staff who work for the plan's estate (a plan of several estates is one plan per estate)."""
    pks = [user.pk for user in staff]
    return within_estate(get_user_model().objects.filter(pk__in=pks), estate)


@transaction.atomic
def draft_plans(*, data, estates, by, now=None):
    """Customer service drafts the plan (SPEC §5): one plan per estate chosen, all in one transaction (the
    distribution rule, the forms and the results are each an estate's). Returns the plans."""
    now = now or timezone.now()
    if not has_role(by, DRAFT_ROLES) or not all(works_in(by, estate) for estate in estates):
        raise PermissionDenied
    if not estates:
        raise WorkflowError(_("Choose at least one estate."))
    _check(data)
    plans = []
    for estate in estates:
        plan = SurveyPlan(number=next_number(NUMBER_PREFIX, at=now), estate=estate, status=PlanStatus.DRAFT,
                          created_at=now, created_by=by, **_values(data))
        WORKFLOW.create(plan, by=by, now=now, label=_("Plan drafted"), action="drafted",
                        note=f"{plan.title} · {estate.name}")
        plan.staff.set(_staff_for(data.staff, estate))
        plans.append(plan)
    return plans


@transaction.atomic
def update_plan(*, plan, data, by, now=None):
    """Edit the draft (also after it was sent back); the timeline names the fields changed."""
    now = now or timezone.now()
    _check(data)
    values = _values(data)
    changed = []

    def changes(locked):
        for name, value in values.items():
            if getattr(locked, name) != value:
                changed.append(office_text(SurveyPlan._meta.get_field(name).verbose_name))
        return values

    plan = WORKFLOW.transition(plan, "edit", by=by, now=now, changes=changes, note=lambda locked: "、".join(changed))
    staff = _staff_for(data.staff, plan.estate_id)
    plan.staff.set(staff)
    return plan


def _tell(users, plan, message, step, now):
    notify(users, message=format_lazy("{number}: {text}", number=plan.number, text=message),
           url=plan.get_absolute_url(), key=f"surveyplan:{plan.pk}:{step}:{now:%Y%m%d%H%M%S}", target=plan, step=step)


def _approval_step(name, *, at, by_field, next_roles=None, next_step=""):
    """confirm / review / approve: the same shape at each step of the chain."""

    def step(*, plan, by, now=None, note=""):
        now = now or timezone.now()
        with transaction.atomic():
            plan = WORKFLOW.transition(plan, name, by=by, now=now, changes={at: now, by_field: by}, note=note)
            if next_roles:
                _tell(users_with_role(next_roles, estate=plan.estate_id), plan, _("survey plan waiting for you"),
                      next_step, now)
            else:
                _tell(_drafters(plan), plan, _("survey plan approved: the forms can be sent"), "start", now)
        return plan

    step.__name__ = f"{name}_plan"
    return step


def _drafters(plan):
    users = [user for user in (plan.created_by, plan.submitted_by) if user is not None]
    return users + [user for user in users_with_role(START_ROLES, estate=plan.estate_id) if user not in users]


@transaction.atomic
def submit_plan(*, plan, by, now=None, note=""):
    """Customer service submits the draft to the department manager (SPEC §5)."""
    now = now or timezone.now()
    problem = window_message(plan.collection_starts, plan.collection_ends)
    if problem:
        raise WorkflowError(problem)
    plan = WORKFLOW.transition(plan, "submit", by=by, now=now, changes={"submitted_at": now, "submitted_by": by},
                               note=note)
    _tell(users_with_role(CONFIRM_ROLES, estate=plan.estate_id), plan, _("survey plan waiting for you"), "confirm",
          now)
    return plan


confirm_plan = _approval_step("confirm", at="confirmed_at", by_field="confirmed_by", next_roles=REVIEW_ROLES,
                              next_step="review")
review_plan = _approval_step("review", at="reviewed_at", by_field="reviewed_by", next_roles=APPROVE_ROLES,
                             next_step="approve")
approve_plan = _approval_step("approve", at="approved_at", by_field="approved_by")


@transaction.atomic
def send_back_plan(*, plan, reason, by, now=None):
    """The step's approver sends the plan back to customer service with the reason (shown on the plan and on
    the timeline); the chain starts again from the draft."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise WorkflowError(_("Say why the plan is sent back."))
    plan = WORKFLOW.transition(
        plan, "send_back", by=by, now=now, note=reason,
        changes={"returned_reason": reason, "submitted_at": None, "submitted_by": None, "confirmed_at": None,
                 "confirmed_by": None, "reviewed_at": None, "reviewed_by": None},
    )
    _tell(_drafters(plan), plan, format_lazy(_("survey plan sent back: {reason}"), reason=reason), "submit", now)
    return plan


def end_of_local_day(day):
    """Midnight after local `day`: "by the last collection day" means before it."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def close_due_for(collection_ends):
    """The end of the CLOSE_AFTER_WORKING_DAYS-th working day after the last collection day."""
    day, left = collection_ends, CLOSE_AFTER_WORKING_DAYS
    while left:
        day += datetime.timedelta(days=1)
        left -= is_working_day(day)
    return end_of_local_day(day)


@transaction.atomic
def start_survey(*, plan, by, now=None):
    """Send the forms (only an approved plan): one form per unit the rule chooses, each with its own answer
    link, all in one transaction; the occupied households and the forms the rule asks for are frozen."""
    now = now or timezone.now()
    if plan.collection_ends < timezone.localdate(now):
        raise WorkflowError(format_lazy(
            _("The collection window ended on {date}: the forms can no longer go out under this plan."),
            date=plan.collection_ends.isoformat()))
    counts = {}

    def send(locked):
        shares = distribution(locked)
        if not shares.chosen:
            raise WorkflowError(_("The estate has no occupied unit in the registry: there is nobody to send forms to."))
        SurveyForm.objects.bulk_create(
            (SurveyForm(plan=locked, estate_id=locked.estate_id, unit=unit, sent_at=now) for unit in shares.chosen),
            batch_size=FORMS_BATCH,
        )
        counts.update(forms=shares.forms, buildings=len(shares.buildings))
        collection_due = end_of_local_day(locked.collection_ends)
        return {"started_at": now, "started_by": by, "occupied_households": shares.occupied,
                "forms_required": shares.forms, "collection_due": collection_due,
                "close_due": close_due_for(locked.collection_ends)}

    return WORKFLOW.transition(
        plan, "start", by=by, now=now, changes=send,
        note=lambda locked: office_text(format_lazy(_("{forms} forms to {buildings} buildings"), **counts)),
    )


def close_survey(*, plan, by, now=None, note=""):
    """Close the survey with its results (the supervisor or the manager); in the same transaction the items
    rated unsatisfied above the plan's threshold get their rectification (surveys.services.rectification)."""
    now = now or timezone.now()
    with transaction.atomic():
        sent, returned = tally.form_counts(plan)
        rate = rules.return_rate(returned, sent)
        figures = office_text(format_lazy(_("{returned} of {sent} forms returned ({rate})"), returned=returned,
                                          sent=sent, rate=f"{rate:.1%}" if rate is not None else "—"))
        locked = WORKFLOW.transition(plan, "close", by=by, now=now, changes={"closed_at": now, "closed_by": by},
                                     note=" · ".join(part for part in (figures, note) if part))
        open_rectifications(plan=locked, by=by, now=now)
    return locked


def end_due_collections(*, now):
    """The collection period of every survey whose last collection day is over ends (the collecting step is
    done at its due time, so the plan's next step is closing it). Returns how many ended."""
    due = SurveyPlan.objects.filter(status=PlanStatus.COLLECTING, collection_ended_at__isnull=True,
                                    collection_due__lte=now).order_by("collection_due", "pk")
    ended = 0
    for plan in due.iterator(chunk_size=200):
        WORKFLOW.transition(plan, "end_collection", by=None, now=now,
                            changes={"collection_ended_at": plan.collection_due})
        ended += 1
    return ended


def warn_due_plans(*, now=None):
    """Run every minute by the scheduler (core.jobs): end the collection periods that are over, then warn
    before the collection ends and before the results are due, and once overdue."""
    now = now or timezone.now()
    return end_due_collections(now=now) + WORKFLOW.warn_due(now=now, office_lead=WARNING_LEAD)


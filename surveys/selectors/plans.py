"""Reads composed for the plan pages, the entry of returned forms, the desks and the unit's history. Every
queryset a user sees starts from `visible_to(user)` (core.estates): another office's plan does not exist
for them."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.records import HistoryEntry
from core.roles import has_role
from residents.models import Unit
from residents.privacy import phones_masked_in
from surveys import rules
from surveys.choices import PlanStatus, Rating
from surveys.models import SurveyForm, SurveyPlan
from surveys.permissions import DRAFT_ROLES
from surveys.workflows.plan import AWAITING, CLOSE_ROLES


def natural_key(text):
    """"2" before "10", "A" before "B": buildings and units as the office counts them."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(text)) if part]


# ---- the plan ---------------------------------------------------------------------------------------

def plan_list(*, user):
    """The plans the user may see, with the forms sent and returned (one grouped query)."""
    return (
        SurveyPlan.objects.visible_to(user).select_related("estate", "questionnaire")
        .annotate(sent=Count("forms"), returned=Count("forms", filter=Q(forms__returned_at__isnull=False)))
    )


def visible_plan_or_404(user, pk):
    rows = SurveyPlan.objects.visible_to(user).select_related(
        "estate", "questionnaire", "created_by", "submitted_by", "confirmed_by", "reviewed_by", "approved_by",
        "started_by", "closed_by",
    )
    return get_object_or_404(rows, pk=pk)


@dataclass(frozen=True)
class BuildingShare:
    name: str
    occupied: int  # occupied units (before the forms go out) or forms sent (after)
    forms: int
    units: tuple = ()  # the unit numbers that get a form
    returned: int | None = None


@dataclass(frozen=True)
class Distribution:
    """SPEC §5's distribution rule applied to the estate today: the forms to send and the units that get them."""

    area: Decimal
    share: Decimal
    occupied: int
    forms: int
    buildings: list
    chosen: list

    @property
    def large_estate(self):
        return self.area >= rules.AREA_THRESHOLD


def distribution(plan):
    """The occupied households of the plan's estate, the number of forms (98% under 50,000 m², 90% at 50,000 m²
    and over, rounded up) and the units chosen, spread across the buildings (surveys.rules). Two queries."""
    estate = plan.estate
    units = Unit.objects.filter(building__estate_id=estate.pk, occupancy=Unit.Occupancy.OCCUPIED).select_related(
        "building"
    )
    by_building = {}
    for unit in sorted(units, key=lambda u: (natural_key(u.building.name), natural_key(u.number))):
        by_building.setdefault(unit.building.name, []).append(unit)
    occupied = sum(len(group) for group in by_building.values())
    forms = rules.forms_to_send(occupied, estate.gross_floor_area)
    chosen = rules.spread_across_buildings(by_building, forms)
    chosen_ids = {unit.pk for unit in chosen}
    buildings = [
        BuildingShare(name, len(group), sum(u.pk in chosen_ids for u in group),
                      tuple(u.number for u in group if u.pk in chosen_ids))
        for name, group in by_building.items()
    ]
    return Distribution(area=estate.gross_floor_area, share=rules.distribution_share(estate.gross_floor_area),
                        occupied=occupied, forms=forms, buildings=buildings, chosen=chosen)


def sent_by_building(plan):
    """Once the forms are out: per building, the forms sent and returned (one grouped query)."""
    rows = (
        SurveyForm.objects.filter(plan=plan).order_by().values("unit__building__name")
        .annotate(sent=Count("pk"), returned=Count("pk", filter=Q(returned_at__isnull=False)))
    )
    shares = [BuildingShare(row["unit__building__name"], row["sent"], row["sent"], returned=row["returned"])
              for row in rows]
    return sorted(shares, key=lambda share: natural_key(share.name))


def plan_forms(plan, *, returned=None, building=""):
    """The forms of a plan, building by building (for printing and for chasing the ones still out)."""
    rows = SurveyForm.objects.filter(plan=plan).select_related("unit__building", "entered_by")
    if returned is not None:
        rows = rows.filter(returned_at__isnull=not returned)
    if building:
        rows = rows.filter(unit__building__name=building)
    return sorted(rows, key=lambda form: (natural_key(form.unit.building.name), natural_key(form.unit.number)))


def visible_form_or_404(user, pk):
    rows = SurveyForm.objects.visible_to(user).select_related(
        "plan__questionnaire", "plan__estate", "unit__building__estate", "entered_by"
    )
    return get_object_or_404(rows, pk=pk)


def form_answers(form):
    """[(item, rating label or "")] in the questionnaire's order (two queries)."""
    ratings = dict(form.answers.values_list("item_id", "rating"))
    return [(item, Rating(ratings[item.pk]).label if item.pk in ratings else "")
            for item in form.plan.questionnaire.items.all()]


def recent_returns(plan, *, limit=5):
    """The forms entered last (the entry page shows them, so the clerk sees the flow of the pile)."""
    return (
        SurveyForm.objects.filter(plan=plan, returned_at__isnull=False).select_related("unit__building", "entered_by")
        .order_by("-returned_at", "-pk")[:limit]
    )


def collecting_plans(*, user):
    """The surveys whose forms are out, for the entry page's choice."""
    return plan_list(user=user).filter(status=PlanStatus.COLLECTING).order_by("collection_ends", "pk")


# ---- the role desks (core.desk: DeskPanel(rows="surveys.selectors.plans.desk_…")) -------------------

def desk_awaiting_approval(user, now):
    """Plans waiting for this user's step of the chain: the manager confirms, the vice general manager
    reviews, the general manager approves (SPEC §5)."""
    states = [state for state, roles in AWAITING.items() if has_role(user, roles)]
    return plan_list(user=user).filter(status__in=states).order_by("submitted_at", "pk")


def desk_to_prepare(user, now):
    """Customer service: drafts to finish (those sent back first) and approved plans whose forms can go out."""
    if not has_role(user, DRAFT_ROLES):
        return SurveyPlan.objects.none()
    return plan_list(user=user).filter(status__in=[PlanStatus.DRAFT, PlanStatus.APPROVED]).order_by(
        "status", "created_at", "pk"
    )


def desk_collecting(user, now):
    """The surveys whose forms are out, with how many came back."""
    return plan_list(user=user).filter(status=PlanStatus.COLLECTING).order_by("collection_ends", "pk")


def desk_to_close(user, now):
    """The collection period is over: the supervisor or the manager closes the survey with its results."""
    if not has_role(user, CLOSE_ROLES):
        return SurveyPlan.objects.none()
    return desk_collecting(user, now).filter(collection_ended_at__isnull=False).order_by("close_due", "pk")


# ---- the unit's history (core.records) -----------------------------------------------------------------

def unit_history(unit, viewer):
    """The survey forms the unit returned (on paper or online), newest first."""
    label = SurveyForm._meta.verbose_name
    rows = (
        SurveyForm.objects.visible_to(viewer).filter(unit=unit, returned_at__isnull=False).select_related("plan")
        .order_by("-returned_at", "-pk")
    )
    return [
        HistoryEntry(at=form.returned_at, kind=label, number=form.plan.number,
                     summary=" · ".join(filter(None, [form.plan.title, str(form.get_channel_display()),
                                                      phones_masked_in(viewer, form.opinion)[:60]])),
                     status=form.plan.get_status_display(), url=reverse("surveys:form_detail", args=[form.pk]))
        for form in rows
    ]


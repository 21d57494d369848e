"""Reads for the results pages, the workbook and the notice (SPEC §5: forms returned, the overall and
per-item satisfaction rates, common opinions, the comparison with the estate's previous survey).

Every read is a fixed number of queries whatever the number of forms: the answers are read grouped
(surveys.tally), the opinions a page at a time, the overview grouped over the plans it shows."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from residents.models import Department
from residents.privacy import can_see_personal_details, phones_masked_in
from surveys.choices import PlanStatus
from surveys.models import Answer, QuestionnaireItem, SurveyForm, SurveyPlan
from surveys.results import Item, compute_results, points, previous_figures
from surveys.rules import return_rate, return_rate_too_low, satisfaction_rate, unsatisfied_share
from surveys.tally import form_counts, item_counts

# The plans that have results: the forms went out (live figures while collecting) or it is closed.
STARTED = (PlanStatus.COLLECTING, PlanStatus.CLOSED)
# The results page lists the most recent opinions; the rest are a page away.
OPINIONS_SHOWN = 10


def visible_plan(user, pk):
    """The plan if the user works for its estate (core.estates), else Http404."""
    return get_object_or_404(SurveyPlan.objects.visible_to(user).select_related("estate", "questionnaire"), pk=pk)


def plan_items(plan):
    """The plan's questionnaire items in order, each with its responsible department's name: the item's
    own department, else the estate's department of the item's kind (a company-wide one failing that)."""
    rows = list(
        QuestionnaireItem.objects.filter(questionnaire_id=plan.questionnaire_id)
        .order_by("position", "pk").values_list("pk", "position", "name", "department__name", "department_kind")
    )
    kinds = {kind for _pk, _pos, _name, department, kind in rows if not department and kind}
    own, company = {}, {}
    if kinds:
        departments = (Department.objects.filter(kind__in=kinds)
                       .filter(Q(estate_id=plan.estate_id) | Q(estate__isnull=True))
                       .order_by("name", "pk").values_list("kind", "name", "estate_id"))
        for kind, name, estate in departments:
            (company if estate is None else own).setdefault(kind, name)
    by_kind = company | own  # the estate's own department wins over a company-wide one
    return [Item(pk, position, name, department or by_kind.get(kind, "")) for pk, position, name, department, kind
            in rows]


def previous_survey(plan):
    """The estate's closed survey before this one (by the end of collection), or None."""
    earlier = Q(collection_ends__lt=plan.collection_ends) | Q(collection_ends=plan.collection_ends, pk__lt=plan.pk)
    return (SurveyPlan.objects.filter(earlier, estate_id=plan.estate_id, status=PlanStatus.CLOSED)
            .exclude(pk=plan.pk).order_by("-collection_ends", "-pk").first())


def previous_of(plan):
    """The `Previous` figures of the estate's previous survey, or None (four queries at most)."""
    previous = previous_survey(plan)
    if previous is None:
        return None
    items = [Item(pk, position, name) for pk, position, name in
             QuestionnaireItem.objects.filter(questionnaire_id=previous.questionnaire_id)
             .order_by("position", "pk").values_list("pk", "position", "name")]
    sent, returned = form_counts(previous)
    return previous_figures(pk=previous.pk, number=previous.number, title=previous.title,
                            collection_ends=previous.collection_ends, items=items, counts=item_counts(previous),
                            sent=sent, returned=returned)


def survey_results(plan, *, compare=True):
    """The results of `plan` (live while its forms are out), compared with the estate's previous survey."""
    sent, returned = form_counts(plan)
    return compute_results(
        items=plan_items(plan), counts=item_counts(plan), scale=plan.questionnaire.scale, sent=sent,
        returned=returned, threshold=plan.rectification_threshold, previous=previous_of(plan) if compare else None,
    )


# ---- opinions -------------------------------------------------------------------------------------

OPINION_FIELDS = ("pk", "returned_at", "channel", "opinion")
UNIT_FIELDS = ("unit__building__name", "unit__number")


def _with_opinion(plan):
    return SurveyForm.objects.filter(plan=plan, returned_at__isnull=False).exclude(opinion="")


def opinions(plan, viewer):
    """The returned forms' opinions, the most recent first, as dicts: returned_at, channel, opinion and —
    only for those who may see residents' details (SPEC §2) — the unit. Never the respondent's name."""
    fields = OPINION_FIELDS + (UNIT_FIELDS if can_see_personal_details(viewer) else ())
    return _with_opinion(plan).order_by("-returned_at", "-pk").values(*fields)


def unit_label(row):
    """"3-1202" from an opinion or answer row that carries the unit, else ""."""
    number = row.get("unit__number")
    return f"{row.get('unit__building__name')}-{number}" if number else ""


def opinion_text(viewer):
    """text -> the opinion as `viewer` may read it: phone numbers in it masked unless they may see them."""
    return lambda text: phones_masked_in(viewer, text)


def recent_opinions(plan, viewer, limit=OPINIONS_SHOWN):
    """(the `limit` most recent opinions, how many there are in all): two queries."""
    return opinion_rows(opinions(plan, viewer)[:limit], viewer), _with_opinion(plan).count()


def opinion_rows(rows, viewer):
    shown = opinion_text(viewer)
    return [{**row, "unit": unit_label(row), "opinion": shown(row["opinion"])} for row in rows]


# ---- the overview of every estate's latest survey -------------------------------------------------

@dataclass(frozen=True)
class Headline:
    plan: SurveyPlan
    sent: int
    returned: int
    rate: object
    previous: SurveyPlan | None
    previous_rate: object
    lowest: tuple | None  # (item name, rate) of the least satisfying item
    to_rectify: int  # items whose unsatisfied share is above the plan's threshold

    @property
    def return_rate(self):
        return return_rate(self.returned, self.sent)

    @property
    def return_rate_too_low(self):
        return return_rate_too_low(self.returned, self.sent)

    @property
    def change(self):
        return points(self.rate, self.previous_rate)


def survey_years(user):
    return list(SurveyPlan.objects.visible_to(user).filter(status__in=STARTED).order_by("-year")
                .values_list("year", flat=True).distinct())


def results_overview(user, *, year=None):
    """Each estate's latest survey whose forms went out (of `year` if given), with its headline figures
    and its previous closed survey's overall rate, estates in name order: four queries whatever the
    number of estates and forms."""
    plans = list(SurveyPlan.objects.visible_to(user).filter(status__in=STARTED).select_related("estate")
                 .order_by("estate__name", "estate_id", "-collection_ends", "-pk"))
    by_estate = defaultdict(list)
    for plan in plans:
        by_estate[plan.estate_id].append(plan)
    pairs = []
    for estate_plans in by_estate.values():
        latest = next((plan for plan in estate_plans if year is None or plan.year == year), None)
        if latest is None:
            continue
        earlier = estate_plans[estate_plans.index(latest) + 1:]
        pairs.append((latest, next((plan for plan in earlier if plan.status == PlanStatus.CLOSED), None)))
    shown = [plan.pk for pair in pairs for plan in pair if plan is not None]
    forms = {row["plan"]: row for row in SurveyForm.objects.filter(plan__in=shown).values("plan").annotate(
        sent=Count("pk"), returned=Count("pk", filter=Q(returned_at__isnull=False))).order_by()}
    counts = defaultdict(lambda: defaultdict(dict))
    for plan, item, rating, n in (Answer.objects.filter(plan__in=shown).values_list("plan", "item", "rating")
                                  .annotate(n=Count("pk")).order_by()):
        counts[plan][item][rating] = n
    names = dict(QuestionnaireItem.objects.filter(
        questionnaire__in={plan.questionnaire_id for pair in pairs for plan in pair if plan is not None}
    ).values_list("pk", "name")) if shown else {}
    headlines = []
    for latest, previous in pairs:
        figures = forms.get(latest.pk, {"sent": 0, "returned": 0})
        items = counts[latest.pk]
        rates = [(names.get(item, ""), satisfaction_rate(item_counts_)) for item, item_counts_ in items.items()]
        lowest = min(((name, rate) for name, rate in rates if rate is not None), key=lambda pair: pair[1],
                     default=None)
        headlines.append(Headline(
            plan=latest, sent=figures["sent"], returned=figures["returned"], rate=_overall(items),
            previous=previous, previous_rate=_overall(counts[previous.pk]) if previous else None, lowest=lowest,
            to_rectify=sum(1 for c in items.values() if _above(c, latest.rectification_threshold)),
        ))
    return headlines


def _overall(items):
    totals = defaultdict(int)
    for item_counts_ in items.values():
        for rating, n in item_counts_.items():
            totals[rating] += n
    return satisfaction_rate(totals)


def _above(counts, threshold):
    share = unsatisfied_share(counts)
    return share is not None and share > threshold


# ---- the workbook's data version ------------------------------------------------------------------

def results_fingerprint(plan):
    """What a prepared workbook of the plan was built from: its state and its returned forms (one query)."""
    figures = SurveyForm.objects.filter(plan=plan).aggregate(
        returned=Count("pk", filter=Q(returned_at__isnull=False)), last=Max("returned_at"))
    last = figures["last"].isoformat() if figures["last"] else "-"
    return f"{plan.status}:{figures['returned']}:{last}:{plan.rectification_threshold}"

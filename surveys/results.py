"""A survey's results (SPEC §5) computed from its tally: no database here, so the results page, the
workbook, the notice and the tests all read one set of figures.

`compute_results(...)` takes what surveys.tally read (answers per item and rating, forms sent and
returned) and returns `SurveyResults`: the return rate and its 30% warning, the satisfaction rate of
every item and overall, the answer distribution, the Pareto rows 排列图 of the unsatisfied answers, the
items to rectify and, when given, the comparison with the estate's previous survey.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from surveys.choices import SATISFIED, UNSATISFIED, Rating
from surveys.rules import (
    MIN_RETURN_RATE,
    levels,
    return_rate,
    return_rate_too_low,
    satisfaction_rate,
    unsatisfied_share,
)

# Seed 002 (排列图法): the Pareto chart's line. The items that together make up the first 80% of the
# unsatisfied answers are the few to act on first.
PARETO_SHARE = Decimal("0.80")
# Rates are shown in percent with one decimal (97.1%); a change smaller than half of that is "no change".
PERCENT_PLACES = Decimal("0.1")


def percent(value):
    """A fraction as a percentage rounded half up to one decimal (Decimal("0.97125") -> Decimal("97.1")),
    or None. The page, the notice and the tests round the same way."""
    if value is None:
        return None
    return (Decimal(value) * 100).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def whole_percent(value):
    """A rule's fraction as a plain percentage for a sentence: Decimal("0.30") -> "30"."""
    return f"{(Decimal(value) * 100).normalize():f}"


def points(current, previous):
    """The change between two rates in percentage points (one decimal), or None when one is missing."""
    if current is None or previous is None:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Item:
    """A rated item as the results need it."""

    pk: int
    position: int
    name: str
    department: str = ""


@dataclass(frozen=True)
class ItemResult:
    item: Item
    counts: tuple  # answers per level of the scale, best first
    answers: int
    satisfied: int
    unsatisfied: int
    rate: Decimal | None  # satisfied / answers
    unsatisfied_share: Decimal | None
    rectify: bool  # the unsatisfied share is above the plan's threshold
    previous_rate: Decimal | None = None

    @property
    def name(self):
        return self.item.name

    @property
    def change(self):
        return points(self.rate, self.previous_rate)


@dataclass(frozen=True)
class ParetoRow:
    name: str
    unsatisfied: int
    share: Decimal  # of all unsatisfied answers
    cumulative: Decimal
    vital: bool  # one of the items making up the first 80%


@dataclass(frozen=True)
class Previous:
    """The figures of the estate's previous survey the results are compared with."""

    pk: int
    number: str
    title: str
    collection_ends: object
    sent: int
    returned: int
    rate: Decimal | None
    item_rates: dict  # item name -> satisfaction rate

    @property
    def return_rate(self):
        return return_rate(self.returned, self.sent)


@dataclass(frozen=True)
class SurveyResults:
    scale: str
    levels: tuple  # the scale's ratings, best first
    sent: int
    returned: int
    items: list
    threshold: Decimal
    previous: Previous | None = None
    pareto: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # {rating: answers} over every item

    @property
    def return_rate(self):
        return return_rate(self.returned, self.sent)

    @property
    def return_rate_too_low(self):
        """SPEC §5: fewer than 30% of the forms sent came back."""
        return return_rate_too_low(self.returned, self.sent)

    @property
    def min_return_rate(self):
        return MIN_RETURN_RATE

    @property
    def satisfied_levels(self):
        """The levels of this scale that count as satisfied (SPEC §5)."""
        return tuple(level for level in self.levels if level in SATISFIED)

    @property
    def counts(self):
        """Answers per level over every item."""
        return tuple(sum(item.counts[i] for item in self.items) for i in range(len(self.levels)))

    @property
    def answers(self):
        return sum(item.answers for item in self.items)

    @property
    def satisfied(self):
        return sum(item.satisfied for item in self.items)

    @property
    def unsatisfied(self):
        return sum(item.unsatisfied for item in self.items)

    @property
    def rate(self):
        """The overall satisfaction rate: satisfied answers over all answers of every item (SPEC §5)."""
        return satisfaction_rate(self.totals)

    @property
    def unsatisfied_share(self):
        return _share(self.unsatisfied, self.answers)

    @property
    def change(self):
        return points(self.rate, self.previous.rate) if self.previous else None

    @property
    def to_rectify(self):
        return [item for item in self.items if item.rectify]


def _share(part, whole):
    return Decimal(part) / Decimal(whole) if whole else None


def item_result(item, counts, scale, threshold, previous_rate=None):
    """One item's figures from its {rating: answers}."""
    answers = sum(counts.values())
    share = unsatisfied_share(counts)
    return ItemResult(
        item=item,
        counts=tuple(counts.get(level, 0) for level in levels(scale)),
        answers=answers,
        satisfied=sum(n for rating, n in counts.items() if rating in SATISFIED),
        unsatisfied=sum(n for rating, n in counts.items() if rating in UNSATISFIED),
        rate=satisfaction_rate(counts),
        unsatisfied_share=share,
        rectify=share is not None and share > threshold,
        previous_rate=previous_rate,
    )


def pareto_rows(items):
    """The items with unsatisfied answers, most first (ties in questionnaire order), with each one's
    share and the cumulative share; `vital` for those that make up the first 80%."""
    rows = sorted((item for item in items if item.unsatisfied), key=lambda item: (-item.unsatisfied,
                                                                                   item.item.position))
    total = sum(item.unsatisfied for item in rows)
    result, running, reached = [], 0, False
    for item in rows:
        running += item.unsatisfied
        cumulative = Decimal(running) / Decimal(total)
        result.append(ParetoRow(item.name, item.unsatisfied, Decimal(item.unsatisfied) / Decimal(total), cumulative,
                                vital=not reached))
        reached = reached or cumulative >= PARETO_SHARE
    return result


def compute_results(*, items, counts, scale, sent, returned, threshold=0, previous=None):
    """The results of one survey.

    items: [Item] in questionnaire order; counts: {item pk: {rating: answers}} (surveys.tally.item_counts);
    sent, returned: surveys.tally.form_counts; threshold: the plan's rectification threshold (a fraction:
    an item is rectified when its unsatisfied share is above it); previous: a `Previous` or None.
    """
    threshold = Decimal(threshold)
    previous_rates = previous.item_rates if previous else {}
    rows = [item_result(item, counts.get(item.pk, {}), scale, threshold, previous_rates.get(item.name))
            for item in items]
    return SurveyResults(scale=scale, levels=tuple(levels(scale)), sent=sent, returned=returned, items=rows,
                         threshold=threshold, previous=previous, pareto=pareto_rows(rows),
                         totals=_summed(counts.get(item.pk, {}) for item in items))


def _summed(dicts):
    totals = {}
    for counts in dicts:
        for rating, n in counts.items():
            totals[rating] = totals.get(rating, 0) + n
    return totals


def previous_figures(*, pk, number, title, collection_ends, items, counts, sent, returned):
    """A `Previous` from the previous survey's tally; its items matched to this survey's by name (the
    questionnaire may have changed between the two)."""
    rates = {item.name: satisfaction_rate(counts.get(item.pk, {})) for item in items}
    overall = satisfaction_rate(_summed(counts.get(item.pk, {}) for item in items))
    return Previous(pk=pk, number=number, title=title, collection_ends=collection_ends, sent=sent,
                    returned=returned, rate=overall, item_rates=rates)


def satisfied_levels_text(results):
    return "、".join(str(Rating(level).label) for level in results.satisfied_levels)


def formula_lines(results):
    """SPEC §5's formulas as the page and the workbook state them."""
    return [
        _("Satisfaction rate = answers rated %(levels)s ÷ all answers of the item × 100%%.")
        % {"levels": satisfied_levels_text(results)},
        _("Overall satisfaction rate = satisfied answers of every item ÷ all answers of every item × 100%."),
        _("Return rate = forms returned ÷ forms sent × 100%%; at least %(minimum)s%% is required.")
        % {"minimum": whole_percent(MIN_RETURN_RATE)},
    ]

"""The survey rules of SPEC §5 as pure functions: no database, table-driven tests.

Every number of the SOP is a named constant here, beside the section it comes from.
"""

import datetime
import math
from decimal import Decimal

from surveys.choices import LEVELS, SATISFIED, UNSATISFIED, Scale

# SPEC §5: forms for 98% of occupied households in an estate under 50,000 m², 90% at 50,000 m² and over.
AREA_THRESHOLD = Decimal("50000")
SHARE_SMALL_ESTATE = Decimal("0.98")
SHARE_LARGE_ESTATE = Decimal("0.90")
# SPEC §5: the forms are collected over 10–15 days.
MIN_COLLECTION_DAYS = 10
MAX_COLLECTION_DAYS = 15
# SPEC §5: the return rate must reach at least 30% of the forms sent.
MIN_RETURN_RATE = Decimal("0.30")


def distribution_share(gross_floor_area):
    """The share of occupied households that get a form; exactly 50,000 m² is "and over"."""
    return SHARE_LARGE_ESTATE if Decimal(gross_floor_area) >= AREA_THRESHOLD else SHARE_SMALL_ESTATE


def forms_to_send(occupied_households, gross_floor_area):
    """How many forms go out: the share of occupied households, rounded up."""
    exact = Decimal(occupied_households) * distribution_share(gross_floor_area)
    return min(occupied_households, math.ceil(exact))


def spread_across_buildings(units_by_building, count):
    """Choose `count` units so every building is represented and each gets its fair share.

    units_by_building: {building key: [unit, …]} in a stable order (e.g. by floor and number).
    Every building with an occupied unit gets at least one form while count ≥ the buildings; the rest
    are shared in proportion to each building's size.
    Returns the chosen units, building by building.
    """
    queues = {key: list(units) for key, units in units_by_building.items() if units}
    order = sorted(queues, key=lambda key: -len(queues[key]))
    remaining = min(count, sum(len(units) for units in queues.values()))
    # One form per building first (while there are enough forms), then the rest in proportion to the
    # units each building has left, the largest remainders first.
    quotas = {key: 1 if remaining >= len(order) else 0 for key in order}
    if remaining < len(order):
        for key in order[:remaining]:
            quotas[key] = 1
    left = remaining - sum(quotas.values())
    spare = {key: len(queues[key]) - quotas[key] for key in order}
    total_spare = sum(spare.values())
    if left and total_spare:
        shares = {key: spare[key] * left / total_spare for key in order}
        for key in order:
            quotas[key] += int(shares[key])
        left = remaining - sum(quotas.values())
        for key in sorted(order, key=lambda key: -(shares[key] - int(shares[key]))):
            if left <= 0:
                break
            if quotas[key] < len(queues[key]):
                quotas[key] += 1
                left -= 1
    chosen = []
    for key in order:
        units, quota = queues[key], quotas[key]
        # Evenly through the building (every floor), not its first `quota` units.
        step = len(units) / quota if quota else 0
        chosen += [units[int(i * step)] for i in range(quota)]
    return chosen


def collection_days(starts, ends):
    """The collection window in days, both ends counted (1 to 10 November is 10 days)."""
    return (ends - starts).days + 1


def window_problem(starts: datetime.date, ends: datetime.date):
    """None when the collection window keeps SPEC §5's 10–15 days; else the number of days it has."""
    days = collection_days(starts, ends)
    return None if MIN_COLLECTION_DAYS <= days <= MAX_COLLECTION_DAYS else days


def levels(scale):
    return LEVELS[Scale(scale)]


def rate(part, whole):
    """A share as a Decimal fraction (0.9712), or None when there is nothing to divide."""
    return (Decimal(part) / Decimal(whole)) if whole else None


def satisfaction_rate(counts):
    """SPEC §5: satisfied answers (很满意, 满意, 基本满意) over all answers of the item(s).

    counts: {rating: number of answers}."""
    total = sum(counts.values())
    return rate(sum(n for rating, n in counts.items() if rating in SATISFIED), total)


def unsatisfied_share(counts):
    total = sum(counts.values())
    return rate(sum(n for rating, n in counts.items() if rating in UNSATISFIED), total)


def return_rate(returned, sent):
    return rate(returned, sent)


def return_rate_too_low(returned, sent):
    """SPEC §5: fewer than 30% of the forms sent came back."""
    value = return_rate(returned, sent)
    return value is not None and value < MIN_RETURN_RATE

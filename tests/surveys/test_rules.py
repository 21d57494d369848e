"""SPEC §5's numbers as pure rules (surveys.rules)."""

import datetime
from decimal import Decimal

import pytest

from surveys import rules
from surveys.choices import Rating, Scale


@pytest.mark.parametrize(
    ("area", "share"),
    [("49999.99", "0.98"), ("50000", "0.90"), ("50000.00", "0.90"), ("120000", "0.90"), ("800", "0.98")],
)
def test_estate_of_50000_m2_and_over_gets_90_percent_under_it_98(area, share):
    assert rules.distribution_share(Decimal(area)) == Decimal(share)


@pytest.mark.parametrize(
    ("households", "area", "forms"),
    [(100, "49999.99", 98), (100, "50000", 90), (101, "30000", 99), (101, "60000", 91), (1, "30000", 1), (0, "1", 0)],
)
def test_forms_to_send_are_rounded_up(households, area, forms):
    assert rules.forms_to_send(households, Decimal(area)) == forms


@pytest.mark.parametrize(
    ("days", "problem"), [(9, 9), (10, None), (12, None), (15, None), (16, 16)],
)
def test_collection_window_is_10_to_15_days_both_ends_counted(days, problem):
    starts = datetime.date(2026, 11, 1)
    assert rules.window_problem(starts, starts + datetime.timedelta(days=days - 1)) == problem


def test_every_building_is_represented_when_forms_are_spread():
    units = {"A": list(range(100)), "B": list(range(100, 103)), "C": [200]}
    chosen = rules.spread_across_buildings(units, 10)
    assert len(chosen) == 10 and len(set(chosen)) == 10
    assert any(u < 100 for u in chosen) and any(100 <= u < 103 for u in chosen) and 200 in chosen


def test_spread_takes_every_unit_when_the_rule_asks_for_all():
    units = {"A": [1, 2, 3], "B": [4]}
    assert sorted(rules.spread_across_buildings(units, 4)) == [1, 2, 3, 4]


def test_spread_never_gives_more_forms_than_units():
    assert len(rules.spread_across_buildings({"A": [1, 2]}, 5)) == 2


def test_satisfied_counts_very_satisfied_satisfied_and_fairly_satisfied():
    counts = {Rating.VERY_SATISFIED: 2, Rating.SATISFIED: 3, Rating.FAIRLY_SATISFIED: 1, Rating.UNSATISFIED: 3,
              Rating.VERY_UNSATISFIED: 1}
    assert rules.satisfaction_rate(counts) == Decimal("0.6")
    assert rules.unsatisfied_share(counts) == Decimal("0.4")


def test_three_level_scale_has_very_satisfied_fairly_satisfied_unsatisfied():
    assert rules.levels(Scale.THREE) == (Rating.VERY_SATISFIED, Rating.FAIRLY_SATISFIED, Rating.UNSATISFIED)
    assert len(rules.levels(Scale.FIVE)) == 5


def test_return_rate_below_30_percent_is_too_low():
    assert rules.return_rate_too_low(29, 100)
    assert not rules.return_rate_too_low(30, 100)
    assert not rules.return_rate_too_low(0, 0)

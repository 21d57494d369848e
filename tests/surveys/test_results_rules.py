"""A survey's results computed from its tally (surveys.results): no database, one rule per test."""

from decimal import Decimal

import pytest

from core.charts import PARETO_BAR, PARETO_OTHER, pareto_chart
from surveys.choices import Rating, Scale
from surveys.results import Item, compute_results, pareto_rows, percent, points, previous_figures

VS, S, FS, U, VU = (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED, Rating.UNSATISFIED,
                    Rating.VERY_UNSATISFIED)
ITEMS = [Item(1, 1, "保安服务"), Item(2, 2, "保洁服务"), Item(3, 3, "车辆管理"), Item(4, 4, "维修服务")]


def results(counts, *, scale=Scale.FIVE, sent=100, returned=50, threshold=0, previous=None, items=ITEMS):
    return compute_results(items=items, counts=counts, scale=scale, sent=sent, returned=returned,
                           threshold=threshold, previous=previous)


def test_satisfied_on_the_three_level_scale_is_very_satisfied_and_fairly_satisfied():
    figures = results({1: {VS: 5, FS: 3, U: 2}}, scale=Scale.THREE)
    item = figures.items[0]
    assert figures.levels == (VS, FS, U) and figures.satisfied_levels == (VS, FS)
    assert item.counts == (5, 3, 2) and item.satisfied == 8 and item.rate == Decimal("0.8")


def test_satisfied_on_the_five_level_scale_is_the_top_three_levels():
    figures = results({1: {VS: 1, S: 2, FS: 3, U: 3, VU: 1}})
    item = figures.items[0]
    assert figures.satisfied_levels == (VS, S, FS)
    assert item.counts == (1, 2, 3, 3, 1) and item.satisfied == 6 and item.unsatisfied == 4
    assert item.rate == Decimal("0.6") and item.unsatisfied_share == Decimal("0.4")


def test_overall_rate_counts_every_items_answers_together():
    figures = results({1: {VS: 9, U: 1}, 2: {FS: 1, VU: 9}, 3: {S: 10}})
    assert figures.answers == 30 and figures.satisfied == 20
    assert figures.rate == Decimal(20) / Decimal(30)
    assert figures.items[3].rate is None  # no answers for 维修服务: nothing to divide, not 0%


@pytest.mark.parametrize(("sent", "returned", "too_low"), [
    (10, 3, False),  # exactly 30%: the minimum is reached
    (1000, 300, False),
    (1000, 299, True),
    (10, 2, True),
    (3, 0, True),
    (0, 0, False),  # nothing sent: no rate, no warning
])
def test_return_rate_warning_below_30_percent(sent, returned, too_low):
    figures = results({}, sent=sent, returned=returned)
    assert figures.return_rate_too_low is too_low


def test_an_item_is_rectified_only_when_its_unsatisfied_share_is_above_the_threshold():
    counts = {1: {VS: 9, U: 1}, 2: {VS: 10}, 3: {VS: 8, U: 1, VU: 1}}
    any_unsatisfied = results(counts)
    assert [item.name for item in any_unsatisfied.to_rectify] == ["保安服务", "车辆管理"]
    above_ten = results(counts, threshold=Decimal("0.10"))  # 保安服务 has exactly 10%: not above
    assert [item.name for item in above_ten.to_rectify] == ["车辆管理"]


def test_pareto_rows_put_the_most_unsatisfying_item_first_with_the_cumulative_share():
    figures = results({1: {U: 10}, 2: {U: 50, VU: 10}, 3: {VU: 25}, 4: {VS: 40}})
    rows = figures.pareto
    assert [row.name for row in rows] == ["保洁服务", "车辆管理", "保安服务"]  # 维修服务 has none: left out
    assert [row.unsatisfied for row in rows] == [60, 25, 10]
    assert [percent(row.cumulative) for row in rows] == [Decimal("63.2"), Decimal("89.5"), Decimal("100.0")]
    # The first 80%: 保洁服务 (63%) and 车辆管理, which takes the total past 80%.
    assert [row.vital for row in rows] == [True, True, False]


def test_pareto_item_reaching_exactly_80_percent_closes_the_vital_few():
    rows = pareto_rows(results({1: {U: 80}, 2: {U: 15}, 3: {U: 5}}).items)
    assert [row.vital for row in rows] == [True, False, False]


def test_pareto_ties_keep_the_questionnaire_order():
    rows = pareto_rows(results({3: {U: 5}, 1: {U: 5}, 2: {U: 5}}).items)
    assert [row.name for row in rows] == ["保安服务", "保洁服务", "车辆管理"]


def test_comparison_matches_items_by_name_and_gives_the_change_in_points():
    earlier_items = [Item(11, 1, "保安服务"), Item(12, 2, "绿化")]
    previous = previous_figures(pk=7, number="DC2025-00001", title="2025", collection_ends=None, items=earlier_items,
                                counts={11: {VS: 3, U: 1}, 12: {VS: 1}}, sent=10, returned=4)
    figures = results({1: {VS: 9, U: 1}, 2: {VS: 1}}, previous=previous)
    security, cleaning = figures.items[:2]
    assert security.previous_rate == Decimal("0.75") and security.change == Decimal("15.0")
    assert cleaning.previous_rate is None and cleaning.change is None  # not asked last time
    assert previous.rate == Decimal("0.8")  # 4 of 5 answers satisfied
    assert figures.change == points(figures.rate, Decimal("0.8"))


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("0.97125"), Decimal("97.1")), (Decimal("0.97150"), Decimal("97.2")), (Decimal("0.3"), Decimal("30.0")),
    (Decimal(2) / Decimal(3), Decimal("66.7")), (None, None),
])
def test_rates_are_shown_in_percent_rounded_half_up_to_one_decimal(value, shown):
    assert percent(value) == shown


def test_pareto_chart_draws_descending_columns_the_cumulative_line_and_the_80_percent_line():
    chart = pareto_chart("排列图", [("保安服务", 10), ("保洁服务", 60), ("车辆管理", 25), ("维修服务", 0)],
                         count_label="不满意答案数", cumulative_label="累计百分比")
    svg = chart.render()
    columns = [rect for rect in chart.rects if rect.tip and "%)" in rect.tip]
    assert [rect.tip.split(":")[0] for rect in columns] == ["保洁服务", "车辆管理", "保安服务"]
    assert columns[0].height > columns[1].height > columns[2].height
    assert [rect.fill for rect in columns] == [PARETO_BAR, PARETO_BAR, PARETO_OTHER]
    assert 'stroke-dasharray="5 4"' in svg and "80%" in svg and "100.0%" in svg and "保洁服务" in svg


def test_pareto_chart_without_unsatisfied_answers_says_so():
    chart = pareto_chart("排列图", [("保安服务", 0)], empty_text="没有不满意的答案")
    assert chart.empty and "没有不满意的答案" in chart.render()

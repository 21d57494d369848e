"""The charts of a survey's results, drawn on the server (core.charts) from a `SurveyResults`, so the
results page and its print show the same pictures."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.charts import bar_chart, column_chart, pareto_chart
from surveys.choices import Rating
from surveys.results import PARETO_SHARE, percent

# Satisfied levels in greens, unsatisfied ones in orange and red.
LEVEL_COLORS = {
    Rating.VERY_SATISFIED: "#1e7b45",
    Rating.SATISFIED: "#5cb85c",
    Rating.FAIRLY_SATISFIED: "#b5d99c",
    Rating.UNSATISFIED: "#f0ad4e",
    Rating.VERY_UNSATISFIED: "#d9534f",
}
# This survey in colour, the previous one in grey (as the complaint statistics compare periods).
COMPARED_COLORS = ["#2f6fb0", "#adb5bd"]


@dataclass
class ResultsCharts:
    distribution: object
    rates: object
    pareto: object
    compared: object | None


def _percent(value):
    shown = percent(value)
    return None if shown is None else float(shown)


def results_charts(results, *, previous_label=""):
    names = [item.name for item in results.items]
    compared = None
    if results.previous is not None:
        compared = column_chart(
            _("Satisfaction rate per item: this survey and the previous one (%)"), names,
            [(_("This survey"), [_percent(item.rate) for item in results.items]),
             (previous_label or _("Previous survey"), [_percent(item.previous_rate) for item in results.items])],
            percent=True, width=640, colors=COMPARED_COLORS,
        )
    return ResultsCharts(
        distribution=column_chart(
            _("Answers per item"), names,
            [(Rating(level).label, [item.counts[i] for item in results.items]) for i, level in
             enumerate(results.levels)],
            stacked=True, width=640, colors=[LEVEL_COLORS[level] for level in results.levels],
        ),
        rates=bar_chart(_("Satisfaction rate per item (%)"), [(item.name, _percent(item.rate)) for item in
                                                              results.items], percent=True, width=640),
        pareto=pareto_chart(
            _("Pareto chart of unsatisfied answers"), [(row.name, row.unsatisfied) for row in results.pareto],
            line_at=float(PARETO_SHARE * 100), empty_text=_("No unsatisfied answers."),
            count_label=_("Unsatisfied answers"), cumulative_label=_("Cumulative share"),
        ),
        compared=compared,
    )

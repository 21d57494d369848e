"""The charts of the complaint statistics (issue 16), drawn from a `Statistics` — live or frozen in a
report — so the statistics page, the report and its print show the same pictures."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.charts import bar_chart, column_chart

# Major red, important orange, minor blue: the colours of the level badges on the complaint pages.
LEVEL_COLORS = ["#dc3545", "#fd7e14", "#2f6fb0"]
# This period in colour, the previous one in grey.
COMPARED_COLORS = ["#2f6fb0", "#adb5bd"]


@dataclass
class StatisticsCharts:
    compared: object
    level: object
    department: object
    channel: object
    category: object
    trend: object
    steps: object
    departments_on_time: object


def statistics_charts(stats, *, width=420):
    previous = stats.period.previous().label
    return StatisticsCharts(
        compared=column_chart(
            _("This period and the previous one"), [str(label) for label, *_v in stats.compared],
            [(stats.period.label, [current for _l, current, _p in stats.compared]),
             (previous, [prev for _l, _c, prev in stats.compared])],
            width=640, colors=COMPARED_COLORS,
        ),
        level=bar_chart(_("By level"), stats.breakdown("level").rows, width=width),
        department=bar_chart(_("By department"), stats.breakdown("department").rows, width=width),
        channel=bar_chart(_("By channel"), stats.breakdown("channel").rows, width=width),
        category=bar_chart(_("By category of problem"), stats.breakdown("category").rows, width=width),
        trend=column_chart(
            _("Twelve-month trend by level"), [row.label for row in stats.trend],
            [(_("Major"), [row.major for row in stats.trend]),
             (_("Important"), [row.important for row in stats.trend]),
             (_("Minor"), [row.minor for row in stats.trend])],
            stacked=True, width=640, colors=LEVEL_COLORS,
        ),
        steps=bar_chart(_("On-time rate per step (%)"), [(row.label, row.rate) for row in stats.steps],
                        width=width, percent=True),
        departments_on_time=bar_chart(
            _("Handled on time per department (%)"),
            [(row.name or _("Not dispatched"), row.rate) for row in stats.departments if row.handled],
            width=width, percent=True,
        ),
    )

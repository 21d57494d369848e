"""Charts drawn on the server as SVG: no script, no CDN, printable, and readable in Chinese.

A chart is computed here as plain shapes (rectangles, lines, texts) with their coordinates; one
template (`core/charts/svg.html`) writes them out, escaping every label. These kinds cover the
statistics pages:

- `bar_chart`: horizontal bars, one per labelled value (by department, by channel, on-time rates);
- `column_chart`: vertical columns per category, stacked or side by side per series (the 12-month
  trend per level, this period against the previous one);
- `pareto_chart`: a Pareto chart 排列图 — columns in descending order against the left axis, the
  cumulative percentage as a line against the right axis, and the 80% line;
- a legend under any chart with several series.

Text widths are estimated (a CJK character is about one em wide, a Latin one about half), so labels
are cut with "…" rather than overflowing the chart.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

FONT_SIZE = 12
LINE = 18  # px per bar row / legend row
BAR = 12
PALETTE = ["#2f6fb0", "#e07b39", "#8c8c8c", "#3c9d5d", "#c0392b", "#7b5ea7", "#b8a03a", "#4bb3c4"]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    tip: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    size: int = FONT_SIZE
    weight: str = "normal"


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = "#999"
    width: float = 1
    dash: str = ""  # an SVG stroke-dasharray ("4 3"), empty for a solid line


@dataclass
class Chart:
    title: str
    width: int
    height: int
    rects: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    empty: bool = False

    def render(self):
        return render_to_string("core/charts/svg.html", {"chart": self})

    # {{ chart }} in a template writes the SVG (the template engine takes str() of the value).
    __str__ = __html__ = render


def text_width(text, size=FONT_SIZE):
    return sum(size if ord(char) > 0x2E7F else size * 0.6 for char in str(text))


def fit(text, width, size=FONT_SIZE):
    """The text, cut with "…" to fit `width` pixels."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _number(value, percent):
    if value is None:
        return "—"
    if percent:
        return f"{value:g}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _nice_max(value):
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    scale = 1
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def bar_chart(title, rows, *, width=420, percent=False, color=PALETTE[0], empty_text="—"):
    """Horizontal bars: `rows` = [(label, value)]; value None is drawn as "—" with no bar."""
    label_width = min(max((text_width(label) for label, _v in rows), default=0) + 8, width * 0.4)
    value_width = 48
    top = 8
    chart = Chart(title, width, top + max(len(rows), 1) * LINE + 6)
    if not rows:
        chart.empty = True
        chart.texts.append(Text(width / 2, top + LINE - 5, empty_text, anchor="middle"))
        return chart
    scale_max = 100 if percent else _nice_max(max((v or 0) for _l, v in rows))
    plot = width - label_width - value_width
    for index, (label, value) in enumerate(rows):
        y = top + index * LINE
        chart.texts.append(Text(label_width - 6, y + BAR - 1, fit(label, label_width - 8), anchor="end"))
        length = plot * (value or 0) / scale_max
        if value:
            chart.rects.append(Rect(label_width, y + 1, max(length, 1), BAR, color, f"{label}: {_number(value, percent)}"))
        chart.texts.append(Text(label_width + length + 4, y + BAR - 1, _number(value, percent)))
    chart.lines.append(Line(label_width, top - 2, label_width, top + len(rows) * LINE))
    return chart


def column_chart(title, categories, series, *, width=640, height=220, stacked=False, percent=False, colors=PALETTE):
    """Vertical columns: `categories` = x labels; `series` = [(name, [value per category])].
    Stacked: one column per category with a segment per series and the total on top; otherwise the
    series stand side by side. A legend follows when there are several series."""
    legend_rows = 1 if len(series) > 1 else 0
    left, right, top, bottom = 36, 8, 16, 22 + legend_rows * LINE
    chart = Chart(title, width, height)
    plot_w, plot_h = width - left - right, height - top - bottom
    if not categories or not any(any(v for v in values) for _n, values in series):
        chart.empty = True
    totals = [sum(values[i] or 0 for _n, values in series) for i in range(len(categories))]
    peak = max(totals if stacked else [v or 0 for _n, values in series for v in values], default=0)
    scale_max = 100 if percent else _nice_max(peak)
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        chart.lines.append(Line(left, y, width - right, y, "#ddd" if fraction else "#999"))
        chart.texts.append(Text(left - 4, y + 4, _number(round(scale_max * fraction, 1), percent), anchor="end",
                                size=10))
    slot = plot_w / max(len(categories), 1)
    column = slot * 0.7 if stacked else slot * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        x0 = left + slot * i + (slot - (column if stacked else column * len(series))) / 2
        base = top + plot_h
        for s, (name, values) in enumerate(series):
            value = values[i] or 0
            h = plot_h * value / scale_max
            x = x0 if stacked else x0 + s * column
            if value:
                chart.rects.append(Rect(x, base - h if stacked else top + plot_h - h, column, h, colors[s % len(colors)],
                                        f"{category} {name}: {_number(value, percent)}"))
            if stacked:
                base -= h
            elif value or len(series) > 1:
                chart.texts.append(Text(x + column / 2, top + plot_h - h - 3, _number(value, percent), anchor="middle",
                                        size=10))
        if stacked and totals[i]:
            chart.texts.append(Text(x0 + column / 2, base - 3, _number(totals[i], percent), anchor="middle", size=10))
        chart.texts.append(Text(left + slot * i + slot / 2, top + plot_h + 14, fit(category, slot + 4, 10),
                                anchor="middle", size=10))
    if legend_rows:
        x, y = left, height - 6
        for s, (name, _values) in enumerate(series):
            chart.rects.append(Rect(x, y - 9, 10, 10, colors[s % len(colors)]))
            chart.texts.append(Text(x + 14, y, str(name), size=11))
            x += 14 + text_width(name, 11) + 14
    return chart


PARETO_BAR = "#c0392b"  # the items that make up the first 80%: acted on first
PARETO_OTHER = "#e6b0aa"
PARETO_LINE = "#2f6fb0"


def pareto_chart(title, rows, *, width=640, height=260, line_at=80, empty_text="—", count_label="",
                 cumulative_label="", line_label=""):
    """A Pareto chart 排列图: `rows` = [(label, count)], drawn largest first. The left axis counts up to
    the total, so the top of the plot is 100% on the right axis and the cumulative line ends there; the
    dashed line marks `line_at` percent. The columns up to the one where the cumulative share reaches it
    are drawn darker (the few causes behind most of the total). Each category's count is written under
    its name, the cumulative percentage above each point of the line."""
    rows = sorted(((str(label), count) for label, count in rows if count), key=lambda row: -row[1])
    total = sum(count for _label, count in rows)
    legend_rows = 1 if count_label else 0
    left, right, top, bottom = 40, 44, 18, 34 + legend_rows * LINE
    chart = Chart(title, width, height)
    plot_w, plot_h = width - left - right, height - top - bottom
    base = top + plot_h
    if not total:
        chart.empty = True
        chart.texts.append(Text(width / 2, top + plot_h / 2, empty_text, anchor="middle"))
        return chart
    for fraction in (0, 0.5, 1):
        y = base - plot_h * fraction
        chart.lines.append(Line(left, y, width - right, y, "#ddd" if fraction else "#999"))
        chart.texts.append(Text(left - 4, y + 4, _number(round(total * fraction, 1), False), anchor="end", size=10))
        chart.texts.append(Text(width - right + 4, y + 4, f"{round(100 * fraction):g}%", size=10))
    chart.lines.append(Line(left, top, left, base))
    chart.lines.append(Line(width - right, top, width - right, base))
    line_y = base - plot_h * line_at / 100
    chart.lines.append(Line(left, line_y, width - right, line_y, PARETO_LINE, 1, "5 4"))
    chart.texts.append(Text(width - right - 2, line_y - 3, f"{line_at:g}%", anchor="end", size=10))
    slot = plot_w / len(rows)
    column = slot * 0.75
    cumulative, previous_point, reached = 0, (left, base), False
    for i, (label, count) in enumerate(rows):
        x = left + slot * i + (slot - column) / 2
        h = plot_h * count / total
        cumulative += count
        share = 100 * cumulative / total
        vital = not reached
        reached = reached or share >= line_at
        chart.rects.append(Rect(x, base - h, column, h, PARETO_BAR if vital else PARETO_OTHER,
                                f"{label}: {count} ({share:.1f}%)"))
        middle = x + column / 2
        chart.texts.append(Text(middle, base + 13, fit(label, slot + 2, 10), anchor="middle", size=10))
        chart.texts.append(Text(middle, base + 25, str(count), anchor="middle", size=10))
        point = (middle, base - plot_h * share / 100)
        chart.lines.append(Line(*previous_point, *point, PARETO_LINE, 2))
        chart.rects.append(Rect(point[0] - 2.5, point[1] - 2.5, 5, 5, PARETO_LINE, f"{label}: {share:.1f}%"))
        chart.texts.append(Text(point[0], point[1] - 6, f"{share:.1f}%", anchor="middle", size=9))
        previous_point = point
    if legend_rows:
        x, y = left, height - 6
        for color, name in ((PARETO_BAR, count_label), (PARETO_LINE, cumulative_label), (PARETO_LINE, line_label)):
            if not name:
                continue
            chart.rects.append(Rect(x, y - 9, 10, 10, color))
            chart.texts.append(Text(x + 14, y, str(name), size=11))
            x += 14 + text_width(name, 11) + 14
    return chart

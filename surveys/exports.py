"""The survey results workbook (SPEC §5): the figures with the formula stated, the table per item with
its distribution and rates, native charts (the distribution, the rates, one chart per item, the Pareto
chart 排列图 as columns and a cumulative line), the opinions and the raw answers — one row per returned
form — every sheet set up for A4, streamed by XlsxWriter in constant-memory mode (core.excel.Book).

`write_results_workbook(path, plan=..., viewer=...)` is what the worker runs for a large survey
(core.downloads); a smaller one is built inside the request by `results_workbook_response`."""

from operator import itemgetter
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import Book, Column
from residents.privacy import can_see_personal_details
from surveys.choices import PlanStatus, Rating, ReturnChannel
from surveys.models import Answer, SurveyForm, SurveyPlan
from surveys.results import PARETO_SHARE, formula_lines, percent, whole_percent
from surveys.results_charts import LEVEL_COLORS
from surveys.rules import MIN_RETURN_RATE
from surveys.selectors.results import opinion_text, opinions, survey_results, unit_label

CHUNK = 2000
# Issue 15's rule for big workbooks: more returned forms than this and the worker builds it.
INLINE_WORKBOOK_FORMS = 3000
FIRST_WIDTH = 24  # the summary's first column: the figures' names, then the items'
HALF_CHART = (400, 260)
FULL_CHART = (800, 300)
CHART_ROWS = 15  # rows of 20 px a chart of 300 px takes, with a gap
ITEM_CHART_ROWS = 14
PARETO_COLOR = "#C0392B"
LINE_COLOR = "#2F6FB0"


HEADER_HEIGHT = 30  # two lines: a streamed sheet cannot grow its header row to fit wrapped text later


def _table(book, title, columns, rows, *, sheet=None, start_row=0, title_rows=(), **options):
    """core.excel's table, its header row two lines high (set before the row is written)."""
    sheet = sheet or book.sheet(title)
    sheet.set_row(start_row + len(title_rows), HEADER_HEIGHT)
    return book.table_sheet(title, columns, rows, sheet=sheet, start_row=start_row, title_rows=title_rows, **options)


def _labels(choices):
    """Translate a field's choice labels once per workbook, not once per cell."""
    return {value: str(label) for value, label in choices}


def _channels():
    """Short labels of how a form came back, for narrow columns."""
    return {ReturnChannel.PAPER: _("Paper"), ReturnChannel.ONLINE: _("Online")}


def _pct(value):
    shown = percent(value)
    return None if shown is None else float(shown)


def _date(value):
    return f"{value:%Y-%m-%d}" if value else ""


def workbook_title(plan):
    return f"{plan.estate.name} {plan.title}"


# ---- the summary ----------------------------------------------------------------------------------

def _figure_rows(plan, results, now):
    if plan.status == PlanStatus.CLOSED and plan.closed_at:
        state = _("Closed on %(date)s") % {"date": _date(timezone.localtime(plan.closed_at))}
    else:
        state = _("Forms out: live figures as of %(time)s") % {"time": f"{timezone.localtime(now):%Y-%m-%d %H:%M}"}
    previous = results.previous
    rows = [
        (_("Survey"), f"{plan.number} {plan.title}"),
        (_("Estate"), plan.estate.name),
        (_("Collection"), f"{_date(plan.collection_starts)} – {_date(plan.collection_ends)}"),
        (_("Status"), state),
        (_("Forms sent"), results.sent),
        (_("Forms returned"), results.returned),
        (_("Return rate (%)"), _pct(results.return_rate)),
        (_("Return rate check"), _return_check(results)),
        (_("Answers"), results.answers),
        (_("Overall satisfaction rate (%)"), _pct(results.rate)),
    ]
    if previous is not None:
        rows += [
            (_("Previous survey"), f"{previous.number} {previous.title} ({_date(previous.collection_ends)})"),
            (_("Previous overall satisfaction rate (%)"), _pct(previous.rate)),
            (_("Change (percentage points)"), _float(results.change)),
        ]
    else:
        rows.append((_("Previous survey"), _("None: this is the estate's first closed survey.")))
    to_rectify = "、".join(item.name for item in results.to_rectify) or _("None")
    rows.append((_("Items to rectify"), to_rectify))
    return rows


def _return_check(results):
    """SPEC §5: at least 30% of the forms sent must come back."""
    if results.return_rate is None:
        return "—"
    minimum = whole_percent(MIN_RETURN_RATE)
    if results.return_rate_too_low:
        return _("Below the required %(minimum)s%%") % {"minimum": minimum}
    return _("Reached the required %(minimum)s%%") % {"minimum": minimum}


def _float(value):
    return None if value is None else float(value)


def item_columns(results):
    """The per-item table: the item, its department, the answers per level, the rates."""
    labels = _labels(Rating.choices)
    columns = [
        Column(_("Item"), lambda r: r.name, FIRST_WIDTH),
        Column(_("Responsible department"), lambda r: r.item.department, 14),
    ]
    columns += [Column(labels[level], lambda r, i=i: r.counts[i], 9) for i, level in enumerate(results.levels)]
    columns += [
        Column(_("Answers"), lambda r: r.answers, 8),
        Column(_("Satisfied"), lambda r: r.satisfied, 8),
        Column(_("Satisfaction rate (%)"), lambda r: _pct(r.rate), 11),
        Column(_("Unsatisfied share (%)"), lambda r: _pct(r.unsatisfied_share), 11),
    ]
    if results.previous is not None:
        columns += [
            Column(_("Previous survey (%)"), lambda r: _pct(r.previous_rate), 11),
            Column(_("Change (points)"), lambda r: _float(r.change), 9),
        ]
    yes = _("Yes")
    columns.append(Column(_("To rectify"), lambda r: yes if r.rectify else "", 8))
    return columns


def _summary(book, plan, results, now):
    """The figures, the formulas, the table per item and its total; the distribution and rate charts
    under it. Returns the items' Table (the charts of the other sheets read it)."""
    title = workbook_title(plan)
    sheet = book.sheet(_("Summary"))
    figures = book.table_sheet(
        _("Summary"), [Column(_("Figure"), itemgetter(0), FIRST_WIDTH), Column(_("Value"), itemgetter(1), 14)],
        _figure_rows(plan, results, now), sheet=sheet, title_rows=[title + " — " + _("Satisfaction survey results")],
        paper=False, freeze=False,
    )
    heading = figures.last_row + 2
    sheet.write_string(heading, 0, _("How the rates are computed"), book.format(bold=True))
    lines = formula_lines(results)
    for offset, line in enumerate(lines, start=1):
        sheet.write_string(heading + offset, 0, line)
    columns = item_columns(results)
    items = _table(book, _("Summary"), columns, results.items, sheet=sheet, start_row=heading + len(lines) + 2,
                   paper=False, freeze=False)
    total_row = items.last_row + 1
    total = _TotalRow(results)
    write = book.cell_writer(sheet)
    bold = book.format(bold=True, top=1)
    for index, column in enumerate(columns):
        value = column.value(total)
        if isinstance(value, str) or value is None:
            sheet.write_string(total_row, index, value or "", bold)
        else:
            write(total_row, index, value)
    _summary_charts(book, sheet, total_row + 2, items, results)
    book.paper(sheet, title=title, landscape=False)
    return items


class _TotalRow:
    """The items table's last line: every item together (the overall rate)."""

    def __init__(self, results):
        self.results = results
        self.name = _("All items")
        self.item = SimpleNamespace(department="")
        self.counts = results.counts
        self.answers, self.satisfied = results.answers, results.satisfied
        self.rate, self.unsatisfied_share = results.rate, results.unsatisfied_share
        self.previous_rate = results.previous.rate if results.previous else None
        self.change = results.change
        self.rectify = False


def _summary_charts(book, sheet, row, items, results):
    if not items.rows:
        return
    levels = len(results.levels)
    distribution = book.chart("column", title=_("Answers per item"), subtype="stacked", legend=True,
                              width=FULL_CHART[0], height=FULL_CHART[1])
    for i, level in enumerate(results.levels):
        distribution.add_series({"name": [items.name, items.header_row, 2 + i], "categories": items.range(0),
                                 "values": items.range(2 + i), "fill": {"color": LEVEL_COLORS[level]}, "gap": 60})
    sheet.insert_chart(row, 0, distribution, {"x_offset": 4, "y_offset": 4})
    rate_column = 2 + levels + 2
    rates = book.chart("column", title=_("Satisfaction rate per item (%)"), legend=results.previous is not None,
                       width=FULL_CHART[0], height=FULL_CHART[1])
    rates.add_series({"name": [items.name, items.header_row, rate_column], "categories": items.range(0),
                      "values": items.range(rate_column), "fill": {"color": LINE_COLOR},
                      "data_labels": {"value": True, "num_format": "0.0"}, "gap": 60})
    if results.previous is not None:
        previous_column = rate_column + 2
        rates.add_series({"name": [items.name, items.header_row, previous_column], "categories": items.range(0),
                          "values": items.range(previous_column), "fill": {"color": "#ADB5BD"}})
    rates.set_y_axis({"min": 0, "max": 100, "major_gridlines": {"visible": True}})
    sheet.insert_chart(row + CHART_ROWS, 0, rates, {"x_offset": 4, "y_offset": 4})


# ---- one chart per item ---------------------------------------------------------------------------

def _item_charts(book, items, results, title):
    """One column chart per item: its answers per level, two charts side by side."""
    sheet = book.sheet(_("Item charts"))
    sheet.write_string(0, 0, title + " — " + _("Answers per level, item by item"), book.title_format)
    levels = len(results.levels)
    for column in range(12):
        sheet.set_column(column, column, 9.5)
    for index, item in enumerate(results.items):
        chart = book.chart("column", title=item.name, width=HALF_CHART[0], height=HALF_CHART[1])
        row = items.first_row + index
        chart.add_series({
            "name": item.name,
            "categories": [items.name, items.header_row, 2, items.header_row, 1 + levels],
            "values": [items.name, row, 2, row, 1 + levels],
            "points": [{"fill": {"color": LEVEL_COLORS[level]}} for level in results.levels],
            "data_labels": {"value": True}, "gap": 50,
        })
        chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True}})
        sheet.insert_chart(1 + (index // 2) * ITEM_CHART_ROWS, (index % 2) * 6, chart, {"x_offset": 4, "y_offset": 4})
    book.paper(sheet, title=title, landscape=False)


# ---- the Pareto chart ------------------------------------------------------------------------------

def _pareto(book, results, title):
    """The Pareto table (the items with unsatisfied answers, most first, the cumulative share) and its
    chart: columns on the left axis, the cumulative percentage and the 80% line on the right one."""
    line = float(PARETO_SHARE * 100)
    yes = _("Yes")
    columns = [
        Column(_("Item"), lambda r: r.name, 18),
        Column(_("Unsatisfied answers"), lambda r: r.unsatisfied, 12),
        Column(_("Share (%)"), lambda r: _pct(r.share), 10),
        Column(_("Cumulative share (%)"), lambda r: _pct(r.cumulative), 12),
        Column(_("%(share)s%% line") % {"share": f"{line:g}"}, lambda r: line, 9),
        Column(_("Within the first %(share)s%%") % {"share": f"{line:g}"}, lambda r: yes if r.vital else "", 12),
    ]
    table = _table(book, _("Pareto chart"), columns, results.pareto, paper=False,
                   title_rows=[title + " — " + _("Pareto chart of unsatisfied answers")])
    book.paper(table.sheet, title=title, repeat_row=table.header_row)
    if not table.rows:
        table.sheet.write_string(table.last_row + 2, 0, _("No unsatisfied answers."))
        return
    columns_chart = book.chart("column", title=_("Pareto chart of unsatisfied answers"), legend=True,
                               width=FULL_CHART[0] - 100, height=FULL_CHART[1] + 40)
    columns_chart.add_series({
        "name": [table.name, table.header_row, 1], "categories": table.range(0), "values": table.range(1),
        "points": [{"fill": {"color": PARETO_COLOR if row.vital else "#E6B0AA"}} for row in results.pareto],
        "data_labels": {"value": True}, "gap": 30,
    })
    cumulative = book.workbook.add_chart({"type": "line"})
    cumulative.add_series({
        "name": [table.name, table.header_row, 3], "categories": table.range(0), "values": table.range(3),
        "y2_axis": True, "line": {"color": LINE_COLOR, "width": 2}, "marker": {"type": "circle", "size": 5},
        "data_labels": {"value": True, "position": "above", "num_format": "0.0"},
    })
    cumulative.add_series({
        "name": [table.name, table.header_row, 4], "categories": table.range(0), "values": table.range(4),
        "y2_axis": True, "line": {"color": LINE_COLOR, "width": 1, "dash_type": "dash"}, "marker": {"type": "none"},
    })
    total = sum(row.unsatisfied for row in results.pareto)
    columns_chart.combine(cumulative)
    columns_chart.set_y_axis({"min": 0, "max": total, "name": _("Unsatisfied answers")})
    cumulative.set_y2_axis({"min": 0, "max": 100, "name": "%"})
    table.sheet.insert_chart(table.last_row + 2, 0, columns_chart, {"x_offset": 4, "y_offset": 4})


# ---- opinions and the raw answers ------------------------------------------------------------------

def _opinions(book, plan, viewer, title):
    channels, shown = _channels(), opinion_text(viewer)
    columns = [Column(_("Returned at"), itemgetter("returned_at"), 17)]
    if can_see_personal_details(viewer):
        columns.append(Column(_("Unit"), unit_label, 10))
    columns += [
        Column(_("Returned as"), lambda r: channels.get(r["channel"], ""), 8),
        Column(_("Opinions and suggestions"), lambda r: shown(r["opinion"]), 70),
    ]
    table = _table(book, _("Opinions"), columns, opinions(plan, viewer).iterator(chunk_size=CHUNK), paper=False,
                   title_rows=[title + " — " + _("Residents' opinions and suggestions")])
    book.paper(table.sheet, title=title, repeat_row=table.header_row)


FORM_FIELDS = ["pk", "channel", "returned_at", "opinion"]


def answer_rows(plan, items, *, with_unit):
    """One tuple per returned form, in form order: (pk, channel, returned_at, opinion[, building, unit],
    then each item's rating). Two streamed queries walked side by side, so memory stays flat whatever
    the number of forms."""
    fields = FORM_FIELDS + (["unit__building__name", "unit__number"] if with_unit else [])
    forms = (SurveyForm.objects.filter(plan=plan, returned_at__isnull=False).order_by("pk")
             .values_list(*fields).iterator(chunk_size=CHUNK))
    answers = (Answer.objects.filter(plan=plan).order_by("form_id", "item_id")
               .values_list("form_id", "item_id", "rating").iterator(chunk_size=CHUNK))
    position = {item.pk: index for index, item in enumerate(items)}
    answer = next(answers, None)
    for form in forms:
        while answer is not None and answer[0] < form[0]:
            answer = next(answers, None)  # an answer of a form not returned (never written by the services)
        ratings = [""] * len(items)
        while answer is not None and answer[0] == form[0]:
            index = position.get(answer[1])
            if index is not None:
                ratings[index] = answer[2]
            answer = next(answers, None)
        yield (*form, *ratings)


def _raw_answers(book, plan, results, viewer, title):
    channels, ratings = _channels(), _labels(Rating.choices)
    with_unit = can_see_personal_details(viewer)
    items = [item.item for item in results.items]
    first_rating = len(FORM_FIELDS) + (2 if with_unit else 0)
    columns = [Column(_("No."), lambda r: r[-1], 7)]
    if with_unit:
        columns.append(Column(_("Unit"), lambda r: f"{r[4]}-{r[5]}" if r[5] else "", 10))
    columns += [
        Column(_("Returned as"), lambda r: channels.get(r[1], ""), 8),
        Column(_("Returned at"), itemgetter(2), 17),
    ]
    columns += [Column(item.name, lambda r, i=first_rating + i: ratings.get(r[i], ""), 9)
                for i, item in enumerate(items)]
    shown = opinion_text(viewer)
    columns.append(Column(_("Opinions and suggestions"), lambda r: shown(r[3]), 40))
    rows = ((*row, seq) for seq, row in enumerate(answer_rows(plan, items, with_unit=with_unit), start=1))
    table = _table(book, _("Raw answers"), columns, rows, title_rows=[title + " — " + _("Returned forms")],
                   paper=False)
    book.paper(table.sheet, title=title, landscape=True, repeat_row=table.header_row)


# ---- the file ---------------------------------------------------------------------------------------

def build_results_workbook(plan, *, viewer, target=None, now=None):
    """The workbook of `plan`'s results as `viewer` may see them (units only for those who may see
    residents' details). Returns the Book (closed by `save` / `response` / `close`)."""
    now = now or timezone.now()
    results = survey_results(plan)
    title = workbook_title(plan)
    book = Book(target)
    items = _summary(book, plan, results, now)
    _item_charts(book, items, results, title)
    _pareto(book, results, title)
    _opinions(book, plan, viewer, title)
    _raw_answers(book, plan, results, viewer, title)
    return book


def workbook_filename(plan):
    return f"满意度调查结果-{plan.number}-{plan.estate.name}.xlsx"


def results_workbook_response(plan, *, viewer):
    return build_results_workbook(plan, viewer=viewer).response(workbook_filename(plan))


def write_results_workbook(path, *, plan, viewer):
    build_results_workbook(plan, viewer=viewer, target=str(path)).close()
    return path


def write_results_download(path, *, viewer, plan):
    """core.downloads builder: the results workbook of the plan with pk `plan`, for the worker."""
    plan = SurveyPlan.objects.select_related("estate", "questionnaire").get(pk=plan)
    return write_results_workbook(path, plan=plan, viewer=viewer)

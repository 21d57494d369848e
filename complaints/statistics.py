"""Complaint statistics per period and estate (SPEC §4: monthly, half-year and year analysis).

A fixed number of grouped, conditionally aggregated queries whatever the number of complaints:

1. per month over the trend window (and the previous period): every additive figure — the period's
   figures, the previous period's and the 12-month trend all come from this one scan;
2. per department: how many, and per timed step how many were done and how many on time;
3. per (validity, level, channel, category, estate): the breakdowns, summed in Python;
4. the extensions, current and previous period;
5. + 6. the recurring problems: the top few, and how many there are in all.

`Statistics` holds raw values only (choice keys, names, numbers), so it can be frozen as JSON in a
submitted report (`to_snapshot` / `from_snapshot`) and shown later in the reader's language.
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Max, Q, Sum, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from complaints.choices import Category, Level, Step
from complaints.models import ACCEPTED_LATE, Complaint, ComplaintExtension
from core.channels import Channel
from core.periods import Period
from residents.models import Department, Estate, Unit

# Seed 004: problems that come back are called out: the same unit about the same department at least
# twice in the period (grouped by unit, not by building: issue 11).
RECURRING_MIN = 2
# Issue 16: the page shows the top problems and links to the rest.
RECURRING_SHOWN = 10
# Issue 16: the trend chart covers twelve months.
TREND_MONTHS = 12
SNAPSHOT_VERSION = 1


# ---- The callback's verdict -----------------------------------------------------------------------
# Read from Complaint.callback_satisfied until the callbacks app takes the callback step over: switch
# these two conditions (and nothing else) to read the callbacks app's records then.
def callback_verdict(satisfied):
    """The complaints whose callback found the resident satisfied (True) or unsatisfied (False)."""
    return Q(callback_satisfied=satisfied)


class HoursBetween(Func):
    """Hours from `start` to `end`, computed by the database itself (no per-row Python function)."""

    output_field = FloatField()

    def __init__(self, start, end):
        super().__init__(F(start), F(end))

    def _parts(self, compiler):
        (start, start_params), (end, end_params) = (compiler.compile(e) for e in self.source_expressions)
        return start, end, [*start_params, *end_params]

    def as_sql(self, compiler, connection, **extra):
        start, end, params = self._parts(compiler)
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)", params

    def as_sqlite(self, compiler, connection, **extra):
        start, end, params = self._parts(compiler)
        return f"((julianday({end}) - julianday({start})) * 24.0)", params


HANDLED = Q(handled_at__isnull=False)
HANDLING_HOURS = HoursBetween("received_at", "handled_at")

# Additive figures (key, label, condition), counted per month so any period is a sum of months.
COUNTED = [
    ("total", _("Complaints received"), Q()),
    ("valid", _("Valid"), Q(is_valid=True)),
    ("invalid", _("Not valid"), Q(is_valid=False)),
    ("accepted_late", _("Accepted more than 24 hours after reaching the office"), ACCEPTED_LATE),
    ("major", _("Major"), Q(is_valid=True, level=Level.MAJOR)),
    ("important", _("Important"), Q(is_valid=True, level=Level.IMPORTANT)),
    ("minor", _("Minor"), Q(is_valid=True, level=Level.MINOR)),
    ("handled", _("Handled"), HANDLED),
    ("on_time", _("Handled on time"), Q(handled_at__isnull=False, handled_at__lte=F("handle_due"))),
    ("late", _("Handled late"), Q(handled_at__isnull=False, handled_at__gt=F("handle_due"))),
    ("escalated", _("Escalated to major (criterion c)"), Q(escalated_at__isnull=False)),
    ("appealed", _("Appealed"), Q(appeal_count__gt=0)),
    ("repeat", _("Possible repeat complaints"), Q(repeat_flag=True)),
    ("callbacks_satisfied", _("Callback: satisfied"), callback_verdict(True)),
    ("callbacks_unsatisfied", _("Callback: unsatisfied"), callback_verdict(False)),
]
DERIVED = [
    ("avg_hours", _("Average time to handle (hours)")),
    ("max_hours", _("Longest time to handle (hours)")),
    ("extensions", _("Extensions requested")),
    ("extensions_approved", _("Extensions approved")),
]
FIGURE_LABELS = {key: label for key, label, *_rest in COUNTED + DERIVED}
# The figures the previous-period comparison chart shows.
COMPARED = ["total", "valid", "major", "important", "minor", "handled", "late", "callbacks_unsatisfied"]
LEVELS = [Level.MAJOR, Level.IMPORTANT, Level.MINOR]

# The timed steps whose on-time rate is shown: (step, done-at field, due field).
TIMED_STEPS = [
    (Step.DISPATCH, "dispatched_at", "dispatch_due"),
    (Step.FORWARD, "forwarded_at", "forward_due"),
    (Step.SIGN, "signed_at", "sign_due"),
    (Step.ANSWER, "answered_at", "answer_due"),
    (Step.HANDLE, "handled_at", "handle_due"),
    (Step.INFORM, "informed_at", "inform_due"),
]

NONE_LABEL = _("(none)")
NOT_GRADED = _("Not graded")
DIMENSIONS = [
    # (key, title, label of a raw value)
    ("level", _("By level"), lambda raw: dict(Level.choices).get(raw) or NOT_GRADED),
    ("department", _("By department"), lambda raw: raw or NONE_LABEL),
    ("channel", _("By channel"), lambda raw: dict(Channel.choices).get(raw, raw) or NONE_LABEL),
    ("estate", _("By estate"), lambda raw: raw or NONE_LABEL),
    ("category", _("By category of problem"), lambda raw: dict(Category.choices).get(raw, raw) or NONE_LABEL),
]


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to rate."""
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Breakdown:
    key: str
    title: object
    rows: list  # [(label, count)]


@dataclass
class TrendMonth:
    year: int
    month: int
    total: int
    major: int
    important: int
    minor: int

    @property
    def label(self):
        return f"{self.year}-{self.month:02d}"


@dataclass
class StepRate:
    step: str
    done: int
    on_time: int

    @property
    def label(self):
        return Step(self.step).label

    @property
    def rate(self):
        return rate(self.on_time, self.done)


@dataclass
class DepartmentRow:
    name: str
    total: int
    handled: int
    handled_on_time: int

    @property
    def rate(self):
        return rate(self.handled_on_time, self.handled)


@dataclass
class RecurringProblem:
    department: str
    place: str  # estate, building and unit
    count: int


@dataclass
class Statistics:
    """Raw figures of one period (and estate, or all estates); labels are added when read."""

    period: Period
    estate: str  # the estate's name, "" for all estates
    values: dict  # key -> [this period, previous period]
    counts: dict  # dimension -> [[raw value, count]]
    trend: list = field(default_factory=list)  # [TrendMonth]
    # {department name: [complaints per trend month]} (the month-by-month sheet and its chart)
    trend_departments: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)  # [StepRate]
    departments: list = field(default_factory=list)  # [DepartmentRow]
    recurring: list = field(default_factory=list)  # [RecurringProblem], the top RECURRING_SHOWN
    recurring_total: int = 0
    frozen_at: datetime.datetime | None = None

    def figure(self, key):
        return self.values[key][0]

    @property
    def figures(self):
        """[(key, label, this period, previous period)] in the order of the tables."""
        return [(key, label, *self.values[key]) for key, label in FIGURE_LABELS.items()]

    @cached_property
    def breakdowns(self):
        return [
            Breakdown(key, title, [(label(raw), n) for raw, n in self.counts.get(key, [])])
            for key, title, label in DIMENSIONS
        ]

    def breakdown(self, key):
        return next(b for b in self.breakdowns if b.key == key)

    @property
    def compared(self):
        """[(label, this period, previous period)] for the comparison chart."""
        return [(FIGURE_LABELS[key], *self.values[key]) for key in COMPARED]

    @property
    def on_time_rate(self):
        return rate(self.values["on_time"][0], self.values["handled"][0])

    @property
    def more_recurring(self):
        return max(self.recurring_total - len(self.recurring), 0)

    # ---- freezing -------------------------------------------------------------------------------------

    def to_snapshot(self):
        """JSON-safe raw figures (no labels), for a submitted report."""
        return {
            "version": SNAPSHOT_VERSION,
            "period": [self.period.kind, self.period.year, self.period.index],
            "estate": self.estate,
            "values": self.values,
            "counts": self.counts,
            "trend": [asdict(row) for row in self.trend],
            "trend_departments": self.trend_departments,
            "steps": [asdict(row) for row in self.steps],
            "departments": [asdict(row) for row in self.departments],
            "recurring": [asdict(row) for row in self.recurring],
            "recurring_total": self.recurring_total,
        }

    @classmethod
    def from_snapshot(cls, data, *, frozen_at=None):
        kind, year, index = data["period"]
        return cls(
            period=Period(kind, year, index),
            estate=data["estate"],
            values={key: list(pair) for key, pair in data["values"].items()},
            counts={key: [list(row) for row in rows] for key, rows in data["counts"].items()},
            trend=[TrendMonth(**row) for row in data["trend"]],
            trend_departments=data["trend_departments"],
            steps=[StepRate(**row) for row in data["steps"]],
            departments=[DepartmentRow(**row) for row in data["departments"]],
            recurring=[RecurringProblem(**row) for row in data["recurring"]],
            recurring_total=data["recurring_total"],
            frozen_at=frozen_at,
        )


# ---- the queries ----------------------------------------------------------------------------------------

def complaints_in(period, estate=None, *, start=None):
    """The complaints received in the period (from `start` if given), of one estate or of all."""
    complaints = Complaint.objects.filter(received_at__gte=start or period.start, received_at__lt=period.end)
    return complaints.filter(estate=estate) if estate is not None else complaints


def month_starts(first, last):
    """The first days of the months from `first` to `last` (dates, both included)."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def trend_months(period):
    """The twelve months ending with the period's last month."""
    last = period.end_date - datetime.timedelta(days=1)
    first = (last.replace(day=1) - datetime.timedelta(days=366)).replace(day=1)
    return month_starts(first, last)[-TREND_MONTHS:]


def _bucket(boundaries, low=0, high=None):
    """The index i of the interval [boundaries[i], boundaries[i + 1]) holding `received_at`, as a binary
    tree of comparisons (about log2(n) per row, where a flat CASE takes n/2): the rows are placed by
    comparing the indexed column with the local month boundaries, no per-row date function."""
    high = len(boundaries) - 1 if high is None else high
    if high - low == 1:
        return Value(low)
    middle = (low + high) // 2
    return Case(When(received_at__lt=boundaries[middle], then=_bucket(boundaries, low, middle)),
                default=_bucket(boundaries, middle, high), output_field=IntegerField())


def _month_bucket(months, end_date):
    """The index in `months` of a complaint's month (received from months[0] to the date end_date)."""
    return _bucket([_aware(day) for day in [*months, end_date]])


def _count(condition):
    return Count("pk", filter=condition) if condition else Count("pk")


TREND_KEYS = ("total", "major", "important", "minor")


def _grouped_by_month(first, end, estate, aggregates):
    """[(first day of month, department id, {aggregate: value})] of the complaints received from the
    date `first` to the date `end` (excluded): one grouped scan."""
    months = month_starts(first, end - datetime.timedelta(days=1))
    complaints = Complaint.objects.filter(received_at__gte=_aware(first), received_at__lt=_aware(end))
    if estate is not None:
        complaints = complaints.filter(estate=estate)
    rows = (
        complaints.order_by().annotate(month_index=_month_bucket(months, end))
        .values("month_index", "department_id").annotate(**aggregates)
    )
    return [(months[row.pop("month_index")], row.pop("department_id"), row) for row in rows]


def _monthly(period, estate):
    """[(first day of month, department id, {figure: value})]: any period's figures are the sum of its
    months', the per-department trend the same rows read the other way. Every figure is counted from
    the start of the previous period; the trend's earlier months (a month's page shows twelve) only
    need the counts per level: a second, lighter scan."""
    previous = period.previous()
    aggregates = {key: _count(condition) for key, _l, condition in COUNTED}
    # "Accepted late" compares two datetimes; only letters and the like have the arrival time at all.
    aggregates["accepted_late"] = Count(Case(When(submitted_at__isnull=False, then=Case(
        When(ACCEPTED_LATE, then=Value(1)), output_field=IntegerField())), output_field=IntegerField()))
    aggregates["hours_sum"] = Sum(HANDLING_HOURS, filter=HANDLED)
    aggregates["hours_max"] = Max(HANDLING_HOURS, filter=HANDLED)
    monthly = _grouped_by_month(previous.start_date, period.end_date, estate, aggregates)
    trend_start = trend_months(period)[0]
    if trend_start < previous.start_date:
        light = {key: aggregates[key] for key in TREND_KEYS}
        monthly += _grouped_by_month(trend_start, previous.start_date, estate, light)
    return monthly


def _sum_months(monthly, period):
    keys = [key for key, _label, _c in COUNTED]
    rows = [row for month, _department, row in monthly if period.start_date <= month < period.end_date]
    values = {key: sum(row[key] for row in rows) for key in keys}
    hours = sum(row["hours_sum"] or 0 for row in rows)
    longest = [row["hours_max"] for row in rows if row["hours_max"] is not None]
    values["avg_hours"] = round(hours / values["handled"], 1) if values["handled"] else None
    values["max_hours"] = round(max(longest), 1) if longest else None
    return values


def _trend(monthly, period):
    """The twelve months' complaints per level, and per department (names, most complaints first)."""
    months = trend_months(period)
    position = {month: index for index, month in enumerate(months)}
    levels = {key: [0] * len(months) for key in ("total", "major", "important", "minor")}
    departments = {}
    for month, department, row in monthly:
        if month in position:
            for key, counts in levels.items():
                counts[position[month]] += row[key]
            departments.setdefault(department, [0] * len(months))[position[month]] += row["total"]
    trend = [TrendMonth(month.year, month.month, *(levels[key][i] for key in levels)) for i, month in enumerate(months)]
    names = _names(Department, departments) | {None: ""}
    by_name = {}
    for department, counts in departments.items():
        name = names[department]
        by_name[name] = [a + b for a, b in zip(by_name.get(name, [0] * len(months)), counts, strict=True)]
    return trend, dict(sorted(by_name.items(), key=lambda item: (-sum(item[1]), item[0])))


def _extensions(period, estate):
    previous = period.previous()
    extensions = ComplaintExtension.objects.filter(
        complaint__received_at__gte=previous.start, complaint__received_at__lt=period.end
    )
    if estate is not None:
        extensions = extensions.filter(complaint__estate=estate)
    rows = (
        extensions.order_by()
        .annotate(current=Case(When(complaint__received_at__gte=period.start, then=Value(1)), default=Value(0),
                               output_field=IntegerField()))
        .values("current")
        .annotate(extensions=Count("pk"), extensions_approved=Count("pk", filter=Q(decision="approved")))
    )
    found = {row["current"]: row for row in rows}
    empty = {"extensions": 0, "extensions_approved": 0}
    return found.get(1, empty), found.get(0, empty)


SMALL_DIMENSIONS = ["department_id", "is_valid", "level", "channel", "category", "estate_id"]


def _dimensions(complaints):
    """One grouped scan over the small dimensions (department, validity, level, channel, category,
    estate), with the per-step done / on-time counts: the breakdowns, the departments and the steps are
    summed from it in Python."""
    aggregates = {"n": Count("pk")}
    for step, done, due in TIMED_STEPS:
        aggregates[f"{step}_done"] = Count("pk", filter=Q(**{f"{done}__isnull": False, f"{due}__isnull": False}))
        aggregates[f"{step}_on_time"] = Count("pk", filter=Q(**{f"{done}__lte": F(due)}))
    rows = list(complaints.order_by().values(*SMALL_DIMENSIONS).annotate(**aggregates))
    names = _names(Department, {row["department_id"] for row in rows}) | {None: ""}
    estates = _names(Estate, {row["estate_id"] for row in rows}) | {None: ""}
    steps = [StepRate(str(step), sum(r[f"{step}_done"] for r in rows), sum(r[f"{step}_on_time"] for r in rows))
             for step, _done, _due in TIMED_STEPS]
    departments, counts = {}, {"level": {}, "channel": {}, "category": {}, "estate": {}, "department": {}}
    handle_done, handle_on_time = f"{Step.HANDLE}_done", f"{Step.HANDLE}_on_time"
    for row in rows:
        name = names[row["department_id"]]
        total, handled, on_time = departments.get(name, (0, 0, 0))
        departments[name] = (total + row["n"], handled + row[handle_done], on_time + row[handle_on_time])
        if row["is_valid"]:
            _add(counts["level"], row["level"], row["n"])
        _add(counts["channel"], row["channel"], row["n"])
        _add(counts["category"], row["category"], row["n"])
        _add(counts["estate"], estates[row["estate_id"]], row["n"])
        _add(counts["department"], name, row["n"])
    ordered = {key: sorted(([raw, n] for raw, n in found.items()), key=lambda pair: (-pair[1], pair[0]))
               for key, found in counts.items()}
    rows_by_department = [DepartmentRow(name, *figures) for name, figures in departments.items()]
    rows_by_department.sort(key=lambda row: (-row.total, row.name))
    return ordered, steps, rows_by_department


def _add(counter, key, n):
    counter[key or ""] = counter.get(key or "", 0) + n


def _names(model, pks):
    pks = {pk for pk in pks if pk is not None}
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}


def recurring_problems(complaints):
    """Same unit about the same department at least RECURRING_MIN times: a grouped queryset with the
    names (for the full list: the workbook and the paginated page), most first."""
    return (
        complaints.exclude(unit=None).exclude(department=None).order_by()
        .values("department__name", "unit__building__estate__name", "unit__building__name", "unit__number")
        .annotate(n=Count("pk")).filter(n__gte=RECURRING_MIN)
        .order_by("-n", "unit__building__estate__name", "unit__building__name", "unit__number", "department__name")
    )


def recurring_row(row):
    place = f"{row['unit__building__estate__name']} {row['unit__building__name']}-{row['unit__number']}"
    return RecurringProblem(row["department__name"], place, row["n"])


def _recurring_top(complaints):
    """(the top RECURRING_SHOWN problems, how many there are): one grouped scan by ids (no joins per
    row), the names of the top few read after."""
    pairs = list(
        complaints.exclude(unit=None).exclude(department=None).order_by()
        .values_list("department_id", "unit_id").annotate(n=Count("pk")).filter(n__gte=RECURRING_MIN)
    )
    pairs.sort(key=lambda pair: -pair[2])
    top = pairs[:RECURRING_SHOWN]
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in={u for _d, u, _n in top}).with_related()}
    departments = _names(Department, {d for d, _u, _n in top})
    rows = [RecurringProblem(departments[d], f"{units[u].building.estate.name} {units[u].label}", n) for d, u, n in top]
    rows.sort(key=lambda row: (-row.count, row.place, row.department))
    return rows, len(pairs)


def complaint_statistics(period, estate=None):
    """The statistics of `period` for one estate (an Estate) or all estates (None)."""
    monthly = _monthly(period, estate)
    current, previous = _sum_months(monthly, period), _sum_months(monthly, period.previous())
    (current_ext, previous_ext) = _extensions(period, estate)
    current.update(current_ext)
    previous.update(previous_ext)
    complaints = complaints_in(period, estate)
    counts, steps, departments = _dimensions(complaints)
    recurring, recurring_total = _recurring_top(complaints)
    trend, trend_departments = _trend(monthly, period)
    return Statistics(
        period=period,
        estate=estate.name if estate is not None else "",
        values={key: [current[key], previous[key]] for key in FIGURE_LABELS},
        counts=counts,
        trend=trend,
        trend_departments=trend_departments,
        steps=steps,
        departments=departments,
        recurring=recurring,
        recurring_total=recurring_total,
    )

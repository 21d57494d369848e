"""Callback figures (issue 13) for a month, half-year or year: a fixed number of aggregate queries.

A callback counts in the period its rule makes it due in (`due_at`), up to now:
- callback rate = called back on time (reached by the due time) / due;
- satisfaction = satisfied verdicts (很满意, 满意, 基本满意; SPEC §5) / verdicts given;
- unreachable rate = not reached in three tries (went to the supervisor) / due.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SATISFIED, UNSATISFIED, SourceKind, Status
from callbacks.models import Callback

AGGREGATES = {
    "due": Count("pk"),
    "reached": Count("pk", filter=Q(done_at__isnull=False)),
    "on_time": Count("pk", filter=Q(done_at__isnull=False, done_at__lte=F("due_at"))),
    "satisfied": Count("pk", filter=Q(result__in=list(SATISFIED))),
    "unsatisfied": Count("pk", filter=Q(result__in=list(UNSATISFIED))),
    "escalated": Count("pk", filter=Q(escalated_at__isnull=False)),
    "closed_unreachable": Count("pk", filter=Q(status=Status.UNREACHABLE)),
    "failed_tries": Sum("failed_tries"),
    "open": Count("pk", filter=Q(status__in=[Status.DUE, Status.ESCALATED])),
    "meeting": Count("pk", filter=Q(meeting_date__isnull=False)),
}


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    label: object
    due: int = 0
    reached: int = 0
    on_time: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    escalated: int = 0
    closed_unreachable: int = 0
    failed_tries: int = 0
    open: int = 0
    meeting: int = 0

    @classmethod
    def from_row(cls, label, row):
        return cls(label=label, **{key: row.get(key) or 0 for key in AGGREGATES})

    @property
    def callback_rate(self):
        return _rate(self.on_time, self.due)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.satisfied + self.unsatisfied)

    @property
    def unreachable_rate(self):
        return _rate(self.escalated, self.due)


# (key, label) of the columns every table shows, in order; the rates are computed from the counts.
COLUMNS = [
    ("due", _("Callbacks due")),
    ("reached", _("Called back")),
    ("on_time", _("On time")),
    ("callback_rate", _("Callback rate (%)")),
    ("satisfied", _("Satisfied")),
    ("unsatisfied", _("Unsatisfied")),
    ("satisfaction_rate", _("Satisfaction (%)")),
    ("escalated", _("Not reached in three tries")),
    ("unreachable_rate", _("Unreachable rate (%)")),
    ("closed_unreachable", _("Closed unreachable")),
    ("open", _("Still to call")),
    ("meeting", _("To the regular meeting")),
]


@dataclass
class CallbackStatistics:
    period: object
    estate: object  # an Estate, or None for every estate
    until: datetime.datetime
    total: Figures
    by_kind: list
    by_department: list
    by_month: list


def period_callbacks(period, now, estate=None):
    """Callbacks due in the period, up to now (a month under way counts what has fallen due so far), of
    one estate or of all."""
    callbacks = Callback.objects.filter(due_at__gte=period.start, due_at__lt=min(period.end, now))
    return callbacks.filter(estate=estate) if estate is not None else callbacks


def _months(period):
    months, start = [], period.start_date
    while start < period.end_date:
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        months.append((start, following))
        start = following
    return months


def _month_index(period):
    """The month of `due_at` within the period as 0, 1, 2…, computed by the database (no per-row date
    function, so it stays an index-friendly comparison)."""
    whens = [
        When(due_at__lt=timezone.make_aware(datetime.datetime.combine(end, datetime.time())), then=Value(index))
        for index, (_start, end) in enumerate(_months(period))
    ]
    return Case(*whens, default=Value(len(whens) - 1), output_field=IntegerField())


def callback_statistics(period, *, now, estate=None):
    callbacks = period_callbacks(period, now, estate)
    total = Figures.from_row(_("Whole period"), callbacks.aggregate(**AGGREGATES))
    kinds = dict(SourceKind.choices)
    by_kind_rows = {row["kind"]: row for row in callbacks.order_by().values("kind").annotate(**AGGREGATES)}
    by_kind = [Figures.from_row(label, by_kind_rows.get(kind, {})) for kind, label in kinds.items()]
    by_department = [
        Figures.from_row(row["department__name"] or _("(none)"), row)
        for row in callbacks.order_by().values("department__name").annotate(**AGGREGATES).order_by("department__name")
    ]
    month_rows = {
        row["month"]: row
        for row in callbacks.annotate(month=_month_index(period)).order_by().values("month").annotate(**AGGREGATES)
    }
    by_month = [
        Figures.from_row(f"{start:%Y-%m}", month_rows.get(index, {})) for index, (start, _end) in enumerate(_months(period))
    ]
    return CallbackStatistics(period=period, estate=estate, until=min(period.end, now), total=total, by_kind=by_kind,
                              by_department=by_department, by_month=by_month)

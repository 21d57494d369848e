"""Monthly / half-year / year complaint statistics (SPEC §4): a fixed number of aggregate queries."""

from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.utils.translation import gettext_lazy as _

from complaints.choices import Category, Level
from complaints.models import ACCEPTED_LATE, Complaint, ComplaintExtension
from core.channels import Channel

RECURRING_MIN = 2  # seed 004: problems that come back within the period are called out
HANDLING_TIME = ExpressionWrapper(F("handled_at") - F("received_at"), output_field=DurationField())

# (key, label, aggregate) — one SQL query computes them all for a period.
FIGURES = [
    ("total", _("Complaints received"), Count("pk")),
    ("valid", _("Valid"), Count("pk", filter=Q(is_valid=True))),
    ("invalid", _("Not valid"), Count("pk", filter=Q(is_valid=False))),
    ("accepted_late", _("Accepted more than 24 hours after reaching the office"), Count("pk", filter=ACCEPTED_LATE)),
    ("major", _("Major"), Count("pk", filter=Q(is_valid=True, level=Level.MAJOR))),
    ("important", _("Important"), Count("pk", filter=Q(is_valid=True, level=Level.IMPORTANT))),
    ("minor", _("Minor"), Count("pk", filter=Q(is_valid=True, level=Level.MINOR))),
    ("handled", _("Handled"), Count("pk", filter=Q(handled_at__isnull=False))),
    ("on_time", _("Handled on time"), Count("pk", filter=Q(handled_at__isnull=False, handled_at__lte=F("handle_due")))),
    ("late", _("Handled late"), Count("pk", filter=Q(handled_at__isnull=False, handled_at__gt=F("handle_due")))),
    ("escalated", _("Escalated to major (criterion c)"), Count("pk", filter=Q(escalated_at__isnull=False))),
    ("appealed", _("Appealed"), Count("pk", filter=Q(appeal_count__gt=0))),
    ("repeat", _("Possible repeat complaints"), Count("pk", filter=Q(repeat_flag=True))),
    ("callbacks_satisfied", _("Callback: satisfied"), Count("pk", filter=Q(callback_satisfied=True))),
    ("callbacks_unsatisfied", _("Callback: unsatisfied"), Count("pk", filter=Q(callback_satisfied=False))),
    ("avg_hours", _("Average time to handle (hours)"), Avg(HANDLING_TIME, filter=Q(handled_at__isnull=False))),
    ("max_hours", _("Longest time to handle (hours)"), Max(HANDLING_TIME, filter=Q(handled_at__isnull=False))),
]
EXTENSION_FIGURES = [
    ("extensions", _("Extensions requested"), Count("pk")),
    ("extensions_approved", _("Extensions approved"), Count("pk", filter=Q(decision="approved"))),
]


@dataclass
class Breakdown:
    key: str
    title: object
    rows: list  # [(label, count)]


@dataclass
class Statistics:
    period: object
    figures: list  # [(key, label, value, previous value)]
    breakdowns: list
    recurring: list  # [(department, place, count)]

    def figure(self, key):
        return next(value for k, _label, value, _prev in self.figures if k == key)


def period_complaints(period):
    return Complaint.objects.filter(received_at__gte=period.start, received_at__lt=period.end)


def _hours(value):
    return round(value.total_seconds() / 3600, 1) if value is not None else None


def _figures(period):
    values = period_complaints(period).aggregate(**{key: agg for key, _label, agg in FIGURES})
    values.update(
        ComplaintExtension.objects.filter(
            complaint__received_at__gte=period.start, complaint__received_at__lt=period.end
        ).aggregate(**{key: agg for key, _label, agg in EXTENSION_FIGURES})
    )
    values["avg_hours"], values["max_hours"] = _hours(values["avg_hours"]), _hours(values["max_hours"])
    return values


NONE_LABEL = _("(none)")


def _group(queryset, field, labels=None, empty=NONE_LABEL):
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [((labels.get(row[field], row[field]) if labels else row[field]) or empty, row["n"]) for row in rows]


def _recurring(queryset):
    """Same department and the same unit, or the same building, more than once in the period."""
    by_unit = (
        queryset.exclude(unit=None).exclude(department=None).order_by()
        .values("department__name", "unit__building__estate__name", "unit__building__name", "unit__number")
        .annotate(n=Count("pk")).filter(n__gte=RECURRING_MIN).order_by("-n")
    )
    by_building = (
        queryset.exclude(unit=None).exclude(department=None).order_by()
        .values("department__name", "unit__building__estate__name", "unit__building__name")
        .annotate(n=Count("pk")).filter(n__gte=RECURRING_MIN).order_by("-n")
    )
    rows = [
        (r["department__name"], f"{r['unit__building__estate__name']} {r['unit__building__name']}-{r['unit__number']}",
         r["n"])
        for r in by_unit
    ]
    rows += [
        (r["department__name"], f"{r['unit__building__estate__name']} {r['unit__building__name']}", r["n"])
        for r in by_building
    ]
    return rows


def complaint_statistics(period):
    current, previous = _figures(period), _figures(period.previous())
    labels = [(key, label) for key, label, _agg in FIGURES + EXTENSION_FIGURES]
    figures = [(key, label, current[key], previous[key]) for key, label in labels]
    complaints = period_complaints(period)
    breakdowns = [
        Breakdown("level", _("By level"), _group(complaints.filter(is_valid=True), "level",
                                                 dict(Level.choices), _("Not graded"))),
        Breakdown("department", _("By department"), _group(complaints, "department__name")),
        Breakdown("channel", _("By channel"), _group(complaints, "channel", dict(Channel.choices))),
        Breakdown("estate", _("By estate"), _group(complaints, "estate__name")),
        Breakdown("category", _("By category of problem"), _group(complaints, "category", dict(Category.choices))),
    ]
    return Statistics(period=period, figures=figures, breakdowns=breakdowns, recurring=_recurring(complaints))

"""Reads composed for one screen or export; the resident's name and phone always as the viewer may see
them (`shown_name`, `shown_phone`; SPEC §2)."""

from django.db.models import Count, Q
from django.utils import timezone

from callbacks.choices import Status
from callbacks.deadlines import end_of_local_day
from callbacks.models import Callback
from callbacks.permissions import RECORD_ROLES, SUPERVISOR_ROLES
from core.records import HistoryEntry
from core.roles import has_role
from residents.privacy import shown_name, shown_phone

# The queue's tabs (issue 13): overdue, due today, upcoming.
OVERDUE, TODAY, UPCOMING = "overdue", "today", "upcoming"


def callback_list(*, user):
    """The callbacks `user` may see, with the person to call as they may see them."""
    return (
        Callback.objects.visible_to(user).with_list_related()
        .annotate(shown_name=shown_name(user, "contact_name"), shown_phone=shown_phone(user, "contact_phone"))
    )


def _windows(now):
    end_of_today = end_of_local_day(timezone.localdate(now))
    return {
        OVERDUE: Q(next_due__lt=now),
        TODAY: Q(next_due__gte=now, next_due__lt=end_of_today),
        UPCOMING: Q(next_due__gte=end_of_today),
    }


def queue(*, user, now, queryset=None, when=""):
    """Open callbacks with a step to take, soonest first (the stored `next_due`, read through its index);
    `when` picks a tab: overdue, due today (later today) or upcoming (after today)."""
    rows = (queryset if queryset is not None else callback_list(user=user)).open().filter(next_due__isnull=False)
    if when in (OVERDUE, TODAY, UPCOMING):
        rows = rows.filter(_windows(now)[when])
    return rows.order_by("next_due", "pk")


def tab_counts(queryset, *, now):
    """The queue's tab counts for the filtered callbacks: all to do, overdue, due today, upcoming (one query)."""
    windows = _windows(now)
    return queryset.open().filter(next_due__isnull=False).aggregate(
        all=Count("pk"), **{key: Count("pk", filter=q) for key, q in windows.items()}
    )


def _mine(user):
    """For the navigation counts: a clerk counts the callbacks handed to them or to nobody; the supervisor
    and the manager everything (escalated ones included); others what they may see."""
    if has_role(user, SUPERVISOR_ROLES) or not has_role(user, RECORD_ROLES):
        return Q()
    return (Q(assignee__isnull=True) | Q(assignee=user)) & ~Q(status=Status.ESCALATED)


def queue_counts(user, now):
    """{"overdue", "today", "upcoming", "escalated"}: the user's open callbacks per tab, in one query
    (for the navigation bar and the role desks)."""
    windows = _windows(now)
    rows = Callback.objects.visible_to(user).open().filter(next_due__isnull=False).filter(_mine(user))
    return rows.aggregate(
        overdue=Count("pk", filter=windows[OVERDUE]),
        today=Count("pk", filter=windows[TODAY]),
        upcoming=Count("pk", filter=windows[UPCOMING]),
        escalated=Count("pk", filter=Q(status=Status.ESCALATED)),
    )


# ---- rows for the role desks (core.desk: DeskPanel(rows="callbacks.selectors.desk_…")) -----------------

def _desk(user):
    return callback_list(user=user).open()


def desk_to_call(user, now):
    """The callbacks the user is to make by the end of today (overdue first): handed to them or to nobody;
    the supervisor's and the manager's: all of them."""
    end_of_today = end_of_local_day(timezone.localdate(now))
    return (
        _desk(user).filter(_mine(user), status__in=[Status.DUE, Status.ESCALATED], next_due__lt=end_of_today)
        .order_by("next_due", "pk")
    )


def desk_escalated(user, now):
    """Not reached three times: the supervisor's (issue 13)."""
    return _desk(user).filter(status=Status.ESCALATED).order_by("next_due", "pk")


def desk_answers_due(user, now):
    """Answers promised to residents (预约时间答复) by the user; the supervisor's and manager's: all."""
    rows = _desk(user).filter(status=Status.AWAITING_ANSWER)
    if not has_role(user, SUPERVISOR_ROLES):
        rows = rows.filter(done_by=user)
    return rows.order_by("answer_due", "pk")


def desk_department(user, now):
    """A department head's view of the callbacks still open about their department's work."""
    return _desk(user).order_by("next_due", "pk")


def source_callbacks(source, *, user):
    """A source's callbacks, oldest first, for its page (one query)."""
    return callback_list(user=user).for_source(source).select_related("done_by").order_by("created_at", "pk")


def same_source(callback, *, user):
    """The other callbacks of the same source (earlier rounds, follow-ups), without loading the source."""
    return (
        callback_list(user=user).filter(source_type_id=callback.source_type_id, source_id=callback.source_id)
        .exclude(pk=callback.pk).select_related("done_by").order_by("created_at", "pk")
    )


def unit_history(unit, viewer):
    """The unit's callbacks for its history page (core.records), newest first; a department head sees
    those about his departments' work (the same rule as the queue)."""
    label = Callback._meta.verbose_name
    rows = Callback.objects.visible_to(viewer).filter(unit=unit).order_by("-created_at", "-pk")
    return [
        HistoryEntry(at=c.created_at, kind=label, number=c.number,
                     summary=" · ".join(filter(None, [f"{c.kind_label} {c.source_label}", str(c.result_label)])),
                     status=c.status_label, url=c.get_absolute_url())
        for c in rows
    ]


def unit_callbacks(unit, *, user):
    """Every callback made to a unit, newest first: the unit's callback history."""
    return callback_list(user=user).filter(unit=unit).select_related("done_by").order_by("-created_at", "-pk")


def meeting_items(meeting_date, *, user):
    """The serious problems put on one regular meeting (例会), by department."""
    return (
        callback_list(user=user).filter(meeting_date=meeting_date).select_related("done_by", "meeting_outcome_by")
        .order_by("department__name", "created_at", "pk")
    )


def meeting_dates(*, user, limit=12):
    """The latest meeting dates that have items, newest first, with how many and how many decided."""
    return list(
        Callback.objects.visible_to(user).filter(meeting_date__isnull=False).order_by()
        .values("meeting_date")
        .annotate(items=Count("pk"), decided=Count("pk", filter=~Q(meeting_outcome="")))
        .order_by("-meeting_date")[:limit]
    )

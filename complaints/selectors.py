"""Reads composed for one screen or export."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import Level, Status
from complaints.deadlines import BOARD_HORIZON, EXTENSION_APPROVER
from complaints.models import Complaint
from complaints.statistics import complaints_in
from complaints.workflow import WORKFLOW
from core.estates import scoped
from core.periods import Period
from core.records import HistoryEntry
from core.roles import has_role
from residents.models import Department
from residents.privacy import shown_name, shown_phone


def complaint_list(*, user):
    """The complaints `user` may see, with the complainant's name and phone as they may see them
    (`shown_name`, `shown_phone`; SPEC §2)."""
    return (
        Complaint.objects.visible_to(user).with_list_related()
        .annotate(shown_name=shown_name(user, "complainant_name"), shown_phone=shown_phone(user, "complainant_phone"))
    )


def overdue_board(*, now, queryset):
    """Open complaints with a step past due or due within 24 hours, most late first; the late step and by
    how long come from the stored next due time (kept by the workflow), read through its index."""
    return (
        queryset.open()
        .due_before(now + BOARD_HORIZON)
        .with_lateness(now)
        .with_list_related()
        .select_related("department__head", "recorded_by", "forwarded_to")
        .order_by("next_due", "pk")
    )


def with_whose_move(rows, *, user, now):
    """Give each board row its `whose_team`/`whose_person` (from the workflow's deadlines, no query) and
    whether this user may escalate it now (the lever shows only then)."""
    rows = list(rows)
    escalate = WORKFLOW.action("escalate")
    for complaint in rows:
        complaint.whose_team, complaint.whose_person = WORKFLOW.whose_move(complaint)
        complaint.escalation_now = WORKFLOW.allows(complaint, escalate, now) and WORKFLOW.may(user, complaint, escalate)
    return rows


def board_counts(board, *, now):
    """Per department: how many are on the board and how many already overdue. One pass over the board's
    index (complaint_next_due_open holds the department), counting each department in its own column: a
    GROUP BY would lead SQLite to walk the whole department index instead, or a join per complaint to
    group by the name (issue 15)."""
    departments = dict(Department.objects.values_list("pk", "name"))
    figures = {}
    for key, match in [*((pk, Q(department=pk)) for pk in departments), (None, Q(department__isnull=True))]:
        figures[f"total_{key}"] = Count("pk", filter=match)
        figures[f"late_{key}"] = Count("pk", filter=match & Q(next_due__lt=now))
    counted = board.order_by().aggregate(**figures)
    rows = [
        {"department__name": departments.get(key), "total": counted[f"total_{key}"], "late": counted[f"late_{key}"]}
        for key in [*departments, None] if counted[f"total_{key}"]
    ]
    rows.sort(key=lambda row: (-row["late"], -row["total"], row["department__name"] is None,
                               row["department__name"] or ""))
    return rows


def originating_help_request(complaint):
    """The help request this complaint came from, if any (the link lives on the requests side)."""
    try:
        return getattr(complaint, "help_request", None)
    except ObjectDoesNotExist:
        return None


# ---- the desks (core.desk panels, declared in apps.py) ----------------------------------------------

def _desk_list(user):
    """complaint_list joined only to what a desk row shows (unit, department): each panel refreshes itself,
    and the planner's time on joins nobody reads adds up (issue 15)."""
    return complaint_list(user=user).select_related(None).select_related("unit__building", "department")


def _mine(user):
    return Q(department__head=user) | Q(department__members=user)


def desk_to_dispatch(user, now):
    """Received, valid complaints waiting to be graded and dispatched (10 minutes)."""
    return _desk_list(user).filter(status=Status.RECEIVED, is_valid=True).order_by("dispatch_due", "pk")


def desk_to_sign(user, now):
    return _desk_list(user).filter(_mine(user), status=Status.DISPATCHED).distinct().order_by("sign_due", "pk")


def desk_to_handle(user, now):
    return _desk_list(user).filter(_mine(user), status=Status.SIGNED).distinct().order_by("handle_due", "pk")


def desk_my_extension_requests(user, now):
    return (
        _desk_list(user).filter(_mine(user), extension_requested_at__isnull=False).distinct()
        .order_by("extension_requested_at", "pk")
    )


def desk_overdue(user, now):
    """The overdue board's late rows (the board itself also shows what falls due within 24 hours)."""
    return _desk_list(user).open().overdue(now).order_by("next_due", "pk")


def desk_extensions_to_approve(user, now):
    """SPEC §4: the manager approves minor complaints' extensions, the general manager important ones'."""
    levels = [level for level, role in EXTENSION_APPROVER.items() if has_role(user, role)]
    return _desk_list(user).filter(extension_requested_at__isnull=False, level__in=levels).order_by(
        "extension_requested_at", "pk"
    )


def desk_forwarded_to_me(user, now):
    return _desk_list(user).open().filter(forwarded_to=user).order_by("received_at", "pk")


def desk_major_open(user, now):
    return _desk_list(user).open().filter(is_valid=True, level=Level.MAJOR).order_by("received_at", "pk")


def desk_month_figures(user, now):
    """This month's counts for the manager's desk (the statistics page has the rest)."""
    today = timezone.localdate(now)
    month = scoped(complaints_in(Period("month", today.year, today.month)), user)
    figures = month.aggregate(
        total=Count("pk"), major=Count("pk", filter=Q(level=Level.MAJOR, is_valid=True)),
        important=Count("pk", filter=Q(level=Level.IMPORTANT, is_valid=True)),
        open=Count("pk", filter=~Q(status=Status.CLOSED)), late=Count("pk", filter=WORKFLOW.done_late()),
    )
    labels = {"total": _("Complaints received"), "major": _("Major"), "important": _("Important"),
              "open": _("Not yet closed"), "late": _("With a step done late")}
    return [(labels[key], value) for key, value in figures.items()]


def desk_overdue_by_department(user, now):
    return board_counts(Complaint.objects.visible_to(user).open().overdue(now), now=now)


def unit_history(unit, viewer):
    """The unit's complaints for its page (core.records), newest first; a department head sees only
    his departments' (the same rule as the complaint list)."""
    label = Complaint._meta.verbose_name
    rows = complaint_list(user=viewer).filter(unit=unit).order_by("-received_at")
    return [
        HistoryEntry(at=c.received_at, kind=label, number=c.number,
                     summary=" · ".join(filter(None, [str(c.get_level_display()), c.description[:60]])),
                     status=c.get_status_display(), url=c.get_absolute_url())
        for c in rows
    ]

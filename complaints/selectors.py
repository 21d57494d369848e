"""Reads composed for one screen or export."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q

from complaints.deadlines import BOARD_HORIZON
from complaints.models import Complaint
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
        .order_by("next_due", "pk")
    )


def board_counts(board, *, now):
    """Per department: how many are on the board and how many already overdue (one grouped query)."""
    return list(
        board.order_by()
        .values("department__name")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(next_due__lt=now)))
        .order_by("-late", "-total", "department__name")
    )


def originating_help_request(complaint):
    """The help request this complaint came from, if any (the link lives on the requests side)."""
    try:
        return getattr(complaint, "help_request", None)
    except ObjectDoesNotExist:
        return None

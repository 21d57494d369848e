"""Reads composed for one screen or export; each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone

from core.people import attach_staff, display_name
from core.records import HistoryEntry
from requests_app.models import (
    CATEGORY_DEPARTMENT_KIND,
    WRITTEN_CHANNELS,
    Category,
    HelpRequest,
    InquiryKind,
    Status,
)
from residents.models import Department
from residents.privacy import shown_name, shown_phone, shown_text


def default_department(*, category, estate):
    """The estate's own department of the kind the category needs, else a company-wide one."""
    kind = CATEGORY_DEPARTMENT_KIND.get(category)
    if kind is None:
        return None
    departments = Department.objects.filter(kind=kind).select_related("head")
    local = departments.filter(Q(estate=estate) | Q(estate__isnull=True)) if estate else departments
    return local.order_by(F("estate_id").asc(nulls_last=True), "pk").first() or departments.order_by("pk").first()


def default_inquiry_kind(channel):
    return InquiryKind.WRITTEN if channel in WRITTEN_CHANNELS else InquiryKind.ORAL


# Who called: the registered resident, else the name and phone the clerk typed.
CALLER_NAME = Case(When(resident__isnull=False, then=F("resident__name")), default=F("caller_name"))
CALLER_PHONE = Case(When(resident__isnull=False, then=F("resident__phone")), default=F("caller_phone"))


def request_list(*, viewer):
    """Help requests with the caller's and the patient's details as `viewer` may see them (SPEC §2):
    `shown_name`, `shown_phone`, `shown_patient_address`, `shown_patient_phone`; of the estates the
    viewer works for."""
    return HelpRequest.objects.visible_to(viewer).with_list_related().annotate(
        shown_name=shown_name(viewer, CALLER_NAME),
        shown_phone=shown_phone(viewer, CALLER_PHONE),
        shown_patient_address=shown_text(viewer, "patient_address"),
        shown_patient_phone=shown_phone(viewer, "patient_phone"),
    )


def request_for_page(help_request):
    """The staff members a record's page names, read in one query (core.people.attach_staff)."""
    return attach_staff(
        help_request, "first_reply_by", "referred_by", "written_reply_by", "handled_by", "closed_by",
        "signed_off_by", "repair_order.assignee",
    )


def register_rows(*, viewer, start, end, estate=None):
    """住户求助登记表: every request received in the period, oldest first."""
    rows = (
        request_list(viewer=viewer)
        .select_related("handled_by", "signed_off_by")
        .received_between(start, end)
        .order_by("received_at", "pk")
    )
    return rows.filter(estate=estate) if estate else rows


@dataclass
class CallsLog:
    rows: object
    subtotals: list = field(default_factory=list)
    total: int = 0


def calls_log(*, viewer, start, end, estate=None):
    """来电来访记录 (seed 001): every call and visit, with subtotals per category for the period."""
    rows = register_rows(viewer=viewer, start=start, end=end, estate=estate)
    counts = dict(rows.order_by().values_list("category").annotate(n=Count("pk")))
    subtotals = [(category, counts.get(category.value, 0)) for category in Category]
    return CallsLog(rows=rows, subtotals=subtotals, total=sum(counts.values()))


ON_TIME = (Q(reply_due_at__isnull=True) | Q(first_reply_at__lte=F("reply_due_at"))) & (
    Q(written_reply_due_at__isnull=True) | Q(written_reply_at__lte=F("written_reply_due_at"))
)


@dataclass
class StaffFigures:
    user: object
    received: int = 0
    handled: int = 0
    replied: int = 0
    replied_on_time: int = 0

    @property
    def on_time_rate(self):
        return round(100 * self.replied_on_time / self.replied) if self.replied else None


def staff_figures(*, period, viewer, estate=None):
    """Per staff member for a period (core.periods.Period): requests received, handled, replied (and on
    time) — SPEC §3: handling figures per staff member feed performance reviews. Of the estates the
    viewer works for, or of one of them."""
    start, end = period.start, period.end
    base = HelpRequest.objects.visible_to(viewer)
    base = base.filter(estate=estate) if estate else base
    received = base.filter(received_at__gte=start, received_at__lt=end).values_list("received_by")
    handled = base.filter(handled_at__gte=start, handled_at__lt=end, handler__isnull=False).values_list("handler")
    replied = base.filter(first_reply_at__gte=start, first_reply_at__lt=end, first_reply_by__isnull=False)
    figures = {}

    def add(pairs, attr):
        for user_id, count in pairs:
            setattr(figures.setdefault(user_id, StaffFigures(user=None)), attr, count)

    add(received.annotate(n=Count("pk")).order_by(), "received")
    add(handled.annotate(n=Count("pk")).order_by(), "handled")
    add(replied.values_list("first_reply_by").annotate(n=Count("pk")).order_by(), "replied")
    add(replied.filter(ON_TIME).values_list("first_reply_by").annotate(n=Count("pk")).order_by(), "replied_on_time")
    users = get_user_model().objects.in_bulk(list(figures))
    for user_id, row in figures.items():
        row.user = users[user_id]
    return sorted(figures.values(), key=lambda row: (-row.received, display_name(row.user)))


def supervisor_board(now, *, viewer):
    """What the supervisor must act on: overdue replies, referrals, written inquiries, GT repairs being
    coordinated (2 days), sign-offs."""
    base = request_list(viewer=viewer)
    return {
        "overdue": base.overdue(now).order_by("received_at"),
        "referred": base.filter(status=Status.REFERRED).order_by("reply_due_at"),
        "written": base.filter(written_reply_due_at__isnull=False, written_reply_at__isnull=True).order_by(
            "written_reply_due_at"
        ),
        "coordination": base.filter(coordination_due_at__isnull=False, handled_at__isnull=True).open().order_by(
            "coordination_due_at"
        ),
        "serious": base.filter(category=Category.EMERGENCY, serious=True).open().order_by("received_at"),
        "urgent": base.filter(urgent=True).open().order_by("received_at"),
        "sign_off": base.awaiting_sign_off().order_by("closed_at")[:100],
    }


# ---- the desks (core.desk panels, declared in apps.py) ----------------------------------------------

def _desk_rows(user):
    """request_list joined only to what a desk row shows (the unit): the desk is drawn on every visit and
    each panel refreshes itself, so the planner's time on joins nobody reads adds up (issue 15)."""
    return request_list(viewer=user).select_related(None).select_related("unit__building")


def _in_departments_of(user):
    return Q(department__head=user) | Q(department__members=user)


def desk_time_limits(user, now):
    """Open requests with a running time limit (reply, written reply, GT coordination), soonest first."""
    return _desk_rows(user).filter(next_due__isnull=False).order_by("next_due", "pk")


def desk_today(user, now):
    """Today's calls and visits (the clerk's log so far)."""
    today = timezone.localdate(now)
    return _desk_rows(user).received_between(today, today).order_by("-received_at", "-pk")


def desk_referred(user, now):
    return _desk_rows(user).filter(status=Status.REFERRED).order_by("reply_due_at", "pk")


def desk_written_replies(user, now):
    return _desk_rows(user).filter(
        written_reply_due_at__isnull=False, written_reply_at__isnull=True
    ).order_by("written_reply_due_at", "pk")


def desk_department_requests(user, now):
    """What was routed to the department head's own departments and is not yet handled."""
    return (
        _desk_rows(user).filter(_in_departments_of(user))
        .filter(status__in=[Status.RECEIVED, Status.REPLIED, Status.ASSIGNED]).distinct().order_by("received_at", "pk")
    )


def desk_sign_off(user, now):
    return _desk_rows(user).awaiting_sign_off().order_by("closed_at", "pk")


def desk_unsigned_archive(user, now):
    """Past years' closed records still without the supervisor's signature (the archive is incomplete)."""
    return _desk_rows(user).archived(now).awaiting_sign_off().order_by("received_at", "pk")


def unit_history(unit, viewer):
    """The unit's help requests for its page (core.records), newest first."""
    label = HelpRequest._meta.verbose_name
    rows = request_list(viewer=viewer).filter(unit=unit).order_by("-received_at")
    return [
        HistoryEntry(at=r.received_at, kind=label, number=r.number,
                     summary=f"{r.get_category_display()} · {r.matter[:60]}", status=r.get_status_display(),
                     url=r.get_absolute_url())
        for r in rows
    ]

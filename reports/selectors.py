"""Reads composed for the report pages and the desks."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from complaints.statistics import Statistics, complaint_statistics, complaints_in
from core.estates import scoped, visible_estates
from core.roles import Role, has_role, roles_of
from reports.models import ComplaintReport, Kind, ReportActionItem, ReportStatus
from reports.permissions import READ_ROLES
from reports.workflow import REPORT_WORKFLOW, WRITABLE


def report_list(*, viewer, estate=None, status="", year=None):
    """The reports of the estates `viewer` works for (core.estates)."""
    reports = scoped(ComplaintReport.objects.select_related("estate", "submitted_by", "reviewed_by"), viewer)
    if estate is not None:
        reports = reports.filter(estate=estate)
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    return reports


def report_statistics(report):
    """The report's figures: frozen at submission once submitted; live while it is being written."""
    if report.is_frozen:
        return Statistics.from_snapshot(report.figures, frozen_at=report.submitted_at)
    return complaint_statistics(report.period, report.estate)


@dataclass(frozen=True)
class DueReport:
    report: ComplaintReport
    waiting_for: str  # the step's label
    due: datetime.datetime | None  # None: a step with no time limit (the manager's reading)
    late: bool


def reports_due(user, now):
    """The reports waiting for `user`'s move, soonest due first: the supervisor writes and submits them
    and hands the forms over; the manager reads submitted ones; quality confirms the forms it received.
    For the desks and the navigation count."""
    roles = roles_of(user)
    waiting = Q(pk__in=[])
    if Role.SUPERVISOR in roles:
        waiting |= Q(status__in=WRITABLE) | Q(kind=Kind.MONTH, handed_over_at__isnull=True)
    if Role.MANAGER in roles:
        waiting |= Q(status=ReportStatus.SUBMITTED)
    if Role.QUALITY in roles:
        waiting |= Q(handed_over_at__isnull=False, received_at__isnull=True)
    reports = scoped(ComplaintReport.objects.filter(waiting), user).select_related("estate").order_by(
        "due_at", "estate__code")
    return [_due(report, roles, now) for report in reports]


def _due(report, roles, now):
    if Role.SUPERVISOR in roles and report.status in WRITABLE:
        step, due = "submit", report.due_at
    elif Role.SUPERVISOR in roles and report.kind == Kind.MONTH and report.handed_over_at is None:
        step, due = "hand_over", report.handover_due
    elif Role.MANAGER in roles and report.status == ReportStatus.SUBMITTED:
        step, due = "acknowledge", None
    else:
        step, due = "confirm_receipt", None
    return DueReport(report, REPORT_WORKFLOW.action(step).label, due, due is not None and due < now)


def side_by_side(period, *, viewer):
    """Every estate's report of `period` side by side (issue 14: the general manager, the vice general
    manager and quality compare all estates; anyone else their own), estates in code order; None where
    no report was opened."""
    reports = {r.estate_id: r for r in scoped(ComplaintReport.objects.filter(
        kind=period.kind, year=period.year, index=period.index), viewer).select_related("submitted_by", "reviewed_by")}
    return [(estate, reports.get(estate.pk)) for estate in visible_estates(viewer).order_by("code")]


def forms_not_returned(report):
    """The month's complaints whose form is still out with a department (not yet returned)."""
    return list(
        complaints_in(report.period, report.estate)
        .filter(is_valid=True, handled_at__isnull=True).order_by("number").values_list("number", flat=True)
    )


def action_items(report):
    return report.action_items.select_related("department", "owner", "done_by")


def items_visible_to(user):
    """Action items a user may read: the report readers all of them, a department head their own."""
    items = scoped(ReportActionItem.objects.select_related("report__estate", "department", "owner"), user)
    if has_role(user, READ_ROLES):
        return items
    if has_role(user, Role.DEPARTMENT_HEAD):
        return items.filter(Q(department__head=user) | Q(department__members=user)).distinct()
    return items.none()

"""Every write to a complaint report or an action item, each in one transaction through the declared
workflows (reports.workflow), each leaving a timeline entry."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.statistics import complaint_statistics, complaints_in
from core.errors import WorkflowError
from core.periods import Period
from reports import deadlines
from reports.models import ComplaintReport, Kind, ReportActionItem
from reports.workflow import ITEM_WORKFLOW, REPORT_WORKFLOW
from residents.models import Estate


def open_report(*, estate, period, by=None, now=None):
    """The report of `estate` for `period`, created (as being written, due by the 30th of the month
    after) if there is none yet. Refused before the period has ended: its figures are not complete."""
    now = now or timezone.now()
    if now < period.end:
        raise WorkflowError(_("A report can be started once its period has ended."))
    found = ComplaintReport.objects.filter(estate=estate, kind=period.kind, year=period.year,
                                           index=period.index).first()
    if found is not None:
        return found
    due = deadlines.report_due(period)
    report = ComplaintReport(
        estate=estate, kind=period.kind, year=period.year, index=period.index, due_at=due,
        handover_due=due if period.kind == Kind.MONTH else None, created_at=now,
    )
    try:
        with transaction.atomic():
            return REPORT_WORKFLOW.create(report, by=by, now=now, label=_("Report opened"), action="opened")
    except IntegrityError:  # opened meanwhile by someone else (or the periodic job)
        return ComplaintReport.objects.get(estate=estate, kind=period.kind, year=period.year, index=period.index)


def periods_ending_before(today):
    """The periods that ended with last month: the month, and the half-year and year when they end there."""
    month = Period.last_month(today)
    periods = [month]
    if month.index in (6, 12):
        periods.append(Period("half", month.year, 1 if month.index == 6 else 2))
    if month.index == 12:
        periods.append(Period("year", month.year))
    return periods


def open_due_reports(*, now=None):
    """Periodic job: open last month's report for every estate (and the half-year and year reports when
    they end), so each is on the supervisor's desk and warned before its due day. Idempotent."""
    now = now or timezone.now()
    periods = periods_ending_before(timezone.localdate(now))
    existing = set(
        ComplaintReport.objects.filter(year__in={p.year for p in periods})
        .values_list("estate_id", "kind", "year", "index")
    )
    created = 0
    for estate in Estate.objects.order_by("code"):
        for period in periods:
            if (estate.pk, period.kind, period.year, period.index) not in existing:
                open_report(estate=estate, period=period, now=now)
                created += 1
    return created


def warn_due_reports(*, now=None):
    """Periodic job: warn once when a report, a hand-over or an action item falls due soon, and again
    once it is overdue (core.workflow.warn_due). Returns the notices created."""
    now = now or timezone.now()
    return (REPORT_WORKFLOW.warn_due(now=now, office_lead=deadlines.REPORT_WARNING_LEAD)
            + ITEM_WORKFLOW.warn_due(now=now, office_lead=deadlines.ACTION_ITEM_WARNING_LEAD))


def save_analysis(*, report, by, causes="", recurring_analysis="", departments_concerned="", suggestions="",
                  now=None):
    return REPORT_WORKFLOW.transition(report, "edit", by=by, now=now, changes={
        "causes": causes.strip(), "recurring_analysis": recurring_analysis.strip(),
        "departments_concerned": departments_concerned.strip(), "suggestions": suggestions.strip(),
    })


def add_action_item(*, report, by, department, problem, action, owner, due_date, now=None):
    """An action item for a recurring problem: its department, who carries it out, and by when."""
    now = now or timezone.now()
    if owner.pk not in {user.pk for user in department.staff()}:
        raise WorkflowError(_("The owner must be the head or a member of %(department)s.")
                            % {"department": department.name})
    if due_date < timezone.localdate(now):
        raise WorkflowError(_("The due date cannot be in the past."))
    with transaction.atomic():
        report = REPORT_WORKFLOW.transition(report, "add_item", by=by, now=now,
                                            note=f"{department.name}: {problem} → {action}")
        item = ReportActionItem(report=report, department=department, problem=problem.strip(), action=action.strip(),
                                owner=owner, due_at=deadlines.end_of(due_date), created_at=now)
        ITEM_WORKFLOW.create(item, by=by, now=now, label=_("Action item added"), action="created",
                             note=f"{report.number}: {problem}")
    return item


def _submission_blockers(report):
    """What stops a report from being submitted (seed 000 §4.8: statistics AND analysis; seed 004:
    recurring problems go to the departments concerned)."""
    problems = []
    if not report.causes.strip():
        problems.append(_("Write the main causes."))
    if not report.suggestions.strip():
        problems.append(_("Write the suggestions."))
    stats = complaint_statistics(report.period, report.estate)
    covered = set(report.action_items.values_list("department__name", flat=True))
    uncovered = sorted({problem.department for problem in stats.recurring} - covered)
    if uncovered:
        problems.append(_("Recurring problems of %(departments)s have no action item yet.")
                        % {"departments": "、".join(uncovered)})
    return problems, stats


def submit_report(*, report, by, now=None):
    """Submit to the manager, freezing the figures as they are now (later edits of complaints do not
    change a submitted report). Refused while the analysis or an action item is missing."""
    now = now or timezone.now()

    def changes(locked):
        problems, stats = _submission_blockers(locked)
        if problems:
            raise WorkflowError(" ".join(str(problem) for problem in problems))
        return {"figures": stats.to_snapshot(), "submitted_at": now, "submitted_by": by,
                "reviewed_at": None, "reviewed_by": None, "review_comment": ""}

    return REPORT_WORKFLOW.transition(report, "submit", by=by, now=now, changes=changes)


def acknowledge_report(*, report, by, comment="", now=None):
    now = now or timezone.now()
    return REPORT_WORKFLOW.transition(report, "acknowledge", by=by, now=now, note=comment.strip(), changes={
        "reviewed_at": now, "reviewed_by": by, "review_comment": comment.strip()})


def return_report(*, report, by, comment, now=None):
    now = now or timezone.now()
    if not comment.strip():
        raise WorkflowError(_("Say what to revise."))
    return REPORT_WORKFLOW.transition(report, "return", by=by, now=now, note=comment.strip(), changes={
        "reviewed_at": now, "reviewed_by": by, "review_comment": comment.strip()})


def hand_over_forms(*, report, by, missing=(), missing_note="", now=None):
    """Seed 000 §4.8: the month's complaint forms go to the quality department. Recorded: who, when,
    how many of the month's forms, and which numbers are missing from the bundle."""
    now = now or timezone.now()

    def changes(locked):
        if now < locked.period.end:
            raise WorkflowError(_("The month's forms can be handed over once the month has ended."))
        numbers = set(complaints_in(locked.period, locked.estate).values_list("number", flat=True))
        unknown = sorted(set(missing) - numbers)
        if unknown:
            raise WorkflowError(_("Not complaints of this month and estate: %(numbers)s")
                                % {"numbers": "、".join(unknown)})
        if missing and not missing_note.strip():
            raise WorkflowError(_("Say why the forms are missing."))
        return {"handed_over_at": now, "handed_over_by": by, "forms_expected": len(numbers),
                "forms_handed_over": len(numbers) - len(set(missing)), "missing_numbers": sorted(set(missing)),
                "missing_note": missing_note.strip()}

    return REPORT_WORKFLOW.transition(
        report, "hand_over", by=by, now=now, changes=changes,
        note=lambda r: _("%(handed)d of %(expected)d forms; missing: %(missing)s") % {
            "handed": r.forms_handed_over, "expected": r.forms_expected, "missing": "、".join(r.missing_numbers) or "—"},
    )


def confirm_forms_received(*, report, by, now=None):
    """The quality department has the forms: from today they are kept 2 years (SPEC §4)."""
    now = now or timezone.now()
    keep = deadlines.keep_until(timezone.localdate(now))
    return REPORT_WORKFLOW.transition(report, "confirm_receipt", by=by, now=now, note=f"{keep:%Y-%m-%d}", changes={
        "received_at": now, "received_by": by, "keep_until": keep})


def complete_action_item(*, item, by, result, now=None):
    now = now or timezone.now()
    return ITEM_WORKFLOW.transition(item, "complete", by=by, now=now, note=result.strip(), changes={
        "result": result.strip(), "done_at": now, "done_by": by})


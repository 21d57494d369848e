"""Thin views over the report selectors and services (the workflow decides who may do what)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from complaints.charts import statistics_charts
from complaints.exports import statistics_workbook_response
from core.errors import WorkflowError
from core.estates import narrow_choices, scoped
from core.excel import Column
from core.forms import PeriodForm
from core.people import display_name
from core.roles import has_role, role_required
from core.workflow_views import action_forms, perform_action
from reports import selectors, services
from reports.forms import OpenReportForm, ReportFilterForm
from reports.models import ComplaintReport
from reports.permissions import ITEM_READ_ROLES, READ_ROLES, WRITE_ROLES
from reports.workflow import ITEM_WORKFLOW, REPORT_WORKFLOW

PAGE_SIZE = 50


@role_required(READ_ROLES)
def report_list(request):
    form = narrow_choices(ReportFilterForm(request.GET), user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    reports = selectors.report_list(viewer=request.user, **{k: v for k, v in filters.items() if v})
    page_obj = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page_obj": page_obj, "due": selectors.reports_due(request.user, timezone.now()),
        "open_form": narrow_choices(OpenReportForm(), user=request.user), "can_open": has_role(request.user, WRITE_ROLES), "now": timezone.now(),
    }
    return render(request, "reports/report_list.html", context)


@require_POST
@role_required(WRITE_ROLES)
def report_open(request):
    form = narrow_choices(OpenReportForm(request.POST), user=request.user)
    period = form.period()
    if period is not None:
        try:
            report = services.open_report(estate=form.cleaned_data["estate"], period=period, by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            return redirect(report)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("reports:list")


@role_required(READ_ROLES)
def compare(request):
    """Every estate's report of one period side by side (the general manager and quality)."""
    form = PeriodForm(request.GET)
    period = form.period()
    rows = []
    if period is not None:
        for estate, report in selectors.side_by_side(period, viewer=request.user):
            stats = selectors.report_statistics(report) if report is not None and report.is_frozen else None
            rows.append((estate, report, stats))
    return render(request, "reports/compare.html",
                  {"form": form, "period": period, "rows": rows, "now": timezone.now()})


def _report_or_404(request, pk):
    return get_object_or_404(scoped(ComplaintReport.objects.select_related(
        "estate", "submitted_by", "reviewed_by", "handed_over_by", "received_by"), request.user), pk=pk)


def _context(request, report, bound=None, *, chart_width=420):
    stats = selectors.report_statistics(report)
    return {
        "report": report, "stats": stats, "charts": statistics_charts(stats, width=chart_width),
        "items": selectors.action_items(report), "now": timezone.now(),
        "actions": action_forms(REPORT_WORKFLOW, request.user, report, bound=bound),
    }


@role_required(READ_ROLES)
def report_detail(request, pk):
    return _show(request, _report_or_404(request, pk))


def _show(request, report, bound=None):
    return render(request, "reports/report_detail.html", _context(request, report, bound))


@require_POST
@role_required(READ_ROLES)
def report_act(request, pk, action):
    return perform_action(request, REPORT_WORKFLOW, _report_or_404(request, pk), action, show_detail=_show)


@role_required(READ_ROLES)
def report_print(request, pk):
    """The A4 document the manager signs: figures, charts, analysis, action items, signatures."""
    return render(request, "reports/report_print.html", _context(request, _report_or_404(request, pk), chart_width=330))


class Analysis:
    """The report's analysis and action items for the statistics workbook's analysis sheet."""

    def __init__(self, report, items):
        self.title = str(report)
        self.sections = report.analysis_sections
        self.items = ([
            Column(_("Department"), lambda i: i.department.name, 12),
            Column(_("Recurring problem"), lambda i: i.problem, 24),
            Column(_("Action to take"), lambda i: i.action, 30),
            Column(pgettext("action item", "Owner"), lambda i: display_name(i.owner), 10),
            Column(_("Due"), lambda i: i.due_day, 12),
            Column(_("Status"), lambda i: i.get_status_display(), 8),
            Column(_("What was done"), lambda i: i.result, 24),
        ], list(items))


@role_required(READ_ROLES)
def report_export(request, pk):
    """The statistics workbook of the report's figures, with its analysis and action items."""
    report = _report_or_404(request, pk)
    stats = selectors.report_statistics(report)
    return statistics_workbook_response(stats, viewer=request.user, estate=report.estate,
                                        analysis=Analysis(report, selectors.action_items(report)))


def _item_or_404(request, pk):
    return get_object_or_404(selectors.items_visible_to(request.user), pk=pk)


def _show_item(request, item, bound=None):
    context = {"item": item, "actions": action_forms(ITEM_WORKFLOW, request.user, item, bound=bound),
               "now": timezone.now()}
    return render(request, "reports/item_detail.html", context)


@role_required(ITEM_READ_ROLES)
def item_detail(request, pk):
    return _show_item(request, _item_or_404(request, pk))


@require_POST
@role_required(ITEM_READ_ROLES)
def item_act(request, pk, action):
    return perform_action(request, ITEM_WORKFLOW, _item_or_404(request, pk), action, show_detail=_show_item)

"""Statistics page, the Excel download and the printable A4 forms."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.exports import add_figures_sheets
from callbacks.statistics import callback_statistics
from complaints import permissions
from complaints.exports import build_statistics_workbook, register_columns, register_rows
from complaints.statistics import complaint_statistics
from complaints.views import visible_complaint_or_404
from core.excel import workbook_response
from core.forms import PeriodForm
from core.roles import role_required


def _period(request):
    """The chosen period, or None (with the form's errors) when it is impossible (month 13)."""
    form = PeriodForm(request.GET)
    return form, form.period()


@role_required(permissions.STATISTICS_ROLES)
def statistics(request):
    form, period = _period(request)
    stats = complaint_statistics(period) if period else None
    query = request.GET.urlencode()
    return render(request, "complaints/statistics.html", {"form": form, "stats": stats, "query": query})


@role_required(permissions.STATISTICS_ROLES)
def statistics_export(request):
    _form, period = _period(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("complaints:statistics")
    workbook = build_statistics_workbook(complaint_statistics(period), viewer=request.user)
    # Issue 13: the month's callback figures (SPEC §6) go into the complaints' workbook too.
    add_figures_sheets(workbook, callback_statistics(period, now=timezone.now()))
    return workbook_response(workbook, f"投诉统计-{period.slug}.xlsx")


@role_required(permissions.LIST_ROLES)
def print_form(request, pk):
    complaint = visible_complaint_or_404(request, pk)
    return render(request, "complaints/print_form.html", {"complaint": complaint})


@role_required(permissions.STATISTICS_ROLES | permissions.RECEPTION_ROLES)
def print_register(request):
    _form, period = _period(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("complaints:statistics")
    columns = register_columns()
    rows = ([_printable(column.value(row)) for column in columns] for row in register_rows(period))
    return render(request, "complaints/print_register.html", {"columns": columns, "rows": rows, "period": period})


def _printable(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value

"""Statistics pages, the Excel download and the printable A4 forms."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import permissions
from complaints.charts import statistics_charts
from complaints.exports import (
    INLINE_WORKBOOK_ROWS,
    register_columns,
    register_rows,
    statistics_filename,
    statistics_workbook_response,
    workbook_fingerprint,
)
from complaints.statistics import complaint_statistics, complaints_in, recurring_problems, recurring_row
from complaints.views import visible_complaint_or_404
from core import downloads
from core.forms import PeriodEstateForm
from core.roles import role_required

RECURRING_PAGE_SIZE = 100


def _scope(request):
    """The form and the chosen (period, estate); period None (with the form's errors) when impossible.
    The estate is one of the user's own unless they see every estate (core.estates)."""
    form = PeriodEstateForm(request.GET, user=request.user)
    period, estate = form.scope()
    return form, period, estate


@role_required(permissions.STATISTICS_ROLES)
def statistics(request):
    form, period, estate = _scope(request)
    stats = complaint_statistics(period, estate) if period else None
    context = {
        "form": form, "stats": stats, "charts": statistics_charts(stats) if stats else None,
        "estate": estate, "query": request.GET.urlencode(),
    }
    return render(request, "complaints/statistics.html", context)


@role_required(permissions.STATISTICS_ROLES)
def recurring(request):
    """Every recurring problem of the period (the statistics page shows the top ones)."""
    form, period, estate = _scope(request)
    rows = recurring_problems(complaints_in(period, estate)) if period else []
    page_obj = Paginator(rows, RECURRING_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = [recurring_row(row) for row in page_obj.object_list]
    context = {"form": form, "period": period, "estate": estate, "page_obj": page_obj,
               "query": request.GET.urlencode()}
    return render(request, "complaints/recurring.html", context)


@role_required(permissions.STATISTICS_ROLES)
def statistics_export(request):
    _form, period, estate = _scope(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("complaints:statistics")
    if complaints_in(period, estate).count() > INLINE_WORKBOOK_ROWS:
        download = downloads.prepare(
            builder="complaints.exports.write_statistics_download",
            params={"kind": period.kind, "year": period.year, "index": period.index,
                    "estate": estate.pk if estate else None},
            fingerprint=workbook_fingerprint(period, estate),
            filename=statistics_filename(period, estate), viewer=request.user,
            roles=permissions.STATISTICS_ROLES,
        )
        return redirect("download_status", download.pk)
    return statistics_workbook_response(complaint_statistics(period, estate), viewer=request.user, estate=estate)


@role_required(permissions.LIST_ROLES)
def print_form(request, pk):
    complaint = visible_complaint_or_404(request, pk)
    return render(request, "complaints/print_form.html", {"complaint": complaint})


@role_required(permissions.STATISTICS_ROLES | permissions.RECEPTION_ROLES)
def print_register(request):
    _form, period, estate = _scope(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("complaints:statistics")
    columns = register_columns()
    rows = ([_printable(column.accessor(row)) for column in columns] for row in register_rows(period, estate))
    return render(request, "complaints/print_register.html",
                  {"columns": columns, "rows": rows, "period": period, "estate": estate})


def _printable(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value

"""Thin views: fetch through selectors, validate with forms, change state through services."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from callbacks import permissions, selectors
from callbacks.exports import build_callbacks_workbook
from callbacks.filters import CallbackFilter, QueueFilter
from callbacks.forms import MeetingDateForm
from callbacks.statistics import COLUMNS, callback_statistics
from callbacks.workflow import WORKFLOW
from core.estates import scoped
from core.forms import PeriodEstateForm
from core.roles import role_required
from core.workflow_views import action_forms, perform_action
from residents.models import Unit

PAGE_SIZE = 50
TABS = [
    (selectors.OVERDUE, gettext_lazy("Overdue")),
    (selectors.TODAY, gettext_lazy("Due today")),
    (selectors.UPCOMING, gettext_lazy("Upcoming")),
]


def visible_callback_or_404(request, pk):
    rows = selectors.callback_list(user=request.user).select_related(
        "follows", "created_by", "done_by", "closed_by", "answered_by", "meeting_outcome_by"
    )
    return get_object_or_404(rows, pk=pk)


@role_required(permissions.QUEUE_ROLES)
def queue(request):
    """Issue 13: overdue, due today, upcoming; filtered by source, estate, department and staff."""
    now = timezone.now()
    when = request.GET.get("when", "")
    filterset = QueueFilter(request.GET, queryset=selectors.callback_list(user=request.user), request=request)
    rows = selectors.queue(user=request.user, now=now, queryset=filterset.qs, when=when)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset, "page_obj": page_obj, "now": now, "when": when,
        "tabs": TABS,
        "tab_counts": selectors.tab_counts(filterset.qs, now=now),
        "query": _without(request.GET, "when", "page"),
    }
    return render(request, "callbacks/queue.html", context)


def _without(params, *names):
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@role_required(permissions.QUEUE_ROLES)
def callback_list(request):
    filterset = CallbackFilter(request.GET, queryset=selectors.callback_list(user=request.user), request=request)
    page_obj = Paginator(filterset.qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "callbacks/callback_list.html",
                  {"filter": filterset, "page_obj": page_obj, "now": timezone.now()})


@role_required(permissions.QUEUE_ROLES)
def callback_detail(request, pk):
    return _show_detail(request, visible_callback_or_404(request, pk))


def _show_detail(request, callback, bound=None):
    now = timezone.now()
    actions = action_forms(WORKFLOW, request.user, callback, now=now, bound=bound)
    context = {
        "callback": callback,
        "now": now,
        # The record form gets a page-wide layout of its own; the other steps are small cards.
        "record": next(((action, form) for action, form in actions if action.name == "record"), None),
        "others": [(action, form) for action, form in actions if action.name != "record"],
        "attempts": callback.attempts.select_related("by"),
        "history": selectors.same_source(callback, user=request.user),
    }
    return render(request, "callbacks/callback_detail.html", context)


@require_POST
@role_required(permissions.QUEUE_ROLES)
def callback_act(request, pk, action):
    """One step on a callback: the declaration in callbacks.workflow decides who may and when."""
    return perform_action(request, WORKFLOW, visible_callback_or_404(request, pk), action, show_detail=_show_detail)


@role_required(permissions.QUEUE_ROLES)
def unit_callbacks(request, pk):
    """Every callback made to a unit (the unit's callback history)."""
    unit = get_object_or_404(scoped(Unit.objects.with_related(), request.user), pk=pk)
    rows = selectors.unit_callbacks(unit, user=request.user)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "callbacks/unit_callbacks.html", {"unit": unit, "page_obj": page_obj, "now": timezone.now()})


@role_required(permissions.QUEUE_ROLES)
def meeting(request):
    """The serious problems put on one regular meeting (例会), printable on A4."""
    form = MeetingDateForm(request.GET)
    dates = selectors.meeting_dates(user=request.user)
    day = form.cleaned_data.get("date") if form.is_valid() else None
    if day is None and not form.errors and dates:
        day = dates[0]["meeting_date"]
    items = selectors.meeting_items(day, user=request.user) if day else []
    return render(request, "callbacks/meeting.html", {"form": form, "dates": dates, "day": day, "items": items})


def _scope(request):
    """The form and the chosen (period, estate): one of the user's own estates unless they see every
    estate (core.estates)."""
    form = PeriodEstateForm(request.GET, user=request.user)
    return (form, *form.scope())


def _table(rows):
    return [{"label": row.label, "values": [getattr(row, key) for key, _label in COLUMNS]} for row in rows]


@role_required(permissions.FIGURES_ROLES)
def figures(request):
    form, period, estate = _scope(request)
    stats = callback_statistics(period, now=timezone.now(), estate=estate) if period else None
    tables = [
        (_("Whole period"), _table([stats.total])),
        (_("By source"), _table(stats.by_kind)),
        (_("By department"), _table(stats.by_department)),
        (_("By month"), _table(stats.by_month)),
    ] if stats else []
    context = {"form": form, "stats": stats, "columns": COLUMNS, "tables": tables, "query": request.GET.urlencode()}
    return render(request, "callbacks/figures.html", context)


@role_required(permissions.FIGURES_ROLES)
def figures_export(request):
    _form, period, estate = _scope(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("callbacks:figures")
    now = timezone.now()
    book = build_callbacks_workbook(callback_statistics(period, now=now, estate=estate), viewer=request.user, now=now)
    place = f"-{estate}" if estate else ""
    return book.response(f"回访统计-{period.slug}{place}.xlsx")

"""Rectification pages: the list (overdue first), the detail with its progress record, the units to call
back and their callbacks, the step forms, and the printable 整改措施落实情况记录. Thin: selectors read,
the declared workflow decides who may do what, services write."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.roles import role_required
from core.workflow_views import action_forms, perform_action
from surveys.forms.followup_filters import RectificationFilter
from surveys.permissions_followup import RECTIFICATION_READ_ROLES
from surveys.selectors import followup as selectors
from surveys.workflows.rectification import WORKFLOW

PAGE_SIZE = 50


def visible_rectification_or_404(request, pk):
    """Another estate's, or (for a department head) another department's rectification does not exist."""
    rows = selectors.rectification_list(user=request.user).select_related("created_by", "done_by")
    return get_object_or_404(rows, pk=pk)


@role_required(RECTIFICATION_READ_ROLES)
def rectification_list(request):
    now = timezone.now()
    rows = selectors.rectification_list(user=request.user)
    filterset = RectificationFilter(request.GET, queryset=rows, request=request)
    page_obj = Paginator(selectors.overdue_first(filterset.qs, now), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/rectification/list.html", {"filter": filterset, "page_obj": page_obj, "now": now})


@role_required(RECTIFICATION_READ_ROLES)
def rectification_detail(request, pk):
    return _show(request, visible_rectification_or_404(request, pk))


def _context(request, rectification, now):
    return {
        "rectification": rectification,
        "plan_url": rectification.plan.get_absolute_url(),
        "now": now,
        "progress": selectors.progress_record(rectification),
        "units": selectors.rectification_units(rectification, user=request.user),
        "steps": WORKFLOW.step_times(rectification, now),
        "archived": WORKFLOW.is_archived(rectification, now),
    }


def _show(request, rectification, bound=None):
    now = timezone.now()
    context = _context(request, rectification, now)
    context["actions"] = action_forms(WORKFLOW, request.user, rectification, now=now, bound=bound)
    return render(request, "surveys/rectification/detail.html", context)


@require_POST
@role_required(RECTIFICATION_READ_ROLES)
def rectification_act(request, pk, action):
    """One step on a rectification: the declaration in surveys.workflows.rectification decides who may."""
    return perform_action(request, WORKFLOW, visible_rectification_or_404(request, pk), action, show_detail=_show)


@role_required(RECTIFICATION_READ_ROLES)
def rectification_print(request, pk):
    """整改措施落实情况记录 on A4 (seed 002 意见征询制度 6, 回访制度 (3): the callbacks in its 回访 column)."""
    rectification = visible_rectification_or_404(request, pk)
    return render(request, "surveys/rectification/print.html", _context(request, rectification, timezone.now()))


urlpatterns = [
    path("rectifications/", rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/act/<slug:action>/", rectification_act, name="rectification_act"),
    path("rectifications/<int:pk>/print/", rectification_print, name="rectification_print"),
]

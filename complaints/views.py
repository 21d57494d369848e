"""Thin views: fetch through selectors, validate with forms, change state through services."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import permissions, selectors, services
from complaints.choices import LEVEL_HELP
from complaints.filters import BoardFilter, ComplaintFilter
from complaints.forms import ComplaintForm, PolicyForm
from complaints.models import ComplaintPolicy
from complaints.workflow import WORKFLOW
from core.deadlines import calendar_has_data
from core.errors import WorkflowError
from core.estates import only_estate
from core.roles import role_required
from core.workflow_views import action_forms, perform_action
from residents.selectors import chosen_caller

PAGE_SIZE = 50
# The board redraws itself every LIVE_REFRESH_SECONDS for each supervisor watching it: a page of the
# list's size, its levers in every row (issue 15: half the rows, half the redraw).
BOARD_PAGE_SIZE = PAGE_SIZE


def visible_complaint_or_404(request, pk):
    return get_object_or_404(selectors.complaint_list(user=request.user), pk=pk)


@role_required(permissions.LIST_ROLES)
def complaint_list(request):
    filterset = ComplaintFilter(request.GET, queryset=selectors.complaint_list(user=request.user), request=request)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/complaint_list.html", {"filter": filterset, "page_obj": page_obj})


@role_required(permissions.RECEPTION_ROLES)
def complaint_create(request):
    """The complaint form, with the same lookup as the help-request form (the caller is filled in place);
    opened for a caller from the desk or a unit's page (?unit=&resident=) it starts filled."""
    _unit, _resident, caller = chosen_caller(request.GET.get("unit"), request.GET.get("resident"), viewer=request.user)
    initial = caller.fill if caller else {"estate": only_estate(request.user)}
    form = ComplaintForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.register_complaint(form.to_input(), by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Complaint %(number)s registered.") % {"number": complaint.number})
            return redirect(complaint)
    return render(request, "complaints/complaint_form.html", {"form": form, "level_help": LEVEL_HELP})


@role_required(permissions.LIST_ROLES)
def complaint_detail(request, pk):
    return _show_detail(request, visible_complaint_or_404(request, pk))


def _show_detail(request, complaint, bound=None):
    now = timezone.now()
    context = {
        "complaint": complaint,
        "actions": action_forms(WORKFLOW, request.user, complaint, now=now, bound=bound),
        "extensions": complaint.extensions.select_related("requested_by", "decided_by"),
        "help_request": selectors.originating_help_request(complaint),
        "steps": WORKFLOW.step_times(complaint, now),
        "now": now,
    }
    return render(request, "complaints/complaint_detail.html", context)


@require_POST
@role_required(permissions.LIST_ROLES)
def complaint_act(request, pk, action):
    """One step on a complaint: the declaration in complaints.workflow decides who may and when."""
    return perform_action(request, WORKFLOW, visible_complaint_or_404(request, pk), action, show_detail=_show_detail)


def _policy_context():
    policy = ComplaintPolicy.current()
    year = timezone.localdate().year
    return {"policy": policy, "calendar_ok": calendar_has_data(year) and calendar_has_data(year + 1), "year": year}


@role_required(permissions.BOARD_ROLES)
def board(request):
    now = timezone.now()
    filterset = BoardFilter(request.GET, queryset=selectors.complaint_list(user=request.user), request=request)
    rows = selectors.overdue_board(now=now, queryset=filterset.qs)
    page_obj = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = selectors.with_whose_move(page_obj.object_list, user=request.user, now=now)
    context = {"filter": filterset, "page_obj": page_obj, "counts": selectors.board_counts(rows, now=now), "now": now}
    if request.htmx:  # the 30-second refresh of the table
        return render(request, "complaints/partials/board_table.html", context)
    return render(request, "complaints/board.html", context | _policy_context())


@role_required(permissions.POLICY_ROLES)
def policy_edit(request):
    policy = ComplaintPolicy.current()
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.update_policy(by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("complaints:board")
    return render(request, "complaints/policy_form.html", {"form": form, **_policy_context()})

"""Suggestion-box pages 意见箱: the list, entering the day's slips (save and next), a slip's page with its
steps and timeline. Thin: selectors read, the declared workflow decides who may do what, services write."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import WorkflowError
from core.roles import has_role, role_required
from core.workflow_views import action_forms, perform_action
from surveys.forms.followup_filters import SlipFilter
from surveys.forms.slips import SlipForm
from surveys.permissions_followup import SLIP_ENTRY_ROLES, SLIP_READ_ROLES
from surveys.selectors import followup as selectors
from surveys.services import slips as services
from surveys.workflows.slip import WORKFLOW

PAGE_SIZE = 50


def visible_slip_or_404(request, pk):
    return get_object_or_404(selectors.slip_list(user=request.user).select_related("decided_by", "resident"), pk=pk)


@role_required(SLIP_READ_ROLES)
def slip_list(request):
    now = timezone.now()
    filterset = SlipFilter(request.GET, queryset=selectors.slip_list(user=request.user), request=request)
    page_obj = Paginator(selectors.unsorted_first(filterset.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page_obj, "now": now,
               "may_enter": has_role(request.user, SLIP_ENTRY_ROLES)}
    return render(request, "surveys/slips/list.html", context)


@role_required(SLIP_ENTRY_ROLES)
def slip_create(request):
    """The day's slips, one after another: "save and next" keeps the estate and the day."""
    form = SlipForm(request.POST or None, user=request.user, initial=_kept(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slip = services.enter_slip(**data, by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Slip %(number)s entered.") % {"number": slip.number})
            if "next" in request.POST:
                query = urlencode({"estate": data["estate"].pk, "found_on": data["found_on"].isoformat()})
                return redirect(f"{reverse('surveys:slip_create')}?{query}")
            return redirect(slip)
    return render(request, "surveys/slips/form.html", {"form": form})


def _kept(params):
    """The estate and day of the previous slip (save and next) as the form's starting values; the form
    validates them again when the slip is saved."""
    return {key: params[key][:20] for key in ("estate", "found_on") if params.get(key)}


@role_required(SLIP_READ_ROLES)
def slip_detail(request, pk):
    return _show(request, visible_slip_or_404(request, pk))


def _show(request, slip, bound=None):
    now = timezone.now()
    context = {
        "slip": slip,
        "now": now,
        "actions": action_forms(WORKFLOW, request.user, slip, now=now, bound=bound),
        "steps": WORKFLOW.step_times(slip, now),
    }
    return render(request, "surveys/slips/detail.html", context)


@require_POST
@role_required(SLIP_READ_ROLES)
def slip_act(request, pk, action):
    """One step on a slip: the declaration in surveys.workflows.slip decides who may and when."""
    return perform_action(request, WORKFLOW, visible_slip_or_404(request, pk), action, show_detail=_show)


urlpatterns = [
    path("slips/", slip_list, name="slip_list"),
    path("slips/new/", slip_create, name="slip_create"),
    path("slips/<int:pk>/", slip_detail, name="slip_detail"),
    path("slips/<int:pk>/act/<slug:action>/", slip_act, name="slip_act"),
]

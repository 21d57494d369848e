from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from core.estates import narrow_choices, only_estate
from core.excel import workbook_response
from core.roles import ALL_ROLES, SUPERVISION_ROLES, RoleRequiredMixin, role_required
from core.workflow_views import action_forms, perform_action
from requests_app import exports, selectors, services
from requests_app.filters import HelpRequestFilter
from requests_app.forms import DateRangeForm, FiguresForm, HelpRequestForm
from requests_app.models import HelpRequest
from requests_app.roles import DESK_ROLES, FIGURES_ROLES, REGISTER_ROLES
from requests_app.workflow import WORKFLOW
from residents.selectors import chosen_caller

PAGE_SIZE = 50


class HelpRequestListView(RoleRequiredMixin, FilterView):
    roles = ALL_ROLES
    filterset_class = HelpRequestFilter
    paginate_by = PAGE_SIZE
    template_name = "requests_app/list.html"

    def get_queryset(self):
        return selectors.request_list(viewer=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


@role_required(DESK_ROLES)
def help_request_create(request):
    """The one-minute form. The caller is picked with the lookup above it (filled in place, htmx) or
    arrives chosen from the desk or a unit's page (?unit=&resident=); unregistered callers are typed."""
    if request.method == "POST":
        form = narrow_choices(HelpRequestForm(request.POST), user=request.user)
        if form.is_valid():
            help_request = services.register_help_request(form.to_input(), by=request.user)
            messages.success(request, _("Help request %(number)s saved.") % {"number": help_request.number})
            return redirect(help_request)
        # The caller picked in place, shown again with the form's errors.
        chosen_unit, chosen_resident, _caller = chosen_caller(
            form["unit"].value(), form["resident"].value(), viewer=request.user
        )
    else:
        chosen_unit, chosen_resident, caller = chosen_caller(
            request.GET.get("unit"), request.GET.get("resident"), viewer=request.user
        )
        initial = caller.fill if caller else {"estate": only_estate(request.user)}
        form = narrow_choices(HelpRequestForm(initial=initial), user=request.user)
    context = {
        "form": form,
        "chosen_unit": chosen_unit,
        "chosen_resident": chosen_resident,
        "focus_lookup": not (chosen_unit or chosen_resident or form.is_bound),
    }
    return render(request, "requests_app/create.html", context)


def visible_help_request_or_404(request, pk):
    """The request if this viewer may see it (the list's rule), else 404: for attachments' downloads."""
    return get_object_or_404(selectors.request_list(viewer=request.user), pk=pk)


def _get(request, pk):
    return selectors.request_for_page(get_object_or_404(selectors.request_list(viewer=request.user), pk=pk))


def _show_detail(request, help_request, bound=None):
    now = timezone.now()
    context = {
        "object": help_request,
        "now": now,
        "archived": help_request.is_archived(now),
        "steps": WORKFLOW.step_times(help_request, now),
        "actions": action_forms(WORKFLOW, request.user, help_request, now=now, bound=bound),
    }
    return render(request, "requests_app/detail.html", context)


@role_required(ALL_ROLES)
def help_request_detail(request, pk):
    return _show_detail(request, _get(request, pk))


@role_required(ALL_ROLES)
def repair_order_print(request, pk):
    """报修单 / 维修派工单 on A4 for the repairman: what, where, who, the responsibility class, the time
    limits and fee, and boxes for the resident's verdict and signature (issue 11)."""
    help_request = _get(request, pk)
    if not hasattr(help_request, "repair_order"):
        raise Http404
    return render(request, "requests_app/repair_order_print.html", {
        "object": help_request, "order": help_request.repair_order, "steps": WORKFLOW.step_times(help_request, timezone.now()),
    })


@require_POST
@role_required(ALL_ROLES)
def help_request_action(request, pk, action):
    """One step on a record: the declaration in requests_app.workflow decides who may and when."""
    return perform_action(request, WORKFLOW, _get(request, pk), action, show_detail=_show_detail)


@role_required(SUPERVISION_ROLES)
def supervisor_board(request):
    now = timezone.now()
    return render(request, "requests_app/supervisor.html", {"board": selectors.supervisor_board(now, viewer=request.user), "now": now})


def _period(request):
    form = narrow_choices(DateRangeForm.from_query(request.GET), user=request.user)
    return form, (form.cleaned_data if form.is_valid() else None)


@role_required(REGISTER_ROLES)
def register(request):
    """住户求助登记表 for a period: an A4 page to print and the same columns as .xlsx."""
    form, period = _period(request)
    rows = selectors.register_rows(viewer=request.user, **period) if period else HelpRequest.objects.none()
    return render(
        request,
        "requests_app/register.html",
        {"form": form, "rows": rows, "period": period, "columns": exports.register_columns()},
    )


@role_required(REGISTER_ROLES)
def register_xlsx(request):
    form, period = _period(request)
    if period is None:
        messages.error(request, _("Choose a valid period."))
        return redirect("requests_app:register")
    rows = selectors.register_rows(viewer=request.user, **period).iterator(chunk_size=2000)
    wb = exports.build_register_workbook(rows)
    return workbook_response(wb, f"help-requests-register-{period['start']:%Y%m%d}-{period['end']:%Y%m%d}.xlsx")


@role_required(REGISTER_ROLES)
def calls_log(request):
    form, period = _period(request)
    log = selectors.calls_log(viewer=request.user, **period) if period else None
    return render(request, "requests_app/calls_log.html", {"form": form, "log": log, "period": period})


@role_required(FIGURES_ROLES)
def staff_figures(request):
    form = narrow_choices(FiguresForm(request.GET), user=request.user)
    period = form.period()
    rows = selectors.staff_figures(period=period, viewer=request.user, estate=form.cleaned_data.get("estate")) if period else []
    return render(request, "requests_app/figures.html", {"form": form, "rows": rows})

"""Thin views: fetch through selectors, validate with forms, change state through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import permissions, selectors, services
from complaints.actions import ACTIONS, action_forms, available_actions
from complaints.choices import LEVEL_HELP
from complaints.filters import BoardFilter, ComplaintFilter
from complaints.forms import ComplaintForm, ExtensionDecisionForm, PolicyForm
from complaints.models import Complaint, ComplaintExtension, ComplaintPolicy
from core.deadlines import calendar_has_data
from core.roles import role_required

PAGE_SIZE = 50
BOARD_PAGE_SIZE = 100


def visible_complaint_or_404(request, pk):
    return get_object_or_404(Complaint.objects.visible_to(request.user).with_list_related(), pk=pk)


@role_required(permissions.LIST_ROLES)
def complaint_list(request):
    filterset = ComplaintFilter(request.GET, queryset=selectors.complaint_list(user=request.user))
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/complaint_list.html", {"filter": filterset, "page_obj": page_obj})


@role_required(permissions.RECEPTION_ROLES)
def complaint_create(request):
    form = ComplaintForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.register_complaint(by=request.user, **form.service_kwargs())
        except services.ComplaintError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Complaint %(number)s registered.") % {"number": complaint.number})
            return redirect(complaint)
    return render(request, "complaints/complaint_form.html", {"form": form, "level_help": LEVEL_HELP})


@role_required(permissions.LIST_ROLES)
def complaint_detail(request, pk, forms=None):
    complaint = visible_complaint_or_404(request, pk)
    extensions = list(complaint.extensions.select_related("requested_by", "decided_by"))
    pending = next((e for e in extensions if e.decision == ComplaintExtension.Decision.PENDING), None)
    context = {
        "complaint": complaint,
        "actions": action_forms(request.user, complaint, bound=forms or {}),
        "extensions": extensions,
        "pending_extension": pending,
        "decision_form": ExtensionDecisionForm() if pending and permissions.can_decide_extension(
            request.user, complaint) else None,
        "help_request": selectors.originating_help_request(complaint),
        "now": timezone.now(),
    }
    return render(request, "complaints/complaint_detail.html", context)


@require_POST
@role_required(permissions.LIST_ROLES)
def complaint_act(request, pk, action):
    complaint = visible_complaint_or_404(request, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    permissions.require_action(request.user, complaint, action)
    if action not in available_actions(request.user, complaint):
        messages.error(request, _("That step is not possible now."))
        return redirect(complaint)
    spec = ACTIONS[action]
    form = spec.form(request.POST, **spec.form_kwargs(complaint))
    if form.is_valid():
        try:
            spec.run(complaint=complaint, data=form.cleaned_data, by=request.user)
        except services.ComplaintError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect(complaint)
    return complaint_detail(request, pk, forms={action: form})


@require_POST
@role_required(permissions.LIST_ROLES)
def extension_decide(request, pk):
    extension = get_object_or_404(ComplaintExtension.objects.select_related("complaint"), pk=pk)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect(extension.complaint)
    try:
        services.decide_extension(extension=extension, by=request.user, **form.cleaned_data)
    except services.ComplaintError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(extension.complaint)


def _policy_context():
    policy = ComplaintPolicy.current()
    year = timezone.localdate().year
    return {"policy": policy, "calendar_ok": calendar_has_data(year) and calendar_has_data(year + 1), "year": year}


@role_required(permissions.BOARD_ROLES)
def board(request):
    now = timezone.now()
    filterset = BoardFilter(request.GET, queryset=Complaint.objects.all())
    rows = selectors.overdue_board(now=now, queryset=filterset.qs)
    page_obj = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "counts": selectors.board_counts(rows, now=now),
        "now": now,
        **_policy_context(),
    }
    return render(request, "complaints/board.html", context)


@role_required(permissions.POLICY_ROLES)
def policy_edit(request):
    policy = ComplaintPolicy.current()
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.update_policy(by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("complaints:board")
    return render(request, "complaints/policy_form.html", {"form": form, **_policy_context()})

"""Owners' forum pages 业主座谈会记录: the list, recording a forum with its follow-ups, a forum's page (add a
follow-up, mark one done), the printable record. Thin: selectors read, services check and write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ArchivedError, WorkflowError
from core.estates import scoped
from core.roles import MANAGEMENT_ROLES, has_role, role_required
from surveys.forms.followup_filters import ForumFilter
from surveys.forms.forums import FollowUpDoneForm, FollowUpForm, FollowUpFormSet, ForumForm
from surveys.models import ForumFollowUp
from surveys.permissions_followup import FORUM_READ_ROLES, FORUM_WRITE_ROLES
from surveys.selectors import followup as selectors
from surveys.services import forums as services

PAGE_SIZE = 50


def visible_forum_or_404(request, pk):
    return get_object_or_404(selectors.forum_list(user=request.user), pk=pk)


@role_required(FORUM_READ_ROLES)
def forum_list(request):
    filterset = ForumFilter(request.GET, queryset=selectors.forum_list(user=request.user), request=request)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page_obj, "may_write": has_role(request.user, FORUM_WRITE_ROLES)}
    return render(request, "surveys/forums/list.html", context)


@role_required(FORUM_WRITE_ROLES)
def forum_create(request):
    form = ForumForm(request.POST or None, user=request.user)
    follow_ups = FollowUpFormSet(request.POST or None, prefix="follow_ups")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        try:
            forum = services.record_forum(**form.cleaned_data, follow_ups=follow_ups.entries(), by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Forum recorded."))
            return redirect(forum)
    return render(request, "surveys/forums/form.html", {"form": form, "follow_ups": follow_ups})


@role_required(FORUM_READ_ROLES)
def forum_detail(request, pk):
    return _show(request, visible_forum_or_404(request, pk))


def _show(request, forum, *, add_form=None, done_forms=None, status=200):
    now = timezone.now()
    may_write = has_role(request.user, FORUM_WRITE_ROLES)
    archived = services.is_archived(forum, now)
    done_forms = done_forms or {}
    rows = [(follow_up, done_forms.get(follow_up.pk) or FollowUpDoneForm(prefix=f"done-{follow_up.pk}"))
            for follow_up in selectors.follow_ups(forum)]
    context = {
        "forum": forum, "now": now, "today": timezone.localdate(now), "rows": rows, "may_write": may_write,
        "may_add": may_write and (not archived or has_role(request.user, MANAGEMENT_ROLES)), "archived": archived,
        "add_form": add_form or FollowUpForm(prefix="add"),
    }
    return render(request, "surveys/forums/detail.html", context, status=status)


@role_required(FORUM_READ_ROLES)
def forum_print(request, pk):
    """业主座谈会记录表 on A4."""
    forum = visible_forum_or_404(request, pk)
    return render(request, "surveys/forums/print.html", {"forum": forum, "follow_ups": selectors.follow_ups(forum)})


@require_POST
@role_required(FORUM_WRITE_ROLES)
def forum_follow_up_add(request, pk):
    forum = visible_forum_or_404(request, pk)
    form = FollowUpForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            services.add_follow_up(forum=forum, **form.cleaned_data, by=request.user)
        except ArchivedError:
            raise PermissionDenied from None
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Follow-up added."))
            return redirect(forum)
    return _show(request, forum, add_form=form)


@require_POST
@role_required(FORUM_WRITE_ROLES)
def follow_up_done(request, pk):
    follow_up = get_object_or_404(scoped(ForumFollowUp.objects.all(), request.user), pk=pk)
    forum = visible_forum_or_404(request, follow_up.forum_id)
    form = FollowUpDoneForm(request.POST, prefix=f"done-{follow_up.pk}")
    if form.is_valid():
        try:
            services.complete_follow_up(follow_up=follow_up, note=form.cleaned_data["note"], by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Follow-up done."))
            return redirect(forum)
    return _show(request, forum, done_forms={follow_up.pk: form})


urlpatterns = [
    path("forums/", forum_list, name="forum_list"),
    path("forums/new/", forum_create, name="forum_create"),
    path("forums/<int:pk>/", forum_detail, name="forum_detail"),
    path("forums/<int:pk>/print/", forum_print, name="forum_print"),
    path("forums/<int:pk>/follow-ups/", forum_follow_up_add, name="forum_follow_up_add"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow_up_done"),
]

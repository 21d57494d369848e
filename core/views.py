from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.models import Notification
from core.roles import roles_of

NOTIFICATIONS_SHOWN = 50


def home(request):
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:10]
    return render(request, "core/home.html", {"notifications": notifications})


def start(request):
    """Where a login lands: an app may claim a role's start page (`start_pages` on its AppConfig),
    e.g. the supervisor's overdue board; everyone else gets the front-desk home."""
    roles = roles_of(request.user)
    for config in apps.get_app_configs():
        for role, url_name in getattr(config, "start_pages", {}).items():
            if role in roles:
                return redirect(url_name)
    return redirect("home")


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)[:NOTIFICATIONS_SHOWN]
    return render(request, "core/notification_list.html", {"notifications": notifications})


@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "notifications")


@require_POST
def notification_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


# The language switch also works on the login page.
switch_language = login_not_required(set_language)

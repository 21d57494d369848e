from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from health_check.views import HealthCheckView

from core import desk
from core.models import Notification
from core.roles import has_role

NOTIFICATIONS_SHOWN = 50
# Toasts shown at most per poll: a burst (the worker catching up) still fits on the screen.
TOASTS_PER_POLL = 5


def home(request):
    """Each role's desk: its to-do panels (core.desk), the lookup for the front desk, unread notices."""
    now = timezone.now()
    panels = [(panel, *desk.panel_content(panel, request.user, now)) for panel in desk.panels_for(request.user)]
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:10]
    return render(request, "core/home.html", {"panels": panels, "notifications": notifications, "now": now})


def desk_panel(request, key):
    """One desk panel, for its 30-second refresh."""
    panel = desk.panel(key)
    if panel is None:
        raise Http404
    if not has_role(request.user, panel.roles):
        raise PermissionDenied
    now = timezone.now()
    rows, count = desk.panel_content(panel, request.user, now)
    return render(request, "core/partials/desk_panel.html", {"panel": panel, "rows": rows, "count": count, "now": now})


def todo(request):
    """The navigation bar's to-do menu: how many items wait in each of the user's panels."""
    counts = desk.todo_counts(request.user, timezone.now())
    return render(request, "core/partials/todo.html", {"counts": counts, "total": sum(n for _p, n in counts)})


def start(request):
    """Where a login lands: every role's desk."""
    return redirect("home")


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)[:NOTIFICATIONS_SHOWN]
    return render(request, "core/notification_list.html", {"notifications": notifications})


def notifications_live(request):
    """The badge of unread notices, polled every 30 s; notices newer than `after` come as toasts."""
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    after = request.GET.get("after", "")
    new = list(unread.filter(pk__gt=after).order_by("-pk")[:TOASTS_PER_POLL]) if after.isdigit() else []
    latest = Notification.objects.filter(recipient=request.user).order_by("-pk").values_list("pk", flat=True).first()
    return render(
        request, "core/partials/notice_badge.html", {"unread": unread.count(), "toasts": new, "latest": latest or 0}
    )


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

# For monitoring: the database answers and the worker has run its jobs within 5 minutes.
healthz = login_not_required(
    HealthCheckView.as_view(checks=["health_check.checks.Database", "core.health.WorkerCheck"])
)

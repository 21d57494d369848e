from django.conf import settings

from core.estates import estates_of
from core.jobs import worker_silent
from core.models import Notification
from core.navigation import nav_items_for
from core.roles import SUPERVISION_ROLES, has_role, roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "live_refresh_seconds": settings.LIVE_REFRESH_SECONDS,
        "nav_items": nav_items_for(user),
        "user_roles": roles_of(user),
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        "latest_notification": Notification.objects.filter(recipient=user).order_by("-pk")
        .values_list("pk", flat=True).first() or 0,
        # Issue 10: supervisors and managers see at once when nobody is being warned.
        "worker_silent": has_role(user, SUPERVISION_ROLES) and worker_silent(),
        # Issue 14: staff see their own estates' records only; before a posting they see none, and say why.
        "unposted": estates_of(user) == frozenset(),
    }

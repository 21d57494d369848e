from core.models import Notification
from core.navigation import nav_items_for
from core.roles import roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": nav_items_for(user),
        "user_roles": roles_of(user),
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }

from django import template
from django.utils import timezone

from core.deadlines import due_in, format_duration, overdue_by
from core.roles import has_role
from core.timeline import timeline_for

register = template.Library()


@register.inclusion_tag("core/partials/timeline.html")
def timeline(target):
    return {"events": timeline_for(target)}


@register.filter
def duration(delta):
    return format_duration(delta)


@register.inclusion_tag("core/partials/deadline.html")
def deadline(due, now=None):
    now = now or timezone.now()
    return {"due": due, "late": overdue_by(due, now), "left": due_in(due, now)}


@register.filter(name="has_role")
def has_role_filter(user, roles):
    """{% if user|has_role:"manager,general_manager" %}: for showing links; views enforce."""
    return has_role(user, *[role.strip() for role in roles.split(",")])

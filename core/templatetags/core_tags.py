from django import template
from django.utils import timezone

from core.deadlines import due_in, format_duration, overdue_by
from core.people import display_name as _display_name
from core.roles import has_role, role_set
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
def has_role_filter(user, name):
    """{% if user|has_role:"DESK_ROLES" %}: a role set of core.roles by its name, the same set the
    view enforces. For showing links only; views enforce."""
    return has_role(user, role_set(name))


@register.filter
def display_name(user):
    """{{ event.actor|display_name }}: the Chinese full name, never the login."""
    return _display_name(user)


@register.inclusion_tag("core/partials/actions.html", takes_context=True)
def workflow_actions(context, actions, url_name, record, layout="grid"):
    """The step forms of a record (see core.workflow_views.action_forms): cards in a grid for a full-width
    page, or an accordion for a side column."""
    return {
        "actions": actions, "url_name": url_name, "record": record, "layout": layout,
        "csrf_token": context.get("csrf_token"),
    }

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from callbacks import selectors
from callbacks.permissions import QUEUE_ROLES, RECORD_ROLES
from core.deadlines import due_in, format_duration, overdue_by
from core.roles import has_role

register = template.Library()


@register.inclusion_tag("callbacks/partials/source_callbacks.html", takes_context=True)
def source_callbacks(context, source):
    """{% source_callbacks complaint %}: the source's callbacks on its page, each linked to its own page
    (where it is recorded); nothing for a role that may not open callbacks."""
    user = context["request"].user
    rows = list(selectors.source_callbacks(source, user=user)) if has_role(user, QUEUE_ROLES) else []
    return {"callbacks": rows, "may_record": has_role(user, RECORD_ROLES), "shown": has_role(user, QUEUE_ROLES)}


@register.simple_tag
def due_badge(due, now=None):
    """The markup of core's {% deadline %} (the due time and its live badge), built in Python: a queue page
    shows it on every row, and rendering its template fifty times was half the cost of the rows.
    tests/callbacks/test_views.py keeps the two identical."""
    if not due:
        return ""
    now = now or timezone.now()
    late, left = overdue_by(due, now), due_in(due, now)
    if late:
        text = gettext("overdue by %(d)s") % {"d": format_duration(late)}
    elif left:
        text = gettext("due in %(d)s") % {"d": format_duration(left)}
    else:
        text = ""
    local = timezone.localtime(due)
    return format_html(
        '<span class="text-nowrap">{}</span>\n<span class="badge {}" data-due="{}" data-overdue-text="{}">{}</span>',
        dateformat.format(local, "Y-m-d H:i"), "text-bg-danger" if late else "text-bg-secondary",
        dateformat.format(local, "c"), gettext("overdue"), text,
    )

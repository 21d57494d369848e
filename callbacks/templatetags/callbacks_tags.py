from django import template

from callbacks import selectors
from callbacks.permissions import QUEUE_ROLES, RECORD_ROLES
from core.roles import has_role

register = template.Library()


@register.inclusion_tag("callbacks/partials/source_callbacks.html", takes_context=True)
def source_callbacks(context, source):
    """{% source_callbacks complaint %}: the source's callbacks on its page, each linked to its own page
    (where it is recorded); nothing for a role that may not open callbacks."""
    user = context["request"].user
    rows = list(selectors.source_callbacks(source, user=user)) if has_role(user, QUEUE_ROLES) else []
    return {"callbacks": rows, "may_record": has_role(user, RECORD_ROLES), "shown": has_role(user, QUEUE_ROLES)}

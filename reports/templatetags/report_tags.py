from django import template
from django.utils import timezone

from core.deadlines import due_in, overdue_by

register = template.Library()


@register.inclusion_tag("reports/partials/left.html")
def time_left(due, now=None):
    """Only the badge of core's deadline partial ("overdue by 2 days" / "due in 6 days"): the reports show
    the due DAY beside it (their due time is the midnight that ends that day)."""
    now = now or timezone.now()
    return {"late": overdue_by(due, now), "left": due_in(due, now)}

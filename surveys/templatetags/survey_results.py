"""Rates as the results pages, the notice and the workbook show them (surveys.results.percent)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from surveys.results import percent

register = template.Library()


@register.filter
def pct(value):
    """A fraction as "97.1%", or "—" when there is nothing to divide."""
    shown = percent(value)
    return "—" if shown is None else f"{shown}%"


@register.filter
def change(value):
    """A change in percentage points with its arrow: ▲ +2.3 (better), ▼ −1.0 (worse), = 0.0, or "—"."""
    if value is None:
        return "—"
    if value > 0:
        return format_html('<span class="text-success text-nowrap" title="{}">▲ +{}</span>', _("better than the previous survey"),
                           value)
    if value < 0:
        return format_html('<span class="text-danger text-nowrap" title="{}">▼ −{}</span>', _("worse than the previous survey"),
                           -value)
    return format_html('<span class="text-muted text-nowrap" title="{}">= 0.0</span>', _("the same as the previous survey"))

"""Each role's desk: its to-do lists, assembled from the apps (like `nav_items`).

An app lists `desk_panels` on its AppConfig. A panel names the roles it is for, a selector
`rows(user, now)` returning a queryset (or list) of what is waiting, and the template that shows the
rows. The home page shows the panels of the user's roles, each refreshing itself every 30 s (htmx);
the navigation bar shows how many items wait in each.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from core.roles import has_role

# Rows shown on the desk; the panel links to the full list when there are more.
DESK_ROWS = 10


@dataclass(frozen=True)
class DeskPanel:
    key: str
    title: Any
    roles: frozenset
    rows: str  # dotted path of rows(user, now) -> queryset or list
    template: str
    link: str = ""  # url name of the full list
    empty: Any = None  # what to say when nothing waits; default "Nothing waiting."
    # Counted in the navigation bar's to-do badge (a list to act on, not figures to read).
    todo: bool = True


def all_panels():
    return [panel for config in apps.get_app_configs() for panel in getattr(config, "desk_panels", ())]


def panels_for(user):
    return [panel for panel in all_panels() if has_role(user, panel.roles)]


def panel(key):
    return next((p for p in all_panels() if p.key == key), None)


def panel_content(panel, user, now):
    """(the first rows, how many in all) for one panel."""
    rows = import_string(panel.rows)(user, now)
    if isinstance(rows, QuerySet):
        first = list(rows[:DESK_ROWS])
        # A first page that is not full is everything: count only when there may be more.
        return first, len(first) if len(first) < DESK_ROWS else rows.count()
    return list(rows)[:DESK_ROWS], len(rows)


def todo_counts(user, now):
    """[(panel, count)] of the user's to-do panels that have something waiting."""
    counts = []
    for item in panels_for(user):
        if item.todo:
            rows = import_string(item.rows)(user, now)
            count = rows.count() if isinstance(rows, QuerySet) else len(rows)
            if count:
                counts.append((item, count))
    return counts

"""The navigation bar, assembled from the apps: each AppConfig may list `nav_items`.

An app that is not installed contributes nothing, so the bar never shows a dead link, and an
item is shown only to the roles that the target view itself admits. An app with several items
shows them as one dropdown named after the app, which keeps the bar on one line.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from core.roles import ALL_ROLES, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = ALL_ROLES
    order: int = 50


def nav_items_for(user):
    """[{"label", "url", "name", "children": [...]}], sorted by each app's first item's order."""
    groups = []
    for config in apps.get_app_configs():
        children = []
        for item in sorted(getattr(config, "nav_items", ()), key=lambda i: i.order):
            if not has_role(user, item.roles):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            children.append({"label": item.label, "url": url, "name": item.url_name, "order": item.order})
        if len(children) == 1:
            groups.append(children[0] | {"children": []})
        elif children:
            groups.append(
                {"label": config.verbose_name, "url": children[0]["url"], "name": "", "order": children[0]["order"],
                 "children": children}
            )
    return sorted(groups, key=lambda group: group["order"])

"""The navigation bar, assembled from the apps: each AppConfig may list `nav_items`.

An app that is not installed contributes nothing, so the bar never shows a dead link, and an
item is shown only to the roles that the target view itself admits.
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
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if not has_role(user, item.roles):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append((item.order, item.label, url, item.url_name))
    return [{"label": label, "url": url, "name": name} for _order, label, url, name in sorted(items, key=lambda i: i[0])]

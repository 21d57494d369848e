"""What the apps add to a unit's page and to a found caller (like `nav_items`): the unit's whole history
and the buttons that start a record for a caller. The registry (`residents`) imports no other app, so
each app lists its part on its AppConfig:

    unit_history = "complaints.selectors.unit_history"   # fn(unit, viewer) -> [HistoryEntry]
    start_actions = [StartAction(_("Log a complaint"), "complaints:create", RECEPTION_ROLES)]
"""

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

from core.roles import has_role


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    kind: Any  # e.g. "住户求助"
    number: str
    summary: str
    status: Any
    url: str


@dataclass(frozen=True)
class StartAction:
    """A button that opens a new record's form with the unit and caller filled in."""

    label: Any
    url_name: str
    roles: frozenset

    def url(self, unit=None, resident=None):
        params = {key: obj.pk for key, obj in (("unit", unit), ("resident", resident)) if obj is not None}
        return f"{reverse(self.url_name)}?{urlencode(params)}"


def unit_history(unit, viewer):
    """Everything the apps recorded about a unit, newest first."""
    entries = []
    for config in apps.get_app_configs():
        path = getattr(config, "unit_history", None)
        if path:
            entries += import_string(path)(unit, viewer)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def start_actions(user, unit=None, resident=None):
    """[(label, url)] of the records this user may start for the caller."""
    return [
        (action.label, action.url(unit, resident))
        for config in apps.get_app_configs()
        for action in getattr(config, "start_actions", ())
        if has_role(user, action.roles)
    ]

"""How staff are named and picked: by their Chinese full name, never by the login (SPEC: UI in Chinese).

Django's `get_full_name()` writes "first last" with a space, the Western way; the office writes the
family name first with no space (王丽). The demo and the admin keep the whole name in `first_name`.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q


def full_name(first, last, username=""):
    """The name from its parts (for `values()` rows in exports): family name first, no space for
    Chinese; the login only when no name was ever entered."""
    first, last = (first or "").strip(), (last or "").strip()
    if not first and not last:
        return username or ""
    if _is_cjk(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def display_name(user):
    if user is None:
        return ""
    return full_name(user.first_name, user.last_name, user.username)


def _is_cjk(text):
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def staff(*, roles=None, department=None):
    """Active staff for a people picker, ordered by name; optionally holding one of `roles` and/or
    working for `department` (its head or members)."""
    users = get_user_model().objects.filter(is_active=True)
    if roles:
        # A role is a group of the same name (core.roles).
        users = users.filter(groups__name__in=[str(role) for role in roles])
    if department is not None:
        users = users.filter(Q(departments=department) | Q(headed_departments=department))
    return users.distinct().order_by("last_name", "first_name", "username")


def attach_staff(record, *paths):
    """Load the staff members that `paths` of `record` point to in one query and cache them on it, so
    the template reads them without a query each. A path is a foreign key to the user model, or one
    reached through a related record ("repair_order.assignee"); a missing related record is skipped.

    Instead of select_related: a record page naming eight staff members would join the user table eight
    times, and PostgreSQL spends ~40 ms planning such a 17-table join, far more than the page's other
    work (issue 15)."""
    wanted = []
    for path in paths:
        *through, name = path.split(".")
        owner = record
        for step in through:
            owner = getattr(owner, step, None)
        if owner is None:
            continue
        field = owner._meta.get_field(name)
        user_id = getattr(owner, field.attname)
        if user_id is not None and not field.is_cached(owner):
            wanted.append((owner, field, user_id))
    users = get_user_model().objects.in_bulk({user_id for _owner, _field, user_id in wanted})
    for owner, field, user_id in wanted:
        field.set_cached_value(owner, users.get(user_id))
    return record

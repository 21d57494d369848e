"""What the callback services share."""

from django.conf import settings
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.notifications import notify
from core.roles import Role, users_with_role


def office_text(value):
    """A label as the office reads it (timeline notes are stored as text, not translated later)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


def note(*parts):
    return " · ".join(str(part) for part in parts if part)


def tell_meeting(callback):
    """The supervisors prepare the regular meeting: they hear of each serious problem put on it."""
    notify(users_with_role(Role.SUPERVISOR, estate=callback.estate_id),
           message=format_lazy(_("{number}: serious problem for the regular meeting of {date}"),
                               number=callback.number, date=callback.meeting_date.isoformat()),
           url=callback.get_absolute_url(), key=f"callback:{callback.pk}:meeting:{callback.meeting_date}")

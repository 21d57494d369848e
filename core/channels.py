from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a resident reached the office (SPEC §3, §4: any channel)."""

    VISIT = "visit", _("Walk-in")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    FAX = "fax", _("Fax")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    ONLINE = "online", _("Online")

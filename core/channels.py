from django.db import models
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a resident reached the office (SPEC §3, §4: any channel)."""

    VISIT = "visit", pgettext_lazy("channel", "Walk-in")
    PHONE = "phone", pgettext_lazy("channel", "Phone")
    LETTER = "letter", pgettext_lazy("channel", "Letter")
    FAX = "fax", pgettext_lazy("channel", "Fax")
    SUGGESTION_BOX = "suggestion_box", pgettext_lazy("channel", "Suggestion box")
    ONLINE = "online", pgettext_lazy("channel", "Online")

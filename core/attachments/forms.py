"""The attach form: the file is checked here, by size first and then by content, so the message stands
next to the field (the service checks again: it is the rule, the form only reports it early)."""

import unicodedata

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.attachments.checks import ACCEPT, ACCEPTED_HELP, ATTACHMENT_MAX_SIZE, EMPTY, identify
from core.uploads import megabytes

TOO_LARGE = _("This file is larger than {limit} and cannot be attached.")


class AttachmentField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", ACCEPTED_HELP)
        super().__init__(**kwargs)
        self.error_messages["empty"] = EMPTY

    def widget_attrs(self, widget):
        # The picker offers the accepted types, and the page warns before sending a file over the limit
        # (static/js/attachments.js); the server checks both whatever the browser did.
        return super().widget_attrs(widget) | {
            "accept": ACCEPT,
            "data-max-size": str(ATTACHMENT_MAX_SIZE),
            "data-too-large": format_lazy(TOO_LARGE, limit=megabytes(ATTACHMENT_MAX_SIZE)),
        }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            identify(upload)  # AttachmentError is a ValidationError: shown next to the field
        return upload


class AttachForm(forms.Form):
    file = AttachmentField(label=_("Photo or file"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False,
                                  help_text=_("e.g. the leak under the kitchen sink"))

    def clean_description(self):
        return plain_text(self.cleaned_data["description"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=200)

    def clean_reason(self):
        return plain_text(self.cleaned_data["reason"])


def plain_text(text):
    """Issue 14: no control characters in stored text (a pasted tab or escape becomes a space)."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text).strip()

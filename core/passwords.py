"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotContainingLoginValidator:
    """Issue 14: a password that contains the login name (clerk2026) is refused, whatever its length."""

    def validate(self, password, user=None):
        login = (getattr(user, "username", "") or "").lower()
        if login and login in (password or "").lower():
            raise ValidationError(_("The password must not contain the login name."), code="password_contains_login")

    def get_help_text(self):
        return _("Your password must not contain your login name.")

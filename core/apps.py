from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared building blocks")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import start_idle_clock

        # Logging in starts the session's idle clock (core.middleware.PrivatePagesMiddleware).
        user_logged_in.connect(start_idle_clock, dispatch_uid="core.start_idle_clock")

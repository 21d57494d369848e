"""Each area of the app registers its own models."""

from surveys import admin_followup, admin_plans  # noqa: F401

"""What this area of the surveys app adds to the shared registries (read by surveys.apps).
Import nothing that loads models here: the app registry is not ready when apps.py reads this."""

NAV_ITEMS = []
PERIODIC_JOBS = []
DESK_PANELS = []
CALLBACK_SOURCES = []

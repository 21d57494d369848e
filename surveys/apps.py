from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from surveys.hooks import followup, plans, results

AREAS = (plans, results, followup)


def _joined(name):
    return [entry for area in AREAS for entry in getattr(area, name, ())]


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")
    # core.navigation, core.jobs, core.desk, callbacks.sources: each area of the app names its own.
    nav_items = _joined("NAV_ITEMS")
    periodic_jobs = _joined("PERIODIC_JOBS")
    desk_panels = _joined("DESK_PANELS")
    callback_sources = _joined("CALLBACK_SOURCES")
    # core.records: the survey forms a unit returned are on the unit's history page.
    unit_history = plans.UNIT_HISTORY

"""Complaint vocabularies shared by the models and the pure deadline policy (no database)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """SPEC §4 levels; "" = not graded yet (e.g. created from a help request)."""

    MAJOR = "major", _("Major")
    IMPORTANT = "important", _("Important")
    MINOR = "minor", _("Minor")


class MajorCriterion(models.TextChoices):
    # SPEC §4 major (a), (b), (c).
    REPEATED = "a", _("(a) promised or contracted service not delivered, raised repeatedly without resolution")
    LOSS = "b", _("(b) the company's fault caused significant economic loss or personal injury")
    UNRESOLVED_MONTH = "c", _("(c) valid complaint not reasonably resolved within one month (automatic)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISPATCHED = "dispatched", _("Dispatched")
    SIGNED = "signed", _("Being handled")
    HANDLED = "handled", _("Handled")
    INFORMED = "informed", _("Resident informed")
    CLOSED = "closed", _("Closed")


class Category(models.TextChoices):
    """The kind of problem, for the monthly analysis (SPEC §4 statistics)."""

    SECURITY = "security", pgettext_lazy("problem category", "Security")
    CLEANING = "cleaning", _("Cleaning and sanitation")
    REPAIR = "repair", _("Repair and maintenance")
    FACILITIES = "facilities", _("Public facilities")
    PARKING = "parking", pgettext_lazy("problem category", "Parking")
    GREENING = "greening", _("Greening")
    ATTITUDE = "attitude", _("Service attitude")
    FEES = "fees", _("Fees")
    NOISE = "noise", _("Noise and neighbours")
    OTHER = "other", _("Other")


class InformMethod(models.TextChoices):
    # SPEC §4: the result is given by phone or by the floor-patrol staff visiting.
    PHONE = "phone", pgettext_lazy("inform method", "Phone")
    VISIT = "visit", _("Floor-patrol visit")


class Step(models.TextChoices):
    """The timed steps the overdue board and the warnings follow."""

    DISPATCH = "dispatch", _("Dispatch to department")
    FORWARD = "forward", _("Forward to manager / general manager")
    SIGN = "sign", _("Sign-for by department")
    ANSWER = "answer", _("Definite answer to resident")
    HANDLE = "handle", _("Handling")
    INFORM = "inform", _("Tell resident the result")
    ESCALATE = "escalate", _("One month unresolved: escalate to major")


LEVEL_HELP = _(
    "Major: (a) promised or contracted service not delivered or clearly wrong, raised repeatedly "
    "without resolution; (b) the company's fault caused significant economic loss or personal injury; "
    "(c) a valid complaint not reasonably resolved within one month (automatic). "
    "Important: caused by the company's management or service falling short or being at fault. "
    "Minor: slight inconvenience from the limits of facilities, equipment or management, not caused by "
    "people, easily improved."
)

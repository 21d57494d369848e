"""Callback vocabularies (SPEC §6), shared by the models, the pure due-time policy and the forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    """What a callback follows up (SPEC §6: repairs, complaints, survey rectifications, suggestion slips)."""

    REPAIR = "repair", pgettext_lazy("callback source", "Repair")
    COMPLAINT = "complaint", pgettext_lazy("callback source", "Complaint")
    RECTIFICATION = "rectification", _("Survey rectification")
    SUGGESTION = "suggestion", _("Suggestion slip")


class Status(models.TextChoices):
    DUE = "due", _("To call back")
    ESCALATED = "escalated", _("With the supervisor (not reached three times)")
    AWAITING_ANSWER = "answer", _("Answer promised")
    DONE = "done", _("Called back")
    UNREACHABLE = "unreachable", _("Could not be reached")


class Method(models.TextChoices):
    PHONE = "phone", pgettext_lazy("callback method", "Phone")
    VISIT = "visit", pgettext_lazy("callback method", "Visit")
    EMAIL = "email", pgettext_lazy("callback method", "E-mail")


class Result(models.TextChoices):
    """The resident's verdict at the callback, five levels as on the survey forms (SPEC §5), or nobody
    reached (a retry is scheduled)."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    VERY_UNSATISFIED = "very_unsatisfied", _("Very unsatisfied")
    NOT_REACHED = "not_reached", _("Not reached")


# SPEC §5 (seed 002 住户意见征集): satisfied = 很满意, 满意 or 基本满意.
SATISFIED = frozenset({Result.VERY_SATISFIED, Result.SATISFIED, Result.FAIRLY_SATISFIED})
UNSATISFIED = frozenset({Result.UNSATISFIED, Result.VERY_UNSATISFIED})
VERDICTS = SATISFIED | UNSATISFIED


class Step(models.TextChoices):
    """The timed steps the queue and the warnings follow (callbacks.workflow)."""

    CALL = "call", _("Call back")
    ANSWER = "answer", _("Give the promised answer")


class Outcome(models.TextChoices):
    """What a source is told when its callback is recorded (callbacks.sources)."""

    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")

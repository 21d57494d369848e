"""Survey vocabularies (SPEC §5), shared by the models, the pure rules and the forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scale(models.TextChoices):
    """SPEC §5: ratings are either 3-level or 5-level."""

    THREE = "3", _("3 levels (very satisfied / fairly satisfied / unsatisfied)")
    FIVE = "5", _("5 levels (very satisfied / satisfied / fairly satisfied / unsatisfied / very unsatisfied)")


class Rating(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    VERY_UNSATISFIED = "very_unsatisfied", _("Very unsatisfied")


# SPEC §5: the levels of each scale, best first (the order of the paper form's columns and of the
# number keys on the entry form: 1 = the first level).
LEVELS = {
    Scale.THREE: (Rating.VERY_SATISFIED, Rating.FAIRLY_SATISFIED, Rating.UNSATISFIED),
    Scale.FIVE: (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED, Rating.UNSATISFIED,
                 Rating.VERY_UNSATISFIED),
}
# SPEC §5: satisfied = 很满意, 满意 or 基本满意 (on the 3-level scale: 很满意 + 基本满意).
SATISFIED = frozenset({Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED})
UNSATISFIED = frozenset({Rating.UNSATISFIED, Rating.VERY_UNSATISFIED})


class PeriodKind(models.TextChoices):
    """SPEC §5: at least once a year; some variants of the procedure every half-year."""

    ANNUAL = "annual", _("Annual")
    HALF_YEAR = "half_year", _("Half-yearly")


class PlanStatus(models.TextChoices):
    """The plan's approval chain (SPEC §5): drafted by customer service → confirmed by the department
    manager → reviewed by the vice general manager → approved by the general manager; then the forms
    go out and come back, and the survey is closed with its results."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the department manager's confirmation")
    CONFIRMED = "confirmed", _("Awaiting the vice general manager's review")
    REVIEWED = "reviewed", _("Awaiting the general manager's approval")
    APPROVED = "approved", _("Approved")
    COLLECTING = "collecting", _("Forms out")
    CLOSED = "closed", _("Closed")


class PlanStep(models.TextChoices):
    """The plan's timed steps (surveys.workflows.plan)."""

    COLLECT = "collect", _("Collect the forms")
    CLOSE = "close", _("Close the survey and publish the results")


class ReturnChannel(models.TextChoices):
    PAPER = "paper", _("Paper form entered by the office")
    ONLINE = "online", _("Answered online by the resident")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Being rectified")
    DONE = "done", _("Rectified")


class RectificationStep(models.TextChoices):
    RECTIFY = "rectify", _("Rectify")


class SlipStatus(models.TextChoices):
    """A suggestion-box slip 意见箱 (SPEC §5/§6): turned into a complaint, or kept as a suggestion."""

    NEW = "new", pgettext_lazy("suggestion slip", "New")
    COMPLAINT = "complaint", _("Turned into a complaint")
    SUGGESTION = "suggestion", _("Kept as a suggestion")


class SlipStep(models.TextChoices):
    SORT = "sort", _("Decide what the slip is")

"""Satisfaction surveys 住户意见征集、评价 (SPEC §5): questionnaires, the approved plan, the forms sent to
units and what came back, rectification of what residents rated unsatisfied, owners' forums and the
suggestion box.

A plan is one estate's survey: the distribution rule (98% / 90% by floor area), the forms, the rates,
the comparison with the previous survey and the rectification are each an estate's; a survey run
across the company is one plan per estate, drafted together (surveys.services.plans).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.estates import scoped
from residents.models import Department
from surveys.choices import (
    PeriodKind,
    PlanStatus,
    PlanStep,
    Rating,
    RectificationStatus,
    RectificationStep,
    ReturnChannel,
    Scale,
    SlipStatus,
    SlipStep,
)
from surveys.deadlines_followup import day_of
from surveys.rules import rate

TOKEN_BYTES = 16  # the unit's answer link: 128 random bits, not guessable from the unit or the plan


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", **kwargs,
    )


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Each of the estates the user works for (core.estates); the general manager, the vice general
        manager and quality every estate. Who may act is the workflow's business."""
        return scoped(self, user)


# ---- questionnaires ---------------------------------------------------------------------------------

class Questionnaire(models.Model):
    """A reusable questionnaire 业主调查表: its items, the scale, the free-text opinion."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    scale = models.CharField(_("rating scale"), max_length=1, choices=Scale, default=Scale.THREE)
    opinion_prompt = models.CharField(_("opinion question"), max_length=200, blank=True,
                                      help_text=_("Empty: the usual question for opinions and suggestions."))
    active = models.BooleanField(_("offered for new plans"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class QuestionnaireItem(models.Model):
    """One rated item (保安服务, 供水, …) and the department responsible for it (rectification goes there).
    A template names the kind of department; a plan's estate has its own department of that kind."""

    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
                                      related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("item"), max_length=50)
    department_kind = models.CharField(_("responsible department (kind)"), max_length=20, blank=True,
                                       choices=Department.Kind)
    department = models.ForeignKey(
        "residents.Department", verbose_name=_("responsible department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: the department of the kind above in the survey's estate."),
    )

    class Meta:
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="survey_item_position_unique"),
        ]

    def __str__(self):
        return self.name


# ---- the plan ---------------------------------------------------------------------------------------

class SurveyPlan(models.Model):
    """The survey plan 活动计划 (SPEC §5) and, once approved and started, the survey itself. Its workflow
    is declared in surveys.workflows.plan."""

    Status = PlanStatus

    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=100)
    purpose = models.TextField(_("purpose"))
    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT,
                               related_name="survey_plans")
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind, default=PeriodKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("half-year"), null=True, blank=True,
                                            choices=[(1, _("First half")), (2, _("Second half"))])
    respondents = models.TextField(_("respondents"))
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT,
                                      related_name="plans")
    distribution = models.TextField(_("how the forms are handed out and where"), blank=True)
    collection_starts = models.DateField(_("collection starts"))
    collection_ends = models.DateField(_("collection ends"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True,
                                   related_name="survey_plans")
    # Issue 12: the supervisor sets it; 0 = every item with any 不满意/很不满意 answer is rectified.
    rectification_threshold = models.DecimalField(
        _("rectify items whose unsatisfied share is above"), max_digits=5, decimal_places=4, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("A fraction: 0 = any unsatisfied answer, 0.05 = more than 5%."),
    )
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT)
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=10, choices=PlanStep, blank=True, editable=False)
    # Due times of the timed steps (surveys.workflows.plan).
    collection_due = models.DateTimeField(_("forms collected by"), null=True, blank=True)
    close_due = models.DateTimeField(_("results due"), null=True, blank=True)
    # When the collection period ended (set by the periodic job at `collection_due`): the collecting step is
    # then done, and the plan's next step is closing it (surveys.workflows.plan).
    collection_ended_at = models.DateTimeField(_("collection ended at"), null=True, blank=True, editable=False)
    # The approval chain, each step by its role (SPEC §5), and the last reason a plan was sent back.
    created_at = models.DateTimeField(_("drafted at"))
    created_by = _user_fk(_("drafted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = _user_fk(_("confirmed by (department manager)"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = _user_fk(_("reviewed by (vice general manager)"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = _user_fk(_("approved by (general manager)"))
    returned_reason = models.TextField(_("reason sent back"), blank=True)
    started_at = models.DateTimeField(_("forms sent at"), null=True, blank=True)
    started_by = _user_fk(_("forms sent by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk(_("closed by"))
    # Frozen when the forms go out: the occupied households then and the forms the rule asks for.
    occupied_households = models.PositiveIntegerField(_("occupied households"), null=True, blank=True)
    forms_required = models.PositiveIntegerField(_("forms required by the rule"), null=True, blank=True)
    summary = models.TextField(_("summary for residents"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey plan")
        verbose_name_plural = _("survey plans")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["next_due"], condition=Q(next_due__isnull=False), name="survey_plan_next_due"),
            models.Index(fields=["estate", "status", "collection_ends"], name="survey_plan_estate"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("surveys:plan_detail", args=[self.pk])


# ---- the forms sent and what came back --------------------------------------------------------------

class SurveyFormQuerySet(ScopedQuerySet):
    def returned(self):
        return self.filter(returned_at__isnull=False)


class SurveyForm(models.Model):
    """One form sent to one unit, with the unit's own answer link; returned once (on paper or online)."""

    plan = models.ForeignKey(SurveyPlan, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="forms")
    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT,
                               related_name="+")
    unit = models.ForeignKey("residents.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="survey_forms")
    token = models.CharField(_("answer link key"), max_length=32, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(_("sent at"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    channel = models.CharField(_("returned as"), max_length=10, choices=ReturnChannel, blank=True)
    entered_by = _user_fk(_("entered by"))
    respondent = models.CharField(_("respondent"), max_length=50, blank=True)
    opinion = models.TextField(_("opinions and suggestions"), blank=True)

    objects = SurveyFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey form")
        verbose_name_plural = _("survey forms")
        ordering = ["plan", "pk"]
        constraints = [
            # Issue 12: one form (so one return) per unit and survey.
            models.UniqueConstraint(fields=["plan", "unit"], name="survey_form_one_per_unit"),
        ]
        indexes = [models.Index(fields=["plan", "returned_at"], name="survey_form_returned")]

    def __str__(self):
        return f"{self.plan.number} {self.unit}"

    @property
    def is_returned(self):
        return self.returned_at is not None


class Answer(models.Model):
    """One item's rating on one returned form. The plan is kept on the row so a survey's results are one
    grouped read of an index (plan, item, rating), whatever the size of the other surveys."""

    ESTATE_PATH = "plan__estate"  # core.estates

    plan = models.ForeignKey(SurveyPlan, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(SurveyForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(QuestionnaireItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="answers")
    rating = models.CharField(_("rating"), max_length=20, choices=Rating)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["form", "item"], name="survey_answer_one_per_item")]
        indexes = [models.Index(fields=["plan", "item", "rating"], name="survey_answer_tally")]

    def __str__(self):
        return f"{self.item}: {self.get_rating_display()}"


# ---- rectification ----------------------------------------------------------------------------------

class Rectification(models.Model):
    """整改措施: an item residents rated unsatisfied, given to its department with a deadline; progress is
    recorded (整改措施落实情况记录); once done, every unit that rated it unsatisfied is called back."""

    Status = RectificationStatus

    number = models.CharField(_("number"), max_length=20, unique=True)
    plan = models.ForeignKey(SurveyPlan, verbose_name=_("survey"), on_delete=models.PROTECT,
                             related_name="rectifications")
    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT,
                               related_name="+")
    item = models.ForeignKey(QuestionnaireItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("residents.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="survey_rectifications")
    answers_count = models.PositiveIntegerField(_("answers"), default=0)
    unsatisfied_count = models.PositiveIntegerField(_("unsatisfied answers"), default=0)
    measure = models.TextField(_("corrective measure"), blank=True)
    due_at = models.DateTimeField(_("to be rectified by"))
    status = models.CharField(_("status"), max_length=10, choices=RectificationStatus,
                              default=RectificationStatus.OPEN)
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=10, choices=RectificationStep, blank=True,
                                 editable=False)
    created_at = models.DateTimeField(_("created at"))
    created_by = _user_fk(_("created by"))
    done_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    done_by = _user_fk(_("rectified by"))
    result = models.TextField(_("what was done"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="survey_rectification_one_per_item"),
        ]
        indexes = [
            models.Index(fields=["next_due"], condition=Q(next_due__isnull=False), name="survey_rect_next_due"),
        ]

    def __str__(self):
        return f"{self.number} {self.item}"

    def get_absolute_url(self):
        return reverse("surveys:rectification_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == RectificationStatus.OPEN

    @property
    def due_day(self):
        """The last day of the deadline (`due_at` is the midnight that ends it)."""
        return day_of(self.due_at)

    @property
    def unsatisfied_share(self):
        """不满意/很不满意 over the item's answers when the rectification was opened (a Decimal fraction)."""
        return rate(self.unsatisfied_count, self.answers_count)


class RectificationProgress(models.Model):
    """One entry of 整改措施落实情况记录."""

    ESTATE_PATH = "rectification__estate"  # core.estates

    rectification = models.ForeignKey(Rectification, verbose_name=_("rectification"), on_delete=models.CASCADE,
                                      related_name="progress")
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                           related_name="+")
    note = models.TextField(_("progress"))

    class Meta:
        verbose_name = _("rectification progress")
        verbose_name_plural = _("rectification progress")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.rectification} {self.at:%Y-%m-%d}"


# ---- owners' forums ---------------------------------------------------------------------------------

class OwnersForum(models.Model):
    """业主座谈会记录: a forum held on a theme, who came, the minutes and what follows from it."""

    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT,
                               related_name="+")
    held_on = models.DateField(_("held on"))
    theme = models.CharField(_("theme"), max_length=100)
    attendees = models.TextField(_("attendees"))
    minutes = models.TextField(_("minutes"))
    created_at = models.DateTimeField(_("recorded at"))
    created_by = _user_fk(_("recorded by"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("owners' forum")
        verbose_name_plural = _("owners' forums")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.theme}"

    def get_absolute_url(self):
        return reverse("surveys:forum_detail", args=[self.pk])


class ForumFollowUp(models.Model):
    ESTATE_PATH = "forum__estate"  # core.estates

    forum = models.ForeignKey(OwnersForum, verbose_name=_("forum"), on_delete=models.CASCADE,
                              related_name="follow_ups")
    item = models.TextField(_("follow-up"))
    owner = models.CharField(_("who follows it up"), max_length=50)
    due_on = models.DateField(_("by"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = _user_fk(_("marked done by"))
    done_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("forum follow-up")
        verbose_name_plural = _("forum follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            # The supervisor's desk: the follow-ups not done yet, by due date.
            models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="survey_forum_follow_up_open"),
        ]

    def __str__(self):
        return self.item[:40]


# ---- the suggestion box -----------------------------------------------------------------------------

class SuggestionSlip(models.Model):
    """A slip from the suggestion box 意见箱, entered the day it is taken out: turned into a complaint (every
    field carried over, linked both ways) or kept as a suggestion that is due a phone callback."""

    Status = SlipStatus

    number = models.CharField(_("number"), max_length=20, unique=True)
    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT,
                               related_name="+")
    unit = models.ForeignKey("residents.Unit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="suggestion_slips")
    resident = models.ForeignKey("residents.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="suggestion_slips")
    name = models.CharField(_("name on the slip"), max_length=50, blank=True)
    phone = models.CharField(_("phone on the slip"), max_length=20, blank=True)
    found_on = models.DateField(_("taken out of the box on"))
    content = models.TextField(_("what the slip says"))
    status = models.CharField(_("status"), max_length=12, choices=SlipStatus, default=SlipStatus.NEW)
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=10, choices=SlipStep, blank=True, editable=False)
    sort_due = models.DateTimeField(_("to be sorted by"), null=True, blank=True)
    complaint = models.OneToOneField("complaints.Complaint", verbose_name=_("complaint"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="suggestion_slip")
    entered_at = models.DateTimeField(_("entered at"))
    entered_by = _user_fk(_("entered by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = _user_fk(_("decided by"))
    decision_note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion slip")
        verbose_name_plural = _("suggestion slips")
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["next_due"], condition=Q(next_due__isnull=False), name="survey_slip_next_due"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("surveys:slip_detail", args=[self.pk])

    @property
    def is_new(self):
        return self.status == SlipStatus.NEW

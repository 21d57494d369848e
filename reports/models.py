"""The complaint report 投诉统计分析报告 (seed 000 §4.8, seed 004): a record per estate and period with
its figures frozen at submission, the supervisor's written analysis, an action item per recurring
problem, the manager's acknowledgement, and the hand-over of the month's forms to quality."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.periods import Period

# A due time is the midnight that ends the due day; the day itself is this much earlier.
LAST_MOMENT = datetime.timedelta(microseconds=1)


class Kind(models.TextChoices):
    MONTH = "month", _("Monthly report")
    HALF = "half", _("Half-year report")
    YEAR = "year", _("Year report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Submitted to the manager")
    RETURNED = "returned", _("Returned for revision")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the manager")


class ReportStep(models.TextChoices):
    """The timed steps of a report (the board and the warnings follow them)."""

    SUBMIT = "submit", _("Submit the report to the manager")
    HANDOVER = "handover", _("Hand the month's forms to quality")


class ItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done")


class ItemStep(models.TextChoices):
    COMPLETE = "complete", _("Carry out the action")


class ComplaintReport(models.Model):
    estate = models.ForeignKey(
        "residents.Estate", verbose_name=_("estate"), on_delete=models.PROTECT, related_name="complaint_reports"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind)
    year = models.PositiveSmallIntegerField(_("year"))
    # The month (1–12) or the half (1–2); 1 for a year report.
    index = models.PositiveSmallIntegerField(_("month or half"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus, default=ReportStatus.DRAFT)
    due_at = models.DateTimeField(_("due"))
    # The supervisor's written analysis.
    causes = models.TextField(_("main causes"), blank=True)
    recurring_analysis = models.TextField(_("recurring problems"), blank=True)
    departments_concerned = models.TextField(_("departments concerned"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    # Submission: the figures frozen as they were (complaints.statistics.Statistics.to_snapshot).
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    figures = models.JSONField(_("figures at submission"), null=True, blank=True, editable=False)
    # The manager's reading: acknowledged, or returned with a comment.
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("manager's comment"), blank=True)
    # The month's complaint forms handed to the quality department (monthly reports).
    handover_due = models.DateTimeField(_("forms due at quality"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("forms handed over at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    forms_expected = models.PositiveIntegerField(_("forms of the month"), null=True, blank=True)
    forms_handed_over = models.PositiveIntegerField(_("forms handed over"), null=True, blank=True)
    missing_numbers = models.JSONField(_("numbers missing"), default=list, blank=True)
    missing_note = models.TextField(_("why they are missing"), blank=True)
    received_at = models.DateTimeField(_("received by quality at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    keep_until = models.DateField(_("keep until"), null=True, blank=True)
    # The next timed step, kept by the workflow (core.workflow.schedule).
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=20, choices=ReportStep, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("complaint report")
        verbose_name_plural = _("complaint reports")
        ordering = ["-year", "-index", "kind", "estate__code"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "kind", "year", "index"], name="reports_one_per_period"),
        ]
        indexes = [
            models.Index(fields=["next_due"], condition=models.Q(next_due__isnull=False), name="reports_next_due"),
        ]

    def __str__(self):
        return f"{self.estate.name} {self.period.label} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def number(self):
        """How notices name the report."""
        return f"{self.estate.name} {self.period.label}"

    @property
    def period(self):
        return Period(self.kind, self.year, self.index)

    @property
    def due_day(self):
        """The last day it may be submitted (due_at is the midnight that ends that day)."""
        return timezone.localdate(self.due_at - LAST_MOMENT)

    @property
    def is_frozen(self):
        """Submitted or acknowledged: the figures are the ones frozen at submission."""
        return self.figures is not None and self.status in (ReportStatus.SUBMITTED, ReportStatus.ACKNOWLEDGED)

    @property
    def analysis_sections(self):
        return [
            (_("Main causes"), self.causes),
            (_("Recurring problems"), self.recurring_analysis),
            (_("Departments concerned"), self.departments_concerned),
            (_("Suggestions"), self.suggestions),
        ]


class ReportActionItem(models.Model):
    """What a department will do about a recurring problem (seed 004), with an owner and a due date,
    followed up like every other deadline."""

    ESTATE_PATH = "report__estate"  # core.estates

    report = models.ForeignKey(
        ComplaintReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="action_items"
    )
    department = models.ForeignKey(
        "residents.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.CharField(_("recurring problem"), max_length=200)
    action = models.TextField(_("action to take"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("action item", "owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=5, choices=ItemStatus, default=ItemStatus.OPEN)
    result = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=20, choices=ItemStep, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["next_due"], condition=models.Q(next_due__isnull=False), name="reports_item_next_due"),
        ]

    def __str__(self):
        return f"{self.department.name}: {self.problem}"

    def get_absolute_url(self):
        return reverse("reports:item_detail", args=[self.pk])

    @property
    def number(self):
        return f"{self.report.number} · {self.department.name}"

    @property
    def estate_id(self):
        return self.report.estate_id

    @property
    def due_day(self):
        return timezone.localdate(self.due_at - LAST_MOMENT)

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """The last number handed out per record type and year (see core.numbering)."""

    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_sequence_unique_prefix_year")]

    def __str__(self):
        return f"{self.prefix}{self.year}: {self.last}"


class TimelineEvent(models.Model):
    """Who did what to a record, and when: replaces the signatures on the paper forms."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=64)
    # The English label; shown translated into the reader's language (see label_display).
    label = models.CharField(_("label"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="core_timeline_target_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.label}"

    @property
    def label_display(self):
        return gettext(self.label)


class Notification(models.Model):
    """An in-app notice; `key` makes "tell once per step" idempotent.

    A notice about a workflow step names its record and step; when the step is taken the notice is
    marked done (`done_at`), so nobody acts on it twice (see core.workflow)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    step = models.CharField(_("step"), max_length=40, blank=True)
    done_at = models.DateTimeField(_("step done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="core_notification_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notification_unread"),
            models.Index(fields=["target_type", "target_id", "step"], name="core_notification_step"),
        ]

    def __str__(self):
        return self.message


class JobRun(models.Model):
    """The last run of one periodic job (core.jobs): the office can see the worker is alive, and two
    workers never run the same job at once (its row is locked while it runs)."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering = ["name"]

    def __str__(self):
        return self.name

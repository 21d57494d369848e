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


# The forms of the SOPs (seeds 000, 001, 002) that the app prints, by key.
PAPER_FORM_TITLES = {
    "complaint_form": "住户投诉意见表",
    "complaint_register": "投诉处理记录表",
    "help_register": "住户求助登记表",
    "calls_log": "来电来访记录",
    "repair_order": "报修单（维修派工单）",
    "complaint_report": "投诉统计分析报告",
}


class PaperForm(models.Model):
    """The heading of a printed form: the SOP's form title and the office's document number for it (the
    office sets its own numbers and company name in the admin; printed on every copy)."""

    key = models.CharField(_("form"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=100)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("printed form")
        verbose_name_plural = _("printed forms")
        ordering = ["key"]

    def __str__(self):
        return self.title

    @classmethod
    def for_key(cls, key):
        """The office's heading for the form; the SOP's own title until the office sets one."""
        return cls.objects.filter(key=key).first() or cls(key=key, title=PAPER_FORM_TITLES.get(key, key))


class Office(models.Model):
    """The company name printed on the letterhead (one row, edited in the admin)."""

    company_name = models.CharField(_("company name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterhead")

    def __str__(self):
        return self.company_name or str(_("letterhead"))

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Download(models.Model):
    """A large file (a year's workbook) built by the worker instead of inside a web request, kept until
    the data it was built from changes (core.downloads)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    builder = models.CharField(_("builder"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    # Whether personal details are shown in full (core.downloads: one file per privacy class).
    full_details = models.BooleanField(_("full personal details"), default=False)
    # The roles that may open it (those of the page it was asked from).
    roles = models.JSONField(_("roles"), default=list)
    fingerprint = models.CharField(_("data version"), max_length=100)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    file = models.FileField(_("file"), upload_to="downloads/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("prepared download")
        verbose_name_plural = _("prepared downloads")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["builder", "fingerprint"], name="core_download_lookup")]

    def __str__(self):
        return self.filename
class Attachment(models.Model):
    """A photo or document on a record — a help request or a complaint now, survey and callback records
    later (issue 11). The file's type is what its content is (core.attachments.checks), never what its
    name or the browser said. Nothing is deleted by users: a manager may withdraw one, with a reason."""

    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # Storage names (STORAGES["default"]): a random name with the extension of the verified type; the
    # thumbnail of an image lies beside it.
    file = models.FileField(_("file"), max_length=255)
    thumbnail = models.FileField(_("thumbnail"), max_length=255, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    mime_type = models.CharField(_("content type"), max_length=100)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "uploaded_at"], name="core_attachment_target")]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.mime_type.startswith("image/")

    @property
    def withdrawn(self):
        return self.withdrawn_at is not None

"""Help requests 住户求助 (SPEC §3): the front desk's log of every call and visit."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.channels import Channel
from core.estates import scoped
from residents.models import Department, Estate, Resident, Unit, phone_validator

NUMBER_PREFIX = "QZ"
# SPEC §3: what the clerk cannot settle goes to the supervisor; the resident is answered within 5 minutes.
REFERRAL_REPLY_LIMIT = timedelta(minutes=5)
# SPEC §3 (seed 000 4.3.1): a written inquiry gets the supervisor's written reply within 2 days.
WRITTEN_INQUIRY_REPLY_DAYS = 2
WRITTEN_INQUIRY_REPLY_LIMIT = timedelta(days=WRITTEN_INQUIRY_REPLY_DAYS)
# SPEC §3 (seed 001): GT marks repairs whose coordination is expected to last over 2 days; the
# supervisor reviews a GT repair not completed by then.
GT_COORDINATION_DAYS = 2
GT_COORDINATION_LIMIT = timedelta(days=GT_COORDINATION_DAYS)
# SPEC §3 (seed 000 4.10): the register is archived at the start of the next year and kept 2 years.
RETENTION_YEARS = 2
# The dates a query may ask for (core.forms: records exist from 2000 to 2100).
EARLIEST_DAY, LATEST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
# The channels the front desk logs help requests from (fax reaches complaints only).
DESK_CHANNELS = [Channel.VISIT, Channel.PHONE, Channel.LETTER, Channel.SUGGESTION_BOX, Channel.ONLINE]
WRITTEN_CHANNELS = {Channel.LETTER, Channel.SUGGESTION_BOX, Channel.ONLINE, Channel.FAX}


class Category(models.TextChoices):
    """SPEC §3: seven categories, exactly."""

    EMERGENCY = "emergency", _("Emergency medical")
    REPAIR = "repair", _("Repair")
    COMPLAINT = "complaint", _("Complaint")
    INQUIRY = "inquiry", _("Inquiry")
    SECURITY = "security", _("Security incident")
    DISASTER = "disaster", _("Disaster")
    OTHER = "other", _("Other help")


# SPEC §3: these are routed to the security department, urgent, supervisor and manager informed.
URGENT_CATEGORIES = {Category.SECURITY, Category.DISASTER}
# The department that normally takes each category (the clerk may choose another).
CATEGORY_DEPARTMENT_KIND = {
    Category.EMERGENCY: Department.Kind.SECURITY,
    Category.REPAIR: Department.Kind.ENGINEERING,
    Category.SECURITY: Department.Kind.SECURITY,
    Category.DISASTER: Department.Kind.SECURITY,
    Category.INQUIRY: Department.Kind.CUSTOMER_SERVICE,
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    REFERRED = "referred", _("Referred to supervisor")
    REPLIED = "replied", _("Replied")
    ASSIGNED = "assigned", _("Assigned")
    HANDLED = "handled", _("Handled")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(s for s in Status if s != Status.CLOSED)


class Step(models.TextChoices):
    """The timed steps of a help request (requests_app.workflow)."""

    REPLY = "reply", _("Reply to the resident (5 minutes)")
    WRITTEN_REPLY = "written_reply", _("Written reply (2 days)")
    COORDINATION = "coordination", _("GT repair coordination (2 days)")


class InquiryKind(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written")


class EmergencyChoice(models.TextChoices):
    """SPEC §3: the help the resident chose for the patient."""

    HOSPITAL = "hospital", _("Take to hospital")
    CALL_120 = "call_120", _("Call 120")
    NURSING = "nursing", _("Short-term nursing")


# SPEC §3 (seed 000 4.2): what must be done for each choice; ticked on the record as it happens.
EMERGENCY_CHECKLIST = {
    EmergencyChoice.HOSPITAL: [
        ("two_guards", _("Security sent two guards")),
        ("vehicle", _("A vehicle is at the building")),
        ("resident_along", _("The resident goes along and brings what is needed")),
    ],
    EmergencyChoice.CALL_120: [
        ("called_120", _("120 called (and confirmed if needed)")),
        ("gate_guard", _("Gate guard waits to guide the ambulance")),
    ],
    EmergencyChoice.NURSING: [
        ("nurse_sent", _("Security sent someone to help with nursing")),
        ("relative_present", _("A relative stays: never alone with the patient")),
    ],
}


class HelpRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every role reads help requests (SPEC §1), of the estates they work for (core.estates)."""
        return scoped(self, user)

    def with_list_related(self):
        return self.select_related(
            "estate", "unit__building", "resident", "received_by", "department", "handler", "repair_order", "complaint"
        )

    def open(self):
        return self.exclude(status=Status.CLOSED)

    def overdue(self, now):
        """A timed step past due (the stored `next_due`, kept by the workflow): lists page and count it."""
        return self.filter(next_due__lt=now)

    def received_between(self, start, end):
        """`start`/`end` are local dates, both included; a query-string date outside 2000-2100 is clamped
        (issue 14: year 1 or 9999 must never reach the time-zone conversion)."""
        start = start and min(max(start, EARLIEST_DAY), LATEST_DAY)
        end = end and min(max(end, EARLIEST_DAY), LATEST_DAY)
        qs = self
        if start:
            qs = qs.filter(received_at__gte=local_midnight(start))
        if end:
            qs = qs.filter(received_at__lt=local_midnight(end + timedelta(days=1)))
        return qs

    def archived(self, now):
        return self.filter(received_at__lt=local_midnight(datetime.date(timezone.localtime(now).year, 1, 1)))

    def awaiting_sign_off(self):
        return self.filter(status=Status.CLOSED, signed_off_at__isnull=True)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _user_fk(verbose_name, related_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        null=True,
        blank=True,
        **kwargs,
    )


class HelpRequest(models.Model):
    """One call or visit; its workflow is declared in requests_app.workflow."""

    Category = Category
    Status = Status

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="help_requests", null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="help_requests", null=True, blank=True
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="help_requests",
        null=True,
        blank=True,
    )
    caller_name = models.CharField(_("caller name"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True, validators=[phone_validator])
    channel = models.CharField(pgettext_lazy("help request", "channel"), max_length=20, choices=Channel)
    category = models.CharField(_("category"), max_length=20, choices=Category, db_index=True)
    matter = models.TextField(_("matter"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receptionist"),
        on_delete=models.PROTECT,
        related_name="help_requests_received",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED, db_index=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        on_delete=models.PROTECT,
        related_name="help_requests",
        null=True,
        blank=True,
    )
    handler = _user_fk(_("handler"), "help_requests_assigned")
    urgent = models.BooleanField(_("urgent"), default=False)

    # Reply tracking (SPEC §3: reply at once; after asking the supervisor within 5 minutes).
    first_reply_at = models.DateTimeField(_("first reply at"), null=True, blank=True)
    first_reply_by = _user_fk(_("replied by"), "+")
    reply = models.TextField(_("reply to the resident"), blank=True)
    referred_at = models.DateTimeField(_("referred to supervisor at"), null=True, blank=True)
    referred_by = _user_fk(_("referred by"), "+")
    reply_due_at = models.DateTimeField(_("reply due"), null=True, blank=True, db_index=True)

    # Inquiry (SPEC §3): oral answered at once; written answered by the supervisor in writing within 2 days.
    inquiry_kind = models.CharField(_("inquiry form"), max_length=10, choices=InquiryKind, blank=True)
    written_reply_due_at = models.DateTimeField(_("written reply due"), null=True, blank=True, db_index=True)
    written_reply_at = models.DateTimeField(_("written reply at"), null=True, blank=True)
    written_reply_by = _user_fk(_("written reply by"), "+")
    written_reply = models.TextField(_("written reply"), blank=True)

    # Emergency medical (SPEC §3).
    patient_address = models.CharField(_("patient's address"), max_length=200, blank=True)
    patient_phone = models.CharField(_("patient's phone"), max_length=20, blank=True, validators=[phone_validator])
    emergency_choice = models.CharField(_("help chosen"), max_length=20, choices=EmergencyChoice, blank=True)
    emergency_checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    security_feedback = models.TextField(_("security's feedback"), blank=True)
    serious = models.BooleanField(_("serious"), default=False)
    serious_reported_at = models.DateTimeField(_("reported to supervisor at"), null=True, blank=True)

    # SPEC §3 (seed 001): a GT repair's coordination is expected to take 2 days; tracked like a reply.
    coordination_due_at = models.DateTimeField(_("coordination due"), null=True, blank=True)
    # The most urgent pending step and its due time, kept by the workflow (core.workflow.schedule).
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=20, choices=Step, blank=True, editable=False)

    # SPEC §3: any request involving a paid service is marked with its fee.
    paid_service = models.BooleanField(_("paid service"), default=False)
    # Issue 14: never negative (the form says so next to the field).
    fee = models.DecimalField(_("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
                              validators=[MinValueValidator(0)])

    # Outcome, as on the register 住户求助登记表.
    result = models.TextField(_("result"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = _user_fk(_("recorder"), "+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk(_("closed by"), "+")
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = _user_fk(_("supervisor sign-off"), "+")
    # SPEC §3: a complaint help request links to the complaint registered from it.
    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        related_name="help_request",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["received_by", "received_at"], name="requests_received_by_at"),
            models.Index(fields=["next_due"], condition=Q(next_due__isnull=False), name="requests_next_due_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_service=True) | Q(fee__isnull=True), name="requests_fee_only_when_paid"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("requests_app:detail", args=[self.pk])

    # Display helpers: no queries when the list's select_related is used.
    @property
    def who_name(self):
        return self.resident.name if self.resident_id else self.caller_name

    @property
    def who_phone(self):
        return self.resident.phone if self.resident_id else self.caller_phone

    @property
    def unit_label(self):
        return self.unit.label if self.unit_id else ""

    def is_overdue(self, now):
        return self.next_due is not None and self.next_due < now

    def replied_on_time(self):
        if self.first_reply_at is None:
            return False
        if self.reply_due_at and self.first_reply_at > self.reply_due_at:
            return False
        if self.written_reply_due_at:
            return bool(self.written_reply_at and self.written_reply_at <= self.written_reply_due_at)
        return True

    @property
    def year(self):
        return timezone.localtime(self.received_at).year

    def is_archived(self, now):
        """SPEC §3: the register is archived at the start of the next year."""
        return self.year < timezone.localtime(now).year

    @property
    def keep_until(self):
        """Archived at the start of the next year, then kept RETENTION_YEARS years."""
        return datetime.date(self.year + 1 + RETENTION_YEARS, 1, 1) - timedelta(days=1)

    @property
    def needs_written_reply(self):
        return self.inquiry_kind == InquiryKind.WRITTEN and self.written_reply_at is None

    def checklist_items(self):
        """[(key, label, done)] for the chosen emergency help."""
        done = self.emergency_checklist or {}
        return [(key, label, bool(done.get(key))) for key, label in EMERGENCY_CHECKLIST.get(self.emergency_choice, [])]


class Responsibility(models.TextChoices):
    """SPEC §3 (seed 001 来电来访): who is responsible for the repair."""

    NORMAL = "normal", _("Normal (office maintenance)")
    WARRANTY = "Z", _("Z: developer's / contractor's warranty")
    VENDOR = "Q", _("Q: external utility or vendor")
    COORDINATION = "GT", _("GT: coordination over 2 days")


class Vendor(models.TextChoices):
    TELEPHONE = "telephone", _("Telephone")
    BROADBAND = "broadband", _("Broadband")
    WATER_HEATER = "water_heater", _("Water heater")
    INTERCOM = "intercom", _("Intercom")
    SECURITY_DOOR = "security_door", _("Security door")


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class RepairOrderQuerySet(models.QuerySet):
    def trial_run_over(self, now):
        """Satisfied repairs whose trial run has ended: due a phone callback (SPEC §6)."""
        return self.filter(verdict=Verdict.SATISFIED, trial_run_ends_at__lte=now)

    def unsatisfied(self):
        return self.filter(verdict=Verdict.UNSATISFIED)


class RepairOrder(models.Model):
    """报修单: the repair order for engineering created from a repair help request. Callbacks read
    responsibility, assignee, completion, the resident's verdict and the trial-run period."""

    ESTATE_PATH = "help_request__estate"  # core.estates

    Responsibility = Responsibility
    Verdict = Verdict

    help_request = models.OneToOneField(
        HelpRequest, verbose_name=_("help request"), on_delete=models.PROTECT, related_name="repair_order"
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=10, choices=Responsibility, default=Responsibility.NORMAL
    )
    vendor = models.CharField(_("external party"), max_length=20, choices=Vendor, blank=True)
    assignee = _user_fk(_("assignee"), "repair_orders")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    verdict = models.CharField(_("resident's verdict"), max_length=12, choices=Verdict, blank=True)
    trial_run_days = models.PositiveSmallIntegerField(_("trial-run period (days)"), default=0)
    trial_run_ends_at = models.DateTimeField(_("trial run ends"), null=True, blank=True, db_index=True)

    objects = RepairOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        constraints = [
            models.CheckConstraint(
                condition=~Q(responsibility="Q") | ~Q(vendor=""), name="requests_repair_vendor_for_q"
            ),
        ]

    def __str__(self):
        return f"{self.help_request.number} {self.get_responsibility_display()}"

    @property
    def mark(self):
        """The remark the calls-and-visits log carries: Z, Q or GT (nothing for normal)."""
        return "" if self.responsibility == Responsibility.NORMAL else self.responsibility

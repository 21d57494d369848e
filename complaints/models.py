"""Complaints 住户投诉 (SPEC §4): the complaint form, its workflow, extensions and the office setting."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaints import deadlines
from complaints.choices import Category, InformMethod, Level, MajorCriterion, Status, Step
from core.channels import Channel
from core.estates import scoped
from core.roles import CUSTOMER_SERVICE_ROLES, OVERSIGHT_ROLES, Role, has_role

UNRESOLVED = (Status.RECEIVED, Status.DISPATCHED, Status.SIGNED)
# Recorded more than 24 hours after it reached the office (seed 002 §4.1).
ACCEPTED_LATE = Q(submitted_at__isnull=False, received_at__gt=F("submitted_at") + deadlines.ACCEPT_LIMIT)


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def valid(self):
        return self.filter(is_valid=True)

    def unresolved(self):
        return self.filter(status__in=UNRESOLVED)

    def with_list_related(self):
        return self.select_related("unit__building__estate", "estate", "department", "resident")

    def visible_to(self, user):
        """Customer service, supervision and quality see every complaint; a department head sees the
        ones dispatched to a department they head or belong to; each of the estates they work for."""
        mine = scoped(self, user)
        if has_role(user, CUSTOMER_SERVICE_ROLES, Role.MANAGER, OVERSIGHT_ROLES):
            return mine
        if has_role(user, Role.DEPARTMENT_HEAD):
            return mine.filter(Q(department__head=user) | Q(department__members=user)).distinct()
        return self.none()

    def overdue(self, now):
        """Complaints whose next timed step is past due (the stored `next_due`, kept by the workflow)."""
        return self.filter(next_due__lt=now)

    def due_before(self, moment):
        return self.filter(next_due__lte=moment)

    def with_lateness(self, now):
        """`late_by` = now - next_due (negative = still to come), computed by the database."""
        return self.annotate(
            late_by=ExpressionWrapper(
                Value(now, output_field=models.DateTimeField()) - F("next_due"), output_field=DurationField()
            )
        )


class Complaint(models.Model):
    """The complaint form 住户投诉意见表 and its handling; the workflow is declared in complaints.workflow."""

    Status = Status
    Level = Level

    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True,
        help_text=_("Letter, fax, suggestion box or online: when it reached the office."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorder"), on_delete=models.PROTECT, related_name="+"
    )
    # Who complains: a registered resident/unit, or just a name and phone.
    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("resident"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    unit = models.ForeignKey(
        "residents.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    estate = models.ForeignKey(
        "residents.Estate", verbose_name=_("estate"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    complainant_name = models.CharField(_("complainant name"), max_length=50, blank=True)
    complainant_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # The complaint form 住户投诉意见表 (SPEC §4).
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    occurred_place = models.CharField(_("where it happened"), max_length=200, blank=True)
    complained_departments = models.ManyToManyField(
        "residents.Department", verbose_name=_("departments complained about"), blank=True, related_name="+"
    )
    complained_person = models.CharField(_("person complained about"), max_length=100, blank=True)
    description = models.TextField(_("what happened"))
    demand = models.TextField(_("what the resident asks for"), blank=True)
    requested_deadline = models.DateTimeField(_("resident's requested deadline"), null=True, blank=True)
    category = models.CharField(_("category of problem"), max_length=20, choices=Category, default=Category.OTHER)
    # Validity and level.
    is_valid = models.BooleanField(_("valid complaint"), default=True)
    invalid_reason = models.TextField(_("reason not valid"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level, blank=True)
    major_criterion = models.CharField(_("major criterion"), max_length=1, choices=MajorCriterion, blank=True)
    repeat_flag = models.BooleanField(
        _("possible repeat (criterion a)"), default=False,
        help_text=_("Same unit and department complained about within 30 days."),
    )
    # Dispatch and sign-for (投诉处理记录表).
    department = models.ForeignKey(
        "residents.Department", verbose_name=_("receiving department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="complaints",
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("receiver"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Forwarding to the manager (important) or general manager (major).
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("forwarded to"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Major: a definite answer to the resident.
    answered_at = models.DateTimeField(_("definite answer given at"), null=True, blank=True)
    answer = models.TextField(_("definite answer"), blank=True)
    # Handling by the department, returned to the service centre.
    handled_at = models.DateTimeField(_("returned to the service centre at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    handling_process = models.TextField(_("handling process"), blank=True)
    handling_result = models.TextField(_("handling result"), blank=True)
    # The resident told the result.
    informed_at = models.DateTimeField(_("resident informed at"), null=True, blank=True)
    inform_method = models.CharField(_("how informed"), max_length=10, choices=InformMethod, blank=True)
    # Callback (recorded here until the callbacks app takes it over) and closing.
    callback_satisfied = models.BooleanField(_("resident satisfied at callback"), null=True, blank=True)
    callback_note = models.TextField(_("callback comments"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    appeal_count = models.PositiveSmallIntegerField(_("appeals"), default=0)
    escalated_at = models.DateTimeField(_("escalated to major at"), null=True, blank=True)
    # Corrective and preventive action 纠正与预防 (major and important).
    cause = models.TextField(_("cause"), blank=True)
    remedy = models.TextField(_("remedy"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    verification = models.TextField(_("verification"), blank=True)
    # Due times, stored so overdue-ness is computed in SQL.
    dispatch_due = models.DateTimeField(_("dispatch due"), null=True, blank=True)
    sign_due = models.DateTimeField(_("sign-for due"), null=True, blank=True)
    forward_due = models.DateTimeField(_("forward due"), null=True, blank=True)
    answer_due = models.DateTimeField(_("definite answer due"), null=True, blank=True)
    handle_due = models.DateTimeField(_("handling due"), null=True, blank=True)
    inform_due = models.DateTimeField(_("inform resident due"), null=True, blank=True)
    escalation_due = models.DateTimeField(_("escalation due"), null=True, blank=True)
    # The most urgent pending step and its due time, kept by the workflow (core.workflow.schedule).
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=20, choices=Step, blank=True, editable=False)
    # Set while an extension request waits for its decision (one at a time).
    extension_requested_at = models.DateTimeField(
        _("extension requested at"), null=True, blank=True, editable=False
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # The overdue board and the warnings read an index range of open records' next due time; with
            # the status and the department in the index, the board's counts never read the table.
            models.Index(fields=["next_due", "status", "department"], condition=Q(next_due__isnull=False),
                         name="complaint_next_due_open"),
            models.Index(fields=["unit", "department", "received_at"], name="complaint_repeat_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level=Level.MAJOR) | ~Q(major_criterion=""), name="complaint_major_has_criterion"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status != Status.CLOSED

    @property
    def accepted_late(self):
        return self.submitted_at is not None and self.received_at - self.submitted_at > deadlines.ACCEPT_LIMIT

    @property
    def needs_corrective_action(self):
        return self.is_valid and self.level in (Level.MAJOR, Level.IMPORTANT)

    @property
    def has_corrective_action(self):
        return all([self.cause, self.remedy, self.corrective_action, self.verification])

    @property
    def complainant_display(self):
        return self.complainant_name or (self.resident.name if self.resident_id else "")

    @property
    def handling_time(self):
        if self.handled_at:
            return self.handled_at - self.received_at
        return None



class ComplaintExtension(models.Model):
    """The department asks for more time; the manager (minor) or general manager (important) decides."""

    ESTATE_PATH = "complaint__estate"  # core.estates

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"))
    old_due = models.DateTimeField(_("previous due time"))
    new_due = models.DateTimeField(_("new due time"))
    approver_role = models.CharField(_("approver"), max_length=20, choices=Role)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(decision="pending"), name="complaint_one_pending_extension"
            )
        ]

    def __str__(self):
        return f"{self.complaint} → {self.new_due:%Y-%m-%d %H:%M}"


class ComplaintPolicy(models.Model):
    """The office setting for complaint deadlines: one row, edited by managers."""

    working_days = models.BooleanField(
        _("count day limits in working days"), default=False,
        help_text=_("Off: calendar days. On: Chinese working days (public holidays and make-up days)."),
    )
    warning_lead_minutes = models.PositiveIntegerField(
        _("warn this many minutes before a step is due"), default=60
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("complaint deadline setting")
        verbose_name_plural = _("complaint deadline settings")

    def __str__(self):
        return str(_("Complaint deadline setting"))

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def warning_lead(self):
        return datetime.timedelta(minutes=self.warning_lead_minutes)

"""Callbacks 回访 (SPEC §6): one queue for following up repairs, complaints, survey rectifications and
suggestion slips.

How a callback names what it follows up — a generic relation, not one typed foreign key per source:
- the sources live in different apps and one of them (surveys: rectifications and suggestion slips) is
  built in parallel; with a generic relation a new source calls `schedule_callback` and needs no new
  column, migration or join here;
- the queue, the filters and the figures never join the source: what they read is copied onto the
  callback when it is scheduled — the kind of source, its number, the estate, unit, department and the
  person to call — so the queue is one table read through the `next_due` index, and the admin filters
  on plain columns (kind, status, estate, department) and links each row to its source page;
- reading the sources of a page of callbacks is one `prefetch_related("source")` query per kind.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from callbacks.choices import SATISFIED, Method, Result, SourceKind, Status, Step
from core.estates import scoped
from core.roles import SUPERVISION_ROLES, Role, has_role

OPEN = frozenset({Status.DUE, Status.ESCALATED, Status.AWAITING_ANSWER})
# The resident was reached and gave a verdict (the promised answer may still be pending).
REACHED = frozenset({Status.DONE, Status.AWAITING_ANSWER})


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", **kwargs,
    )


class CallbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def visible_to(self, user):
        """Customer service and every manager see all callbacks; a department head those about the work of
        a department they head or belong to (SPEC §1); anyone else none. Each of the estates they work for."""
        mine = scoped(self, user)
        if has_role(user, Role.CLERK, SUPERVISION_ROLES, Role.VICE_GENERAL_MANAGER):
            return mine
        if has_role(user, Role.DEPARTMENT_HEAD):
            return mine.filter(Q(department__head=user) | Q(department__members=user)).distinct()
        return self.none()

    def for_source(self, source):
        return self.filter(
            source_type=ContentType.objects.get_for_model(source, for_concrete_model=False), source_id=source.pk
        )

    def with_list_related(self):
        return self.select_related("estate", "unit__building", "department", "assignee")


class Callback(models.Model):
    """One callback 回访: whom to call about what, by when; each try; the verdict; what follows from it.
    Its workflow is declared in callbacks.workflow."""

    Status = Status
    Kind = SourceKind

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("follows up"), max_length=20, choices=SourceKind)
    source_type = models.ForeignKey(ContentType, verbose_name=_("source type"), on_delete=models.PROTECT,
                                    related_name="+")
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source number"), max_length=60)
    subject = models.TextField(_("what it follows up"))
    round = models.PositiveSmallIntegerField(_("callback round"), default=1)
    follows = models.ForeignKey(
        "self", verbose_name=_("follows up the callback"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    # Copied from the source when scheduled: the queue, its filters and the figures read them directly.
    estate = models.ForeignKey("residents.Estate", verbose_name=_("estate"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("residents.Unit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="callbacks")
    department = models.ForeignKey("residents.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="callbacks")
    resident = models.ForeignKey("residents.Resident", verbose_name=_("resident"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="callbacks")
    contact_name = models.CharField(_("person to call"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    planned_method = models.CharField(_("planned method"), max_length=10, choices=Method, blank=True,
                                      help_text=_("Empty: phone or visit."))
    assignee = _user_fk(_("assigned to"))
    created_at = models.DateTimeField(_("scheduled at"))
    created_by = _user_fk(_("scheduled by"))
    # Due times: the rule's (for the callback rate) and the current one (retries, the supervisor's turn).
    due_at = models.DateTimeField(_("due by the rule"), db_index=True)
    call_due = models.DateTimeField(_("call due"), null=True, blank=True)
    answer_due = models.DateTimeField(_("agreed answer time"), null=True, blank=True,
                                      help_text=_("When the resident was promised an answer."))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DUE)
    next_due = models.DateTimeField(_("next step due"), null=True, blank=True, editable=False)
    next_step = models.CharField(_("next step"), max_length=10, choices=Step, blank=True, editable=False)
    failed_tries = models.PositiveSmallIntegerField(_("failed tries"), default=0)
    escalated_at = models.DateTimeField(_("to the supervisor at"), null=True, blank=True)
    # The result (SPEC §6: method, who called, when, the verdict, comments, follow-up needed).
    done_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    done_by = _user_fk(_("called back by"))
    method = models.CharField(_("method"), max_length=10, choices=Method, blank=True)
    person_reached = models.CharField(_("person reached"), max_length=50, blank=True)
    result = models.CharField(_("resident's verdict"), max_length=20, choices=Result, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    follow_up = models.TextField(_("follow-up needed"), blank=True)
    # 预约时间答复: a question that could not be answered at once.
    question = models.TextField(_("question to answer"), blank=True)
    answer = models.TextField(_("answer given"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = _user_fk(_("answered by"))
    # Closed without reaching anybody (the supervisor's decision after three failed tries).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk(_("closed as unreachable by"))
    close_note = models.TextField(_("why it was closed"), blank=True)
    # A serious problem goes to the regular meeting 例会 (seed 004 回访制度 9).
    meeting_date = models.DateField(_("regular meeting"), null=True, blank=True)
    meeting_problem = models.TextField(_("serious problem"), blank=True)
    meeting_outcome = models.TextField(_("solution agreed at the meeting"), blank=True)
    meeting_outcome_at = models.DateTimeField(_("solution recorded at"), null=True, blank=True)
    meeting_outcome_by = _user_fk(_("solution recorded by"))

    objects = CallbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The queue and the warnings read an index range of open callbacks' next due time.
            models.Index(fields=["next_due"], condition=Q(next_due__isnull=False), name="callback_next_due_open"),
            models.Index(fields=["source_type", "source_id"], name="callback_source"),
            models.Index(fields=["meeting_date"], condition=Q(meeting_date__isnull=False), name="callback_meeting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[Status.DONE, Status.AWAITING_ANSWER]) | ~Q(result=""),
                name="callback_reached_has_verdict",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("callbacks:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN

    # Labels read straight from the choices' enums: `get_FOO_display` rebuilds a dict of every choice on
    # each call, which is most of a 50-row queue page's rendering time.
    @property
    def place(self):
        """"华悦苑 3-1202" (or the estate alone): one lookup for a list row instead of four."""
        estate = self.estate.name if self.estate_id else ""
        if self.unit_id:
            return f"{estate} {self.unit.building.name}-{self.unit.number}".strip()
        return estate

    @property
    def kind_label(self):
        return SourceKind(self.kind).label

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def step_label(self):
        return Step(self.next_step).label if self.next_step else ""

    @property
    def result_label(self):
        return Result(self.result).label if self.result else ""

    @property
    def satisfied(self):
        """True / False once the resident gave a verdict; None before (or never reached)."""
        return (self.result in SATISFIED) if self.result else None

    @property
    def on_time(self):
        return self.done_at is not None and self.done_at <= self.due_at

    def source_url(self):
        """The source's page, without loading the source (callbacks.sources knows each kind's page)."""
        from callbacks.sources import source_url

        return source_url(self)


class CallbackAttempt(models.Model):
    """One try: who called (or visited), when, how, whom they reached and what the resident said."""

    ESTATE_PATH = "callback__estate"  # core.estates

    callback = models.ForeignKey(Callback, verbose_name=_("callback"), on_delete=models.CASCADE,
                                 related_name="attempts")
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"), on_delete=models.PROTECT,
                           related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=Method)
    result = models.CharField(_("callback result"), max_length=20, choices=Result)
    person_reached = models.CharField(_("person reached"), max_length=50, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("callback try")
        verbose_name_plural = _("callback tries")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.callback} {self.at:%Y-%m-%d %H:%M} {self.get_result_display()}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# The office setting's defaults.
# SPEC §6 / issue 13: a complaint handled and the resident told is called back the next working day.
NEXT_WORKING_DAY = 1
# The trial-run period the repair slip offers unless the clerk changes it (the office's own choice; the
# SOP names no number).
DEFAULT_TRIAL_RUN_DAYS = 7
# Issue 13: an unsatisfied repair is called back "immediately": within the hour unless the office says.
IMMEDIATE_MINUTES = 60
# Not reached: try again after a few hours, within calling hours (seed 002 §4.1.3: no unsuitable hours).
RETRY_HOURS = 4
CALLING_STARTS, CALLING_ENDS = datetime.time(9, 0), datetime.time(20, 0)
WARNING_LEAD_HOURS = 3


class CallbackPolicy(models.Model):
    """The office's callback setting: one row, edited in the admin (issue 13: the next working day and
    the repairs' trial-run period are office settings)."""

    follow_up_working_days = models.PositiveSmallIntegerField(
        _("complaints, rectifications and suggestions: call back after (working days)"), default=NEXT_WORKING_DAY,
        help_text=_("1 = the next working day (Chinese public holidays and make-up days counted)."),
    )
    repair_trial_run_days = models.PositiveSmallIntegerField(
        _("repairs: default trial-run period (days)"), default=DEFAULT_TRIAL_RUN_DAYS,
        help_text=_("A satisfied resident is called back when the trial run ends; the repair slip may set "
                    "another period."),
    )
    immediate_minutes = models.PositiveSmallIntegerField(
        _("repairs the resident was unsatisfied with: call back within (minutes)"), default=IMMEDIATE_MINUTES,
    )
    retry_hours = models.PositiveSmallIntegerField(_("not reached: try again after (hours)"), default=RETRY_HOURS)
    calling_starts = models.TimeField(_("calling hours start"), default=CALLING_STARTS)
    calling_ends = models.TimeField(
        _("calling hours end"), default=CALLING_ENDS,
        help_text=_("A callback due on a day is due by this time; residents are not called later."),
    )
    warning_lead_hours = models.PositiveSmallIntegerField(
        _("warn this many hours before a callback falls due"), default=WARNING_LEAD_HOURS,
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        _("regular meeting day"), choices=Weekday, default=Weekday.MONDAY,
        help_text=_("Serious problems found in callbacks are put on the next regular meeting."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("callback setting")
        verbose_name_plural = _("callback settings")

    def __str__(self):
        return str(_("Callback setting"))

    def clean(self):
        if self.calling_starts and self.calling_ends and self.calling_starts >= self.calling_ends:
            raise ValidationError({"calling_ends": _("Calling hours must end after they start.")})
        if self.retry_hours == 0:
            raise ValidationError({"retry_hours": _("Wait at least one hour before trying again.")})

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def immediate(self):
        return datetime.timedelta(minutes=self.immediate_minutes)

    @property
    def retry_after(self):
        return datetime.timedelta(hours=self.retry_hours)

    @property
    def warning_lead(self):
        return datetime.timedelta(hours=self.warning_lead_hours)

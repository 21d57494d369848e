"""The shared registry (SPEC §2): estates, buildings, units, residents, departments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Mainland mobile (11 digits starting with 1) or a landline with optional area code and extension.
PHONE_PATTERN = r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$"
phone_validator = RegexValidator(
    PHONE_PATTERN, _("Enter a mobile number of 11 digits or a landline such as 0755-12345678.")
)
# Issue 14: no negative (or zero) floor area; the database's max_digits is checked by the form field.
MIN_AREA = Decimal("0.01")
area_validator = MinValueValidator(MIN_AREA, _("Enter an area greater than 0 m²."))


class Versioned(models.Model):
    """Issue 14 (no lost update): every save bumps the version, and a save from a form opened at an
    older version is refused (residents.services.claim_version)."""

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        abstract = True


class Estate(Versioned):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    # SPEC §5: the survey distribution rule depends on the gross floor area.
    gross_floor_area = models.DecimalField(
        _("gross floor area (m²)"), max_digits=12, decimal_places=2, validators=[area_validator]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("residents:unit_list") + f"?estate={self.pk}"


class Building(Versioned):
    estate = models.ForeignKey(Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="buildings")
    # The short name used at the front desk: "3" in "3-1202", "A" in "A座1202".
    name = models.CharField(_("building"), max_length=20)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["estate__code", "name"]
        constraints = [models.UniqueConstraint(fields=["estate", "name"], name="residents_building_unique_name")]

    def __str__(self):
        return f"{self.estate} {self.name}"

    def save(self, *args, **kwargs):
        # Stored upper-case so the front-desk lookup can match "a-1202" with an indexed equality.
        self.name = self.name.strip().upper()
        super().save(*args, **kwargs)


class UnitQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("building__estate")

    def occupied(self):
        return self.filter(occupancy=Unit.Occupancy.OCCUPIED)


class Unit(Versioned):
    class Occupancy(models.TextChoices):
        OCCUPIED = "occupied", _("Occupied")
        VACANT = "vacant", _("Vacant")

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units")
    number = models.CharField(_("unit number"), max_length=20)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[area_validator]
    )
    occupancy = models.CharField(_("occupancy"), max_length=10, choices=Occupancy, default=Occupancy.VACANT)
    move_in_date = models.DateField(_("move-in date"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building__estate__code", "building__name", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="residents_unit_unique_number")]
        indexes = [models.Index(fields=["number"], name="residents_unit_number")]

    def __str__(self):
        return f"{self.building.estate.name} {self.label}"

    def save(self, *args, **kwargs):
        self.number = self.number.strip().upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("residents:unit_detail", args=[self.pk])

    @property
    def label(self):
        return f"{self.building.name}-{self.number}"


class Resident(Versioned):
    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner")
        TENANT = "tenant", _("Tenant")
        FAMILY = "family", _("Family member")

    name = models.CharField(_("name"), max_length=50, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.OWNER)
    phone = models.CharField(_("phone"), max_length=20, validators=[phone_validator], db_index=True)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    units = models.ManyToManyField(Unit, through="Occupancy", verbose_name=_("units"), related_name="residents")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("residents:resident_detail", args=[self.pk])


class OccupancyQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(moved_out__isnull=True) | Q(moved_out__gt=on), moved_in__lte=on)


class Occupancy(models.Model):
    """A resident living in (or owning) a unit from one date to another: a unit's residents change."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="occupancies"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="occupancies")
    moved_in = models.DateField(_("moved in"), default=timezone.localdate)
    moved_out = models.DateField(_("moved out"), null=True, blank=True)

    objects = OccupancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        ordering = ["-moved_in"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moved_out__isnull=True) | Q(moved_out__gte=models.F("moved_in")),
                name="residents_occupancy_out_after_in",
            ),
            models.UniqueConstraint(
                fields=["resident", "unit"], condition=Q(moved_out__isnull=True), name="residents_occupancy_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.resident} @ {self.unit.label}"


class Department(Versioned):
    class Kind(models.TextChoices):
        SECURITY = "security", _("Security")
        ENGINEERING = "engineering", _("Engineering and maintenance")
        CLEANING = "cleaning", _("Cleaning")
        GREENING = "greening", _("Greening")
        PARKING = "parking", _("Parking")
        CUSTOMER_SERVICE = "customer_service", _("Customer service")
        QUALITY = "quality", _("Quality")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    estate = models.ForeignKey(
        Estate,
        verbose_name=_("estate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        help_text=_("Leave empty for a company-wide department."),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="departments"
    )
    # Issue 10: the department's group chat (企业微信 / 钉钉 group robot) is told what its people are.
    webhook_url = models.URLField(
        _("group chat webhook"), blank=True,
        help_text=_("WeCom or DingTalk group robot address; the department's notices are posted there too."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="residents_department_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(estate__isnull=True), name="residents_department_unique_company_name"
            ),
        ]

    def __str__(self):
        return self.name

    def staff(self):
        """Everyone who may act for the department: its head and its members."""
        users = list(self.members.all())
        if self.head and self.head not in users:
            users.insert(0, self.head)
        return users


class ResidentAccessLog(models.Model):
    """SPEC §2: every view of a resident's full record is logged (who, when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="access_logs"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    path = models.CharField(_("page"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("resident record access")
        verbose_name_plural = _("resident record accesses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} → {self.resident} {self.at:%Y-%m-%d %H:%M}"


class StaffPosting(models.Model):
    """Issue 14: the estates whose office (管理处) a staff member works for. A clerk, department head,
    supervisor or manager sees and acts on the records of these estates only; the general manager,
    the vice general manager and quality work across every estate by their role (core.estates)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="posting"
    )
    estates = models.ManyToManyField(Estate, verbose_name=_("estates"), blank=True, related_name="postings")
    # A head-office service centre (e.g. the company hotline) answers for every estate, including
    # estates opened later; set on purpose, never by default.
    all_estates = models.BooleanField(
        _("every estate (head office)"), default=False,
        help_text=_("Works for every estate's office, including estates added later."),
    )

    class Meta:
        verbose_name = _("estate posting")
        verbose_name_plural = _("estate postings")

    def __str__(self):
        return str(self.user)

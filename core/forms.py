"""Form pieces every app shares: the reporting-period form, the empty step form, staff pickers."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.estates import sees_every_estate, visible_estates
from core.people import display_name
from core.periods import Period

# A choice field starts on this, not on Django's "---------" (issue 11).
EMPTY_CHOICE = ("", _("Please choose…"))
# Statistics exist from the office's first year; a year outside this range is a typing error.
FIRST_YEAR = 2000
LAST_YEAR = 2100


# Issue 11: typed as 2026-11-23 14:30 whatever the browser's language — a browser's own date picker
# shows its language's order (11/23/2026), so these are text boxes with the office's format.
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


class DateTextInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(format=DATE_FORMAT, attrs={"placeholder": "2026-11-23", "autocomplete": "off",
                                                    "inputmode": "numeric", **(attrs or {})})


class DateTimeTextInput(forms.DateTimeInput):
    def __init__(self, attrs=None):
        super().__init__(format=DATETIME_FORMAT, attrs={"placeholder": "2026-11-23 14:30", "autocomplete": "off",
                                                        **(attrs or {})})


# Issue 14: a date is kept within a plausible range for its meaning, with a message in the office's
# language; a year like 0001 or 9999 never reaches the database (it broke every page that showed it).
# An event (when it happened, when it was completed) lies in the last few years and not in the future.
EVENT_YEARS = 5
# A deadline or appointment lies within a few years ahead (and not long past).
PLAN_YEARS = 3
# A move-in or move-out in the registry: the oldest managed estates were occupied from the 1980s.
REGISTRY_FIRST_YEAR = 1980


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class PlausibleDate:
    """Validator: `kind` "event" (past few years, not the future), "plan" (from a month ago to a few years
    ahead), "registry" (a move-in or move-out: since REGISTRY_FIRST_YEAR, up to a few years ahead) or
    "any" (2000-2100)."""

    def __init__(self, kind="any"):
        self.kind = kind

    def __call__(self, value):
        day, today = _as_date(value), timezone.localdate()
        if self.kind == "registry":
            if not datetime.date(REGISTRY_FIRST_YEAR, 1, 1) <= day <= today.replace(year=today.year + PLAN_YEARS):
                raise ValidationError(_("Enter a date from %(first)d to %(n)d years ahead."),
                                      params={"first": REGISTRY_FIRST_YEAR, "n": PLAN_YEARS}, code="implausible")
            return
        if not (datetime.date(FIRST_YEAR, 1, 1) <= day <= datetime.date(LAST_YEAR, 12, 31)):
            raise ValidationError(_("Enter a date between %(first)d and %(last)d."),
                                  params={"first": FIRST_YEAR, "last": LAST_YEAR}, code="implausible")
        if self.kind == "event" and day > today:
            raise ValidationError(_("This cannot be in the future."), code="future")
        if self.kind == "event" and day < today.replace(year=today.year - EVENT_YEARS):
            raise ValidationError(_("This is more than %(n)d years ago: check the year."), params={"n": EVENT_YEARS},
                                  code="too_old")
        if self.kind == "plan" and not (today - datetime.timedelta(days=31) <= day
                                        <= today.replace(year=today.year + PLAN_YEARS)):
            raise ValidationError(_("Enter a date from last month to %(n)d years ahead."), params={"n": PLAN_YEARS},
                                  code="implausible_plan")

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and other.kind == self.kind


def date_field(label, *, required=False, kind="any", **kwargs):
    return forms.DateField(label=label, required=required, widget=DateTextInput(), validators=[PlausibleDate(kind)],
                           **kwargs)


def datetime_field(label, *, required=False, kind="any", **kwargs):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeTextInput(),
                               validators=[PlausibleDate(kind)], **kwargs)


class PleaseChooseMixin:
    """Every choice field of the form starts on "请选择…" instead of Django's "---------", and every
    picker of staff shows their Chinese full name, never the login (issue 11)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if getattr(field, "empty_label", None) is not None:
                    field.empty_label = EMPTY_CHOICE[1]
                if field.queryset.model is get_user_model():
                    field.label_from_instance = display_name
            elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, forms.RadioSelect):
                choices = list(field.choices)
                if choices and choices[0][0] == "":
                    field.choices = [EMPTY_CHOICE, *choices[1:]]


class EmptyForm(forms.Form):
    """A step that needs nothing but the button (sign for, sign off)."""


class StaffChoiceField(forms.ModelChoiceField):
    """A person picker that shows the Chinese full name, never the login."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else get_user_model().objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return display_name(obj)


class PeriodForm(forms.Form):
    """A month, half-year or year (SPEC §4: monthly statistics, half-year and year analysis).

    Bound to the query string (always, so an empty one means "last month"); `period()` gives the
    chosen period. An impossible period (month 13, year 9999) is a form error, never a 500."""

    KINDS = [("month", _("Month")), ("half", _("Half-year")), ("year", _("Year"))]

    kind = forms.ChoiceField(label=_("period"), choices=KINDS, required=False)
    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12, required=False)
    half = forms.TypedChoiceField(
        label=_("half"), choices=[(1, _("First half")), (2, _("Second half"))], coerce=int, required=False
    )

    def period(self, today=None):
        """The chosen period; None when the input is invalid."""
        if not self.is_valid():
            return None
        params = self.cleaned_data
        period = Period.from_params(
            kind=params.get("kind"), year=params.get("year"), month=params.get("month"), half=params.get("half"),
            today=today or timezone.localdate(),
        )
        self._show(period)
        return period

    def _show(self, period):
        """The fields show the period the page shows, also when the query string left them out (issue 11:
        an empty filter above last month's figures reads as "nothing chosen")."""
        data = self.data.copy()
        data["kind"], data["year"] = period.kind, period.year
        data["month" if period.kind == "month" else "half"] = "" if period.kind == "year" else period.index
        self.data = data


class PeriodEstateForm(PeriodForm):
    """A period and an estate, for the statistics pages (issue 14). Whoever sees every estate may leave
    the estate empty for all of them together; anyone else chooses one of their own estates, the
    first by default, and another office's estate is not one of the choices."""

    estate = forms.ModelChoiceField(label=_("estate"), queryset=None, required=False, empty_label=_("All estates"))

    def __init__(self, data=None, *args, user, **kwargs):
        estates = visible_estates(user).order_by("code")
        own_only = not sees_every_estate(user)
        if own_only and data is not None and not data.get("estate"):
            first = estates.first()
            if first is not None:
                data = data.copy()
                data["estate"] = first.pk
        super().__init__(data, *args, **kwargs)
        field = self.fields["estate"]
        field.queryset = estates
        if own_only:
            field.required, field.empty_label = True, None
            field.error_messages["required"] = _("You are not posted to any estate's office yet: ask a manager.")

    def scope(self, today=None):
        """(period, estate or None for every estate); (None, None) when the input is invalid."""
        period = self.period(today)
        if period is None:
            return None, None
        return period, self.cleaned_data.get("estate")

"""The suggestion-slip forms: entering a slip (with the registry lookup), correcting it, keeping it as a
suggestion. Parse and validate input only; the services do the rest."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.estates import narrow_choices, only_estate, scoped
from core.forms import PleaseChooseMixin, date_field
from residents.models import Estate, Occupancy, Resident, Unit, phone_validator
from residents.selectors import parse_unit_label


class SlipFieldsForm(forms.Form):
    """What a slip carries. The field names are those the registry lookup fills in (residents.selectors.
    Caller.fill): picking a unit or resident there fills the estate, the unit, the name and the phone."""

    found_on = date_field(_("taken out of the box on"), required=True, kind="event")
    unit_label = forms.CharField(label=_("unit"), max_length=30, required=False,
                                 help_text=_("Building and unit if the slip gives them, e.g. 3-1202."))
    caller_name = forms.CharField(label=_("name on the slip"), max_length=50, required=False)
    caller_phone = forms.CharField(label=_("phone on the slip"), max_length=20, required=False,
                                   validators=[phone_validator])
    content = forms.CharField(label=_("what the slip says"), widget=forms.Textarea(attrs={"rows": 4}))

    user = None

    def estate_for_units(self, cleaned):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        unit = self._resolve_unit(cleaned)
        phone, name = cleaned.get("caller_phone") or "", cleaned.get("caller_name") or ""
        return {
            "found_on": cleaned.get("found_on"), "unit": unit, "resident": self._resolve_resident(unit, phone, name),
            "name": name, "phone": phone, "content": cleaned.get("content"),
            **self.extra_cleaned(cleaned, unit),
        }

    def extra_cleaned(self, cleaned, unit):
        return {}

    def _resolve_unit(self, cleaned):
        label = (cleaned.get("unit_label") or "").strip()
        if not label:
            return None
        building, number = parse_unit_label(label) or ("", "")
        units = Unit.objects.with_related().filter(building__name=building, number=number)
        if self.user is not None:
            units = scoped(units, self.user)
        estate = self.estate_for_units(cleaned)
        if estate is not None:
            units = units.filter(building__estate=estate)
        found = list(units[:2])
        if len(found) != 1:
            self.add_error("unit_label", _("No such unit.") if not found
                           else _("Several estates have this unit: choose the estate."))
            return None
        return found[0]

    def _resolve_resident(self, unit, phone, name):
        """The registered resident who wrote it, when the slip's phone (or, with a unit, the name) matches;
        an anonymous slip stays anonymous."""
        if unit is None:
            residents = Resident.objects.filter(phone=phone) if phone else Resident.objects.none()
            return scoped(residents, self.user).first() if self.user is not None else residents.first()
        occupants = Resident.objects.filter(pk__in=Occupancy.objects.current().filter(unit=unit).values("resident"))
        if phone:
            return occupants.filter(phone=phone).first()
        if name:
            return occupants.filter(name=name).first()
        return None


class SlipForm(PleaseChooseMixin, SlipFieldsForm):
    """A slip entered the day the box is opened (seed 002 意见征询制度 7: 意见箱每日开箱检查)."""

    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.all(), required=False)
    field_order = ["estate", "found_on", "unit_label", "caller_name", "caller_phone", "content"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_choices(self, user=user)
        if not self.is_bound:
            self.initial.setdefault("found_on", timezone.localdate())
            self.initial.setdefault("estate", only_estate(user))

    def estate_for_units(self, cleaned):
        return cleaned.get("estate")

    def extra_cleaned(self, cleaned, unit):
        estate = cleaned.get("estate") or (unit.building.estate if unit is not None else None)
        if estate is None and "estate" not in self.errors and "unit_label" not in self.errors:
            # Every slip belongs to one estate's office, which sorts it.
            self.add_error("estate", _("Choose the estate (or give the unit)."))
        return {"estate": estate}


class SlipEditForm(SlipFieldsForm):
    """Correct a slip not sorted yet; its estate stays."""

    def __init__(self, *args, estate, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate = estate

    def estate_for_units(self, cleaned):
        return self.estate


class KeepForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Why it is a suggestion rather than a complaint, if it is not plain."))

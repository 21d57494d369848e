from django import forms
from django.utils.translation import gettext_lazy as _

from residents.models import Building, Department, Estate, Occupancy, Resident, Unit


class DateInput(forms.DateInput):
    input_type = "date"


class EstateForm(forms.ModelForm):
    class Meta:
        model = Estate
        fields = ["name", "code", "gross_floor_area", "address"]


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["estate", "name"]


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["building", "number", "floor_area", "occupancy", "move_in_date"]
        widgets = {"move_in_date": DateInput}


class ResidentForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["name", "kind", "phone", "phone2", "email", "notes"]


class MoveInForm(forms.ModelForm):
    unit = forms.ModelChoiceField(Unit.objects.with_related(), label=_("unit"))

    class Meta:
        model = Occupancy
        fields = ["unit", "moved_in"]
        widgets = {"moved_in": DateInput}

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit and self.resident and Occupancy.objects.filter(
            resident=self.resident, unit=unit, moved_out__isnull=True
        ).exists():
            self.add_error("unit", _("This resident already lives in this unit."))
        return data


class MoveOutForm(forms.Form):
    moved_out = forms.DateField(label=_("moved out"), widget=DateInput)


class DepartmentForm(forms.ModelForm):
    # Group robots are always https; a bare host name is read as such.
    webhook_url = forms.URLField(
        label=Department._meta.get_field("webhook_url").verbose_name, required=False, assume_scheme="https",
        help_text=Department._meta.get_field("webhook_url").help_text,
    )

    class Meta:
        model = Department
        fields = ["name", "kind", "estate", "head", "members", "webhook_url"]


class RegistryImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file (Excel 2007 or newer)."))
        return file

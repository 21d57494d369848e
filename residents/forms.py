from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.estates import narrow_choices
from core.forms import PleaseChooseMixin, date_field
from residents.importing import MAX_UPLOAD_BYTES
from residents.models import Building, Department, Estate, Occupancy, Resident, Unit


class ScopedFormMixin:
    """Issue 14: the form's choices (estate, building, unit, head and members) are those of the estates
    the user works for; the registry's views pass `user`."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, user=user)


class VersionedForm(forms.ModelForm):
    """Issue 14 (no lost update): an edit form carries the version of the record it was opened with;
    residents.services.save_record refuses the save when someone else saved in between. Used by the
    registry's forms and its admin pages (`seen_version`, so it never clashes with the model's field)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("seen_version", self.instance.version)

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("seen_version") is None:
            # A tampered or truncated form: there is no version to compare with.
            raise forms.ValidationError(_("This form is out of date. Open the record again."))
        return data


class EstateForm(PleaseChooseMixin, ScopedFormMixin, VersionedForm):
    class Meta:
        model = Estate
        fields = ["name", "code", "gross_floor_area", "address"]


class BuildingForm(PleaseChooseMixin, ScopedFormMixin, VersionedForm):
    class Meta:
        model = Building
        fields = ["estate", "name"]


class UnitForm(PleaseChooseMixin, ScopedFormMixin, VersionedForm):
    move_in_date = date_field(Unit._meta.get_field("move_in_date").verbose_name, kind="registry")

    class Meta:
        model = Unit
        fields = ["building", "number", "floor_area", "occupancy", "move_in_date"]


class ResidentForm(PleaseChooseMixin, ScopedFormMixin, VersionedForm):
    class Meta:
        model = Resident
        fields = ["name", "kind", "phone", "phone2", "email", "notes"]


class MoveInForm(PleaseChooseMixin, forms.ModelForm):
    unit = forms.ModelChoiceField(Unit.objects.with_related(), label=_("unit"))
    moved_in = date_field(Occupancy._meta.get_field("moved_in").verbose_name, required=True, kind="registry",
                          initial=timezone.localdate)

    class Meta:
        model = Occupancy
        fields = ["unit", "moved_in"]

    def __init__(self, *args, resident=None, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident
        narrow_choices(self, user=user)  # issue 14: a unit of the user's own estates

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        # Checked again, under a lock, by services.move_in (two clerks at once).
        if unit and self.resident and Occupancy.objects.filter(
            resident=self.resident, unit=unit, moved_out__isnull=True
        ).exists():
            self.add_error("unit", _("This resident already lives in this unit."))
        return data


class MoveOutForm(forms.Form):
    moved_out = date_field(_("moved out"), required=True, kind="registry")


class DepartmentForm(PleaseChooseMixin, ScopedFormMixin, VersionedForm):
    # Group robots are always https; a bare host name is read as such.
    webhook_url = forms.URLField(
        label=Department._meta.get_field("webhook_url").verbose_name, required=False, assume_scheme="https",
        help_text=Department._meta.get_field("webhook_url").help_text,
    )

    class Meta:
        model = Department
        fields = ["name", "kind", "estate", "head", "members", "webhook_url"]


def too_large_message():
    return _("The file is larger than %(mb)d MB; split it.") % {"mb": MAX_UPLOAD_BYTES // 2**20}


class RegistryImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, upload_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large

    def clean(self):
        # Issue 14: the upload handler stopped storing a file past the limit (residents.uploads).
        if self.upload_too_large:
            self.errors.pop("file", None)
            self.add_error("file", too_large_message())
        return super().clean()

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message())
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file (Excel 2007 or newer)."))
        return file

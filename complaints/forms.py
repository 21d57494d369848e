"""Input parsing and validation only; the workflow runs in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import LEVEL_HELP, Category, InformMethod, Level, MajorCriterion
from complaints.deadlines import arrival_error
from complaints.inputs import ComplaintInput
from complaints.models import ComplaintPolicy
from complaints.permissions import forward_role
from core.channels import Channel
from core.estates import narrow_choices, scoped
from core.forms import (
    EMPTY_CHOICE,
    DateTimeTextInput,
    PlausibleDate,
    PleaseChooseMixin,
    StaffChoiceField,
    datetime_field,
)
from core.people import staff
from residents.models import Department, Estate, Occupancy, Resident, Unit, phone_validator
from residents.selectors import parse_unit_label


def _datetime_field(label, required=False, kind="any"):
    return datetime_field(label, required=required, kind=kind)


class LevelFieldsMixin:
    """Level with the SPEC §4 criteria as help text; major needs the criterion (a, b or c)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") == Level.MAJOR and not cleaned.get("major_criterion"):
            self.add_error("major_criterion", _("Say which major criterion applies (a, b or c)."))
        return cleaned


def level_field(required=True):
    return forms.ChoiceField(
        label=_("level"), choices=[EMPTY_CHOICE, *Level.choices], required=required, help_text=LEVEL_HELP
    )


def criterion_field():
    return forms.ChoiceField(
        label=_("major criterion"), choices=[EMPTY_CHOICE, *MajorCriterion.choices], required=False,
        help_text=_("Only for major complaints."),
    )


# Lower rank = less serious; lowering a grade needs the supervisor and a reason (issue 9).
LEVEL_RANK = {Level.MINOR: 1, Level.IMPORTANT: 2, Level.MAJOR: 3}


def is_lower_grade(new, current):
    return bool(current) and LEVEL_RANK.get(new, 0) < LEVEL_RANK.get(current, 0)


class ComplaintContentForm(forms.Form):
    """What the complaint form 住户投诉意见表 records about the complaint itself (SPEC §4): the complainant,
    when and where it happened, who is complained about, what happened, what the resident asks for."""

    complainant_name = forms.CharField(label=_("complainant name"), max_length=50, required=False)
    complainant_phone = forms.CharField(
        label=_("contact phone"), max_length=20, required=False, validators=[phone_validator]
    )
    occurred_at = _datetime_field(_("when it happened"), kind="event")
    occurred_place = forms.CharField(label=_("where it happened"), max_length=200, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("departments complained about"), queryset=Department.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    complained_person = forms.CharField(label=_("person complained about"), max_length=100, required=False)
    description = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 4}))
    demand = forms.CharField(label=_("what the resident asks for"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)
    requested_deadline = _datetime_field(_("resident's requested deadline"), kind="plan")
    category = forms.ChoiceField(
        label=_("category of problem"), choices=Category.choices, initial=Category.OTHER, required=False
    )


class ComplaintForm(PleaseChooseMixin, LevelFieldsMixin, ComplaintContentForm):
    """The complaint form 住户投诉意见表 (SPEC §4): reception's whole form."""

    VALIDITY = [("valid", _("Valid: about our management or service")), ("invalid", _("Not valid"))]

    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial=Channel.VISIT)
    submitted_at = forms.DateTimeField(
        label=_("submitted at"), required=False, widget=DateTimeTextInput(), validators=[PlausibleDate("event")],
        help_text=_("Letter, fax, suggestion box or online: when it reached the office."),
    )
    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.all(), required=False)
    unit_label = forms.CharField(
        label=_("unit"), max_length=30, required=False, help_text=_("Building and unit, e.g. 3-1202 or 3栋1202.")
    )
    validity = forms.ChoiceField(label=_("validity"), choices=VALIDITY, initial="valid", widget=forms.RadioSelect)
    invalid_reason = forms.CharField(
        label=_("reason not valid (and the answer given)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    level = level_field(required=False)
    major_criterion = criterion_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Issue 14: the estates, units, departments and residents of the estates the clerk works for.
        self.user = user
        narrow_choices(self, user=user)

    def clean(self):
        cleaned = super().clean()
        unit = self._resolve_unit(cleaned)
        cleaned["unit"] = unit
        cleaned["resident"] = self._resolve_resident(cleaned, unit)
        if unit is None and not cleaned.get("estate") and "estate" not in self.errors and "unit_label" not in self.errors:
            # Every complaint belongs to one estate's office, which handles and counts it.
            self.add_error("estate", _("Choose the estate (or give the unit)."))
        if not unit and not cleaned.get("complainant_name"):
            self.add_error("complainant_name", _("Give the unit or the complainant's name and phone."))
        if unit is None and cleaned.get("complainant_name") and not cleaned.get("complainant_phone"):
            self.add_error("complainant_phone", _("Give a phone number to reach the complainant."))
        self._check_submitted_at(cleaned)
        cleaned["is_valid"] = cleaned.get("validity") != "invalid"
        if cleaned["is_valid"] and not cleaned.get("level"):
            self.add_error("level", _("Grade a valid complaint: major, important or minor."))
        if not cleaned["is_valid"] and not (cleaned.get("invalid_reason") or "").strip():
            self.add_error("invalid_reason", _("Give the reason the complaint is not valid."))
        return cleaned

    def _check_submitted_at(self, cleaned):
        error = arrival_error(cleaned.get("channel"), cleaned.get("submitted_at"), timezone.now())
        if error:
            self.add_error("submitted_at", error)

    def _resolve_unit(self, cleaned):
        label = (cleaned.get("unit_label") or "").strip()
        if not label:
            return None
        building, number = parse_unit_label(label) or ("", "")
        units = scoped(Unit.objects.with_related(), self.user).filter(building__name=building, number=number)
        if cleaned.get("estate"):
            units = units.filter(building__estate=cleaned["estate"])
        found = list(units[:2])
        if len(found) != 1:
            self.add_error(
                "unit_label",
                _("No such unit.") if not found else _("Several estates have this unit: choose the estate."),
            )
            return None
        return found[0]

    def _resolve_resident(self, cleaned, unit):
        """Link a registered resident of the unit (matched by phone, or the only occupant by name)."""
        phone, name = cleaned.get("complainant_phone"), cleaned.get("complainant_name")
        if unit is None:
            return scoped(Resident.objects.filter(phone=phone), self.user).first() if phone else None
        occupants = Resident.objects.filter(
            pk__in=Occupancy.objects.current().filter(unit=unit).values("resident")
        )
        if phone:
            return occupants.filter(phone=phone).first()
        if name:
            return occupants.filter(name=name).first()
        return occupants.first()

    def to_input(self):
        data = self.cleaned_data
        return ComplaintInput(
            channel=data["channel"], description=data["description"], submitted_at=data.get("submitted_at"),
            complainant_name=data.get("complainant_name") or "", complainant_phone=data.get("complainant_phone") or "",
            resident=data.get("resident"), unit=data.get("unit"), estate=data.get("estate"),
            occurred_at=data.get("occurred_at"), occurred_place=data.get("occurred_place") or "",
            departments=list(data.get("departments") or []), complained_person=data.get("complained_person") or "",
            demand=data.get("demand") or "", requested_deadline=data.get("requested_deadline"),
            category=data.get("category") or "", is_valid=data["is_valid"],
            invalid_reason=data.get("invalid_reason") or "", level=data.get("level") or "",
            major_criterion=data.get("major_criterion") or "",
        )


class ReceptionEditForm(ComplaintContentForm):
    """Complete or correct the complaint form while it is still at reception (e.g. one that came in
    as a help request with only the matter typed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = True


def reception_initial(complaint):
    initial = {name: getattr(complaint, name) for name in ReceptionEditForm.base_fields if name != "departments"}
    return initial | {"departments": list(complaint.complained_departments.all())}


class GradeForm(LevelFieldsMixin, forms.Form):
    level = level_field()
    major_criterion = criterion_field()
    reason = forms.CharField(
        label=_("reason for a lower grade"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when lowering a grade (supervisor or above)."),
    )

    def __init__(self, *args, current="", **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self):
        cleaned = super().clean()
        if is_lower_grade(cleaned.get("level"), self.current) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the grade is lowered."))
        return cleaned


class InvalidForm(forms.Form):
    reason = forms.CharField(label=_("reason not valid (and the answer given)"), widget=forms.Textarea(attrs={"rows": 2}))


class DispatchForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("receiving department"), queryset=Department.objects.all(), empty_label=EMPTY_CHOICE[1]
    )


class ForwardForm(forms.Form):
    to = StaffChoiceField(label=_("forward to"), empty_label=EMPTY_CHOICE[1])

    def __init__(self, *args, level="", **kwargs):
        super().__init__(*args, **kwargs)
        role = forward_role(level)
        if role:
            self.fields["to"].queryset = staff(roles=[role])


class HandleForm(forms.Form):
    process = forms.CharField(label=_("handling process"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    result = forms.CharField(label=_("handling result"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("definite answer"), widget=forms.Textarea(attrs={"rows": 2}))


class InformForm(forms.Form):
    method = forms.ChoiceField(label=_("how informed"), choices=InformMethod.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("appeal"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectiveActionForm(forms.Form):
    """纠正与预防 (SPEC §4): cause, remedy, corrective action, verification."""

    cause = forms.CharField(label=_("cause"), widget=forms.Textarea(attrs={"rows": 2}))
    remedy = forms.CharField(label=_("remedy"), widget=forms.Textarea(attrs={"rows": 2}))
    corrective_action = forms.CharField(label=_("corrective action"), widget=forms.Textarea(attrs={"rows": 2}))
    verification = forms.CharField(label=_("verification"), widget=forms.Textarea(attrs={"rows": 2}))


def corrective_initial(complaint):
    return {name: getattr(complaint, name) for name in CorrectiveActionForm.base_fields}


class NudgeForm(forms.Form):
    note = forms.CharField(label=_("note to the people responsible"), max_length=300, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ExtensionRequestForm(forms.Form):
    new_due = _datetime_field(_("new due time"), required=True, kind="plan")
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
    )
    note = forms.CharField(label=_("decision note"), max_length=500, required=False)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ComplaintPolicy
        fields = ["working_days", "warning_lead_minutes"]

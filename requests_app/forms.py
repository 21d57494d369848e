"""Parse and validate input only: the views hand cleaned data to the services."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from complaints.choices import Category as ComplaintCategory
from complaints.forms import LevelFieldsMixin, criterion_field, level_field
from core.channels import Channel
from core.forms import (
    EMPTY_CHOICE,
    DateTimeTextInput,
    PeriodForm,
    PlausibleDate,
    PleaseChooseMixin,
    StaffChoiceField,
    date_field,
    datetime_field,
)
from core.people import staff
from core.roles import in_department
from requests_app.inputs import ComplaintDetails, HelpRequestInput
from requests_app.models import (
    DESK_CHANNELS,
    EMERGENCY_CHECKLIST,
    Category,
    EmergencyChoice,
    HelpRequest,
    InquiryKind,
    Responsibility,
    Vendor,
    Verdict,
)
from residents.models import Department, Estate, Occupancy, Resident, Unit


class PaidServiceMixin:
    def clean_paid(self, cleaned):
        if cleaned.get("paid_service") and not cleaned.get("fee"):
            self.add_error("fee", _("Enter the fee of the paid service."))
        if cleaned.get("fee") and not cleaned.get("paid_service"):
            self.add_error("paid_service", _("Tick “paid service” to charge a fee."))


class HelpRequestForm(PleaseChooseMixin, LevelFieldsMixin, PaidServiceMixin, forms.ModelForm):
    """The clerk's one-minute form: who, which category, which channel, the matter."""

    unit = forms.ModelChoiceField(Unit.objects.with_related(), required=False, widget=forms.HiddenInput)
    resident = forms.ModelChoiceField(Resident.objects.all(), required=False, widget=forms.HiddenInput)
    # Most requests come by phone (issue 11: a phone repair in four clicks).
    channel = forms.TypedChoiceField(
        label=pgettext_lazy("help request", "channel"), choices=[(c.value, c.label) for c in DESK_CHANNELS],
        widget=forms.RadioSelect, initial=Channel.PHONE,
    )
    # The seven categories in the SPEC's order, numbered: the number keys 1–7 pick one (static/js/desk.js).
    category = forms.ChoiceField(
        label=_("category"), widget=forms.RadioSelect,
        choices=[(value, format_lazy("{} {}", number, label)) for number, (value, label) in
                 enumerate(Category.choices, start=1)],
        help_text=_("Keys 1–7 choose the category."),
    )
    answer = forms.CharField(
        label=_("answer given at once"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Oral inquiry: the answer you gave. Never guess: ask the supervisor instead."),
    )
    serious = forms.BooleanField(label=_("serious: report to the supervisor now"), required=False)
    responsibility = forms.ChoiceField(
        label=_("responsibility"), choices=Responsibility.choices, initial=Responsibility.NORMAL, required=False
    )
    vendor = forms.ChoiceField(label=_("external party"), choices=[EMPTY_CHOICE, *Vendor.choices], required=False)
    # Category 投诉: the complaint form's own fields, carried over to the complaint (SPEC §4).
    level = level_field(required=False)
    major_criterion = criterion_field()
    complaint_category = forms.ChoiceField(
        label=_("category of problem"), choices=[EMPTY_CHOICE, *ComplaintCategory.choices], required=False
    )
    occurred_at = datetime_field(_("when it happened"), kind="event")
    occurred_place = forms.CharField(label=_("where it happened"), max_length=200, required=False)
    complained_departments = forms.ModelMultipleChoiceField(
        label=_("departments complained about"), queryset=Department.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    complained_person = forms.CharField(label=_("person complained about"), max_length=100, required=False)
    demand = forms.CharField(
        label=_("what the resident asks for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requested_deadline = datetime_field(_("resident's requested deadline"), kind="plan")

    class Meta:
        model = HelpRequest
        fields = [
            "unit", "resident", "estate", "caller_name", "caller_phone", "channel", "category", "matter",
            "department", "inquiry_kind", "answer", "patient_address", "patient_phone", "emergency_choice",
            "serious", "responsibility", "vendor", "paid_service", "fee",
        ]
        widgets = {"matter": forms.Textarea(attrs={"rows": 3, "data-enter-saves": ""})}
        help_texts = {"matter": _("Enter saves; Shift+Enter starts a new line.")}

    def clean(self):
        cleaned = super().clean()
        unit, resident = cleaned.get("unit"), cleaned.get("resident")
        if resident and not unit:
            units = list(Occupancy.objects.current().filter(resident=resident).select_related("unit__building__estate")[:2])
            if len(units) == 1:
                cleaned["unit"] = unit = units[0].unit
        if unit:
            cleaned["estate"] = unit.building.estate
        if not resident:
            for name in ("caller_name", "caller_phone"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Pick a registered resident or enter the caller's name and phone."))
        if not cleaned.get("estate") and "estate" not in self.errors:
            self.add_error("estate", _("Choose the estate (or pick a unit)."))
        category = cleaned.get("category")
        if category == Category.EMERGENCY:
            # SPEC §3: the patient's address and phone are recorded first, then the help chosen.
            for name in ("patient_address", "patient_phone", "emergency_choice"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Required for an emergency medical request."))
        if category == Category.REPAIR:
            cleaned["responsibility"] = cleaned.get("responsibility") or Responsibility.NORMAL
            if cleaned["responsibility"] == Responsibility.VENDOR and not cleaned.get("vendor"):
                self.add_error("vendor", _("Q repairs name the external party responsible."))
        if category == Category.INQUIRY and cleaned.get("inquiry_kind") == InquiryKind.WRITTEN and cleaned.get("answer"):
            self.add_error("answer", _("A written inquiry is answered by the supervisor in writing."))
        self.clean_paid(cleaned)
        return cleaned

    def to_input(self):
        data = self.cleaned_data
        category = data["category"]
        complaint = ComplaintDetails()
        if category == Category.COMPLAINT:
            complaint = ComplaintDetails(
                level=data.get("level") or "", major_criterion=data.get("major_criterion") or "",
                category=data.get("complaint_category") or "", occurred_at=data.get("occurred_at"),
                occurred_place=data.get("occurred_place") or "",
                departments=list(data.get("complained_departments") or []),
                complained_person=data.get("complained_person") or "", demand=data.get("demand") or "",
                requested_deadline=data.get("requested_deadline"),
            )
        repair = category == Category.REPAIR
        return HelpRequestInput(
            channel=data["channel"], category=category, matter=data["matter"], estate=data.get("estate"),
            unit=data.get("unit"), resident=data.get("resident"), caller_name=data.get("caller_name") or "",
            caller_phone=data.get("caller_phone") or "", department=data.get("department"),
            answer=data.get("answer") or "", inquiry_kind=data.get("inquiry_kind") or "",
            patient_address=data.get("patient_address") or "", patient_phone=data.get("patient_phone") or "",
            emergency_choice=data.get("emergency_choice") or "", serious=bool(data.get("serious")),
            paid_service=bool(data.get("paid_service")), fee=data.get("fee"),
            responsibility=(data.get("responsibility") or Responsibility.NORMAL) if repair else Responsibility.NORMAL,
            vendor=(data.get("vendor") or "") if repair else "", complaint=complaint,
        )


class ReferForm(forms.Form):
    note = forms.CharField(label=_("what the supervisor should know"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("reply to the resident"), widget=forms.Textarea(attrs={"rows": 2}))


class WrittenReplyForm(forms.Form):
    text = forms.CharField(label=_("written reply"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        Department.objects.select_related("estate"), label=_("handling department"), empty_label=EMPTY_CHOICE[1]
    )
    handler = StaffChoiceField(label=_("handler"), required=False, empty_label=EMPTY_CHOICE[1])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff()

    def clean(self):
        cleaned = super().clean()
        department, handler = cleaned.get("department"), cleaned.get("handler")
        if department and handler and not in_department(handler, department):
            self.add_error("handler", _("The handler works for another department."))
        return cleaned


class HandleForm(forms.Form):
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 2}))


class CompleteRepairForm(forms.Form):
    work_done = forms.CharField(label=_("work done"), widget=forms.Textarea(attrs={"rows": 2}))
    verdict = forms.ChoiceField(label=_("resident's verdict on the slip"), choices=Verdict.choices, widget=forms.RadioSelect)
    trial_run_days = forms.IntegerField(label=_("trial-run period (days)"), min_value=0, max_value=365)
    completed_at = forms.DateTimeField(
        label=_("completed at"), required=False, widget=DateTimeTextInput(), validators=[PlausibleDate("event")],
        help_text=_("Leave empty for now."),
    )

    def clean_completed_at(self):
        value = self.cleaned_data["completed_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(_("The completion time cannot be in the future."))
        return value


class CloseForm(forms.Form):
    note = forms.CharField(label=_("how the resident was told"), required=False)


class EmergencyForm(forms.Form):
    emergency_choice = forms.ChoiceField(label=_("help chosen"), choices=EmergencyChoice.choices, widget=forms.RadioSelect)
    checklist = forms.MultipleChoiceField(
        label=_("checklist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, label) for items in EMERGENCY_CHECKLIST.values() for key, label in items],
    )
    security_feedback = forms.CharField(label=_("security's feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    serious = forms.BooleanField(label=_("serious: report to the supervisor now"), required=False)


class PaidServiceForm(PaidServiceMixin, forms.Form):
    paid_service = forms.BooleanField(label=_("paid service"), required=False)
    fee = forms.DecimalField(label=_("fee (yuan)"), required=False, min_value=0, max_digits=10, decimal_places=2)

    def clean(self):
        cleaned = super().clean()
        self.clean_paid(cleaned)
        return cleaned


class DateRangeForm(forms.Form):
    """From–to dates for the register and the calls-and-visits log (default: this month so far)."""

    start = date_field(_("from"), required=True)
    end = date_field(_("to"), required=True)
    estate = forms.ModelChoiceField(Estate.objects.all(), label=_("estate"), required=False)

    @classmethod
    def from_query(cls, query):
        today = timezone.localdate()
        data = {"start": today.replace(day=1), "end": today, "estate": None}
        data.update({k: v for k, v in query.items() if k in data and v})
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class FiguresForm(PeriodForm):
    """The staff figures' period (month, half-year or year) and estate."""

    estate = forms.ModelChoiceField(Estate.objects.all(), label=_("estate"), required=False)


def checklist_initial(help_request):
    return [key for key, done in (help_request.emergency_checklist or {}).items() if done]


def emergency_initial(help_request):
    return {
        "emergency_choice": help_request.emergency_choice,
        "checklist": checklist_initial(help_request),
        "security_feedback": help_request.security_feedback,
        "serious": help_request.serious,
    }


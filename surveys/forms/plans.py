"""The plan's forms: parsing and validation only; the workflow runs in surveys.services.plans."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.estates import narrow_choices, only_estate, visible_estates, within_estate
from core.forms import EMPTY_CHOICE, PleaseChooseMixin, date_field
from core.people import display_name, staff
from core.roles import Role
from residents.models import Estate
from surveys.choices import PeriodKind, PlanStatus
from surveys.models import Questionnaire
from surveys.services.plans import PlanInput, window_message

# Who carries the survey out (人员安排): the front desk and the floor staff, their supervisor, the
# departments' heads and the manager.
SURVEY_STAFF_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.MANAGER})
HALVES = [(1, _("First half")), (2, _("Second half"))]


def _text(label, rows=3, **kwargs):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class PlanForm(PleaseChooseMixin, forms.Form):
    """SPEC §5's plan 活动计划: purpose, respondents, questionnaire, how many forms and where, dates, staff.
    New: one or several estates (one plan each). Editing a draft: its own estate, not shown."""

    title = forms.CharField(label=_("title"), max_length=100)
    estates = forms.ModelMultipleChoiceField(
        label=_("estates"), queryset=Estate.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Several estates: one plan per estate, each with its own forms and results."),
    )
    purpose = _text(_("purpose"))
    period_kind = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices, widget=forms.RadioSelect,
                                    initial=PeriodKind.ANNUAL)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("half-year"), choices=[EMPTY_CHOICE, *HALVES], coerce=int, required=False,
                                  empty_value=None)
    respondents = _text(_("respondents"), rows=2, initial=_("Households that have moved in"))
    questionnaire = forms.ModelChoiceField(label=_("questionnaire"), queryset=Questionnaire.objects.none())
    distribution = _text(_("how the forms are handed out and where"), rows=2, required=False,
                         help_text=_("E.g. handed to each household by the floor staff, collected at the front desk. "
                                     "The number of forms follows from the rule (shown on the plan)."))
    collection_starts = date_field(_("collection starts"), required=True, kind="plan")
    collection_ends = date_field(_("collection ends"), required=True, kind="plan",
                                 help_text=_("The forms are collected over 10 to 15 days, both ends counted."))
    staff = StaffMultipleChoiceField(label=_("staff"), queryset=get_user_model().objects.none(), required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text=_("Who hands out and collects the forms."))
    rectification_threshold = forms.DecimalField(
        label=_("rectify items whose unsatisfied share is above (%)"), min_value=0, max_value=100, max_digits=5,
        decimal_places=2, initial=0,
        help_text=_("0: every item with any 不满意 or 很不满意 answer gets a rectification."),
    )

    def __init__(self, *args, user, plan=None, **kwargs):
        if plan is not None:
            kwargs.setdefault("initial", initial_for(plan))
        super().__init__(*args, **kwargs)
        self.plan = plan
        questionnaires = Questionnaire.objects.filter(active=True)
        if plan is not None:
            questionnaires = Questionnaire.objects.filter(active=True) | Questionnaire.objects.filter(
                pk=plan.questionnaire_id)
        self.fields["questionnaire"].queryset = questionnaires.order_by("name")
        self.fields["staff"].queryset = staff(roles=SURVEY_STAFF_ROLES)
        self.fields["estates"].queryset = visible_estates(user).order_by("code")
        if plan is not None:
            del self.fields["estates"]
            self.fields["staff"].queryset = within_estate(self.fields["staff"].queryset, plan.estate_id)
        else:
            narrow_choices(self, user=user)
            self.fields["year"].initial = timezone.localdate().year
            own = only_estate(user)
            if own is not None:
                self.fields["estates"].initial = [own.pk]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("collection_starts"), cleaned.get("collection_ends")
        if starts and ends:
            problem = window_message(starts, ends)
            if problem:
                self.add_error("collection_ends", problem)
        if cleaned.get("period_kind") == PeriodKind.HALF_YEAR and not cleaned.get("half"):
            self.add_error("half", _("Say which half of the year the survey is for."))
        return cleaned

    def to_input(self):
        data = self.cleaned_data
        return PlanInput(
            title=data["title"], purpose=data["purpose"], period_kind=data["period_kind"], year=data["year"],
            half=data.get("half") if data["period_kind"] == PeriodKind.HALF_YEAR else None,
            respondents=data["respondents"], questionnaire=data["questionnaire"], distribution=data["distribution"],
            collection_starts=data["collection_starts"], collection_ends=data["collection_ends"],
            staff=tuple(data["staff"]), rectification_threshold=data["rectification_threshold"] / Decimal(100),
        )


def initial_for(plan):
    return {
        "title": plan.title, "purpose": plan.purpose, "period_kind": plan.period_kind, "year": plan.year,
        "half": plan.half, "respondents": plan.respondents, "questionnaire": plan.questionnaire_id,
        "distribution": plan.distribution, "collection_starts": plan.collection_starts,
        "collection_ends": plan.collection_ends, "staff": list(plan.staff.values_list("pk", flat=True)),
        "rectification_threshold": (plan.rectification_threshold * 100).normalize(),
    }


class NoteForm(forms.Form):
    """A step of the approval chain: the button, with an optional remark for the timeline."""

    note = _text(_("remark"), rows=2, required=False)


class SendBackForm(forms.Form):
    reason = _text(_("reason"), rows=2, help_text=_("Customer service sees it on the plan and revises the draft."))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the plan is sent back."))
        return reason


class CloseForm(forms.Form):
    note = _text(_("remark"), rows=2, required=False,
                 help_text=_("Items rated unsatisfied above the plan's threshold get their rectification."))


class PlanFilterForm(PleaseChooseMixin, forms.Form):
    """The plan list's filter (GET); junk in it is a form error, never a 500."""

    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.none(), required=False)
    status = forms.ChoiceField(label=_("status"), choices=[EMPTY_CHOICE, *PlanStatus.choices], required=False)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = visible_estates(user).order_by("code")

    def filter(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data.get("estate"):
            rows = rows.filter(estate=data["estate"])
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("year"):
            rows = rows.filter(year=data["year"])
        return rows

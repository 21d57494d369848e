"""Report forms: parse and check input only; the services do the work."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import EMPTY_CHOICE, PeriodForm, StaffChoiceField, date_field
from core.people import staff
from reports.models import ReportStatus
from residents.models import Department, Estate

TEXTAREA = {"rows": 3}


class OpenReportForm(PeriodForm):
    """Start the report of an estate and a period that has ended."""

    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.order_by("code"),
                                    empty_label=EMPTY_CHOICE[1])


class ReportFilterForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.order_by("code"), required=False,
                                    empty_label=_("All estates"))
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All")), *ReportStatus.choices], required=False)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)


class AnalysisForm(forms.Form):
    causes = forms.CharField(label=_("main causes"), widget=forms.Textarea(attrs=TEXTAREA), required=False)
    recurring_analysis = forms.CharField(label=_("recurring problems"), widget=forms.Textarea(attrs=TEXTAREA),
                                         required=False)
    departments_concerned = forms.CharField(label=_("departments concerned"), widget=forms.Textarea(attrs=TEXTAREA),
                                            required=False)
    suggestions = forms.CharField(label=_("suggestions"), widget=forms.Textarea(attrs=TEXTAREA), required=False)


def analysis_initial(report):
    return {name: getattr(report, name) for name in AnalysisForm.base_fields}


class ActionItemForm(forms.Form):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(),
                                        empty_label=EMPTY_CHOICE[1])
    problem = forms.CharField(label=_("recurring problem"), max_length=200)
    action = forms.CharField(label=_("action to take"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = StaffChoiceField(label=pgettext_lazy("action item", "owner"), empty_label=EMPTY_CHOICE[1])
    due_date = date_field(_("due date"), required=True, kind="plan")

    def __init__(self, *args, estate=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The estate's own departments and the company-wide ones.
        departments = Department.objects.all()
        if estate is not None:
            departments = departments.filter(Q(estate=estate) | Q(estate__isnull=True))
        self.fields["department"].queryset = departments.order_by("name")
        self.fields["owner"].queryset = staff()


def action_item_kwargs(report):
    return {"estate": report.estate}


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("what to revise"), widget=forms.Textarea(attrs={"rows": 2}))


NUMBER_SPLIT = re.compile(r"[\s,，、;；]+")


class HandoverForm(forms.Form):
    missing = forms.CharField(
        label=_("numbers missing"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The complaint numbers whose forms are not in the bundle, separated by spaces or commas."),
    )
    missing_note = forms.CharField(label=_("why they are missing"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def clean_missing(self):
        return [number.upper() for number in NUMBER_SPLIT.split(self.cleaned_data["missing"].strip()) if number]


def handover_initial(report):
    """Proposed: the forms not yet returned to the service centre (still with a department)."""
    from reports.selectors import forms_not_returned

    return {"missing": " ".join(forms_not_returned(report))}


class ItemResultForm(forms.Form):
    result = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 2}))


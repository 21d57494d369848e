"""The rectification step forms (surveys.workflows.rectification): parse and validate input only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PleaseChooseMixin, date_field
from residents.models import Department


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What has been done so far, and what is still to do."))


class PlanForm(PleaseChooseMixin, forms.Form):
    """The supervisor's plan: the corrective measure, the department responsible and the deadline. The
    departments offered are the record's estate's and the company-wide ones (core.workflow_views)."""

    measure = forms.CharField(label=_("corrective measure"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.all())
    due_on = date_field(_("to be rectified by"), required=True, kind="plan")


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The units that rated this item unsatisfied are then called back."))

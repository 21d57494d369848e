"""The statistics pages' filter: a period (core.forms.PeriodForm) and, optionally, one estate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PeriodForm
from residents.models import Estate


class StatisticsForm(PeriodForm):
    estate = forms.ModelChoiceField(
        label=_("estate"), queryset=Estate.objects.order_by("code"), required=False, empty_label=_("All estates")
    )

    def scope(self, today=None):
        """(period, estate or None); (None, None) when the input is invalid."""
        period = self.period(today)
        if period is None:
            return None, None
        return period, self.cleaned_data.get("estate")

"""The list filters of rectifications, owners' forums and suggestion slips (django-filter), their choices
narrowed to the estates the user works for (core.filters.ScopedFilterSet)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from core.forms import EMPTY_CHOICE
from residents.models import Department, Estate
from surveys.choices import RectificationStatus, SlipStatus
from surveys.models import OwnersForum, Rectification, SuggestionSlip, SurveyPlan


class BootstrapFilterSet(ScopedFilterSet):
    """Widgets carry Bootstrap's classes, so the filter renders without crispy's templates."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form


def _estate_filter():
    return django_filters.ModelChoiceFilter(queryset=Estate.objects.all(), label=_("estate"),
                                            empty_label=EMPTY_CHOICE[1])


class RectificationFilter(BootstrapFilterSet):
    """Issue 12: by survey, department and status."""

    plan = django_filters.ModelChoiceFilter(queryset=SurveyPlan.objects.all(), label=_("survey"),
                                            empty_label=EMPTY_CHOICE[1])
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("department"),
                                                  empty_label=EMPTY_CHOICE[1])
    status = django_filters.ChoiceFilter(choices=RectificationStatus.choices, label=_("status"),
                                         empty_label=EMPTY_CHOICE[1])
    estate = _estate_filter()

    class Meta:
        model = Rectification
        fields = ["plan", "department", "status", "estate"]


class SlipFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("number, unit, name or text"))
    status = django_filters.ChoiceFilter(choices=SlipStatus.choices, label=_("status"), empty_label=EMPTY_CHOICE[1])
    estate = _estate_filter()
    found_after = django_filters.DateFilter(field_name="found_on", lookup_expr="gte", label=_("taken out from"),
                                            widget=forms.DateInput(attrs={"placeholder": "2026-11-01"}))
    found_before = django_filters.DateFilter(field_name="found_on", lookup_expr="lte", label=_("taken out until"),
                                             widget=forms.DateInput(attrs={"placeholder": "2026-11-30"}))

    class Meta:
        model = SuggestionSlip
        fields = ["q", "status", "estate", "found_after", "found_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value) | Q(unit__number__icontains=value) | Q(name__icontains=value)
            | Q(content__icontains=value)
        )


class ForumFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(method="search", label=_("theme or minutes"))
    estate = _estate_filter()

    class Meta:
        model = OwnersForum
        fields = ["q", "estate"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(theme__icontains=value) | Q(minutes__icontains=value))

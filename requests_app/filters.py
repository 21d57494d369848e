import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.channels import Channel
from core.filters import ScopedFilterSet, StaffFilter
from requests_app.models import Category, HelpRequest, Status
from residents.models import Department, Estate


class HelpRequestFilter(ScopedFilterSet):
    received = django_filters.DateFromToRangeFilter(
        field_name="received_at",
        label=_("received between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"placeholder": "2026-11-23", "autocomplete": "off"}),
        method="filter_received",
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=pgettext_lazy("help request", "channel"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("handling department"))
    estate = django_filters.ModelChoiceFilter(queryset=Estate.objects.all(), label=_("estate"))
    received_by = StaffFilter(
        queryset=get_user_model().objects.filter(help_requests_received__isnull=False).distinct()
        .order_by("last_name", "first_name"),
        label=_("receptionist"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("overdue only"), widget=forms.CheckboxInput
    )
    number = django_filters.CharFilter(lookup_expr="icontains", label=_("number"))

    class Meta:
        model = HelpRequest
        fields = ["number", "received", "category", "channel", "status", "department", "estate", "received_by", "overdue"]

    def filter_received(self, queryset, name, value):
        # Dates are local calendar days, both ends included.
        return queryset.received_between(value.start and value.start.date(), value.stop and value.stop.date())

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.now()) if value else queryset

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.choices import Level, Status
from complaints.models import Complaint
from core.filters import ScopedFilterSet
from residents.models import Department, Estate


class BoardFilter(ScopedFilterSet):
    estate = django_filters.ModelChoiceFilter(queryset=Estate.objects.all(), label=_("estate"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("department"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("level"))

    class Meta:
        model = Complaint
        fields = ["estate", "department", "level"]


class ComplaintFilter(BoardFilter):
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    q = django_filters.CharFilter(method="search", label=_("number, name or unit"))

    class Meta:
        model = Complaint
        fields = ["q", "status", "estate", "department", "level"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value) | Q(complainant_name__icontains=value) | Q(unit__number__icontains=value)
        )

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from residents.models import Building, Estate, Resident, ResidentAccessLog, Unit


class UnitFilter(ScopedFilterSet):
    estate = django_filters.ModelChoiceFilter(
        field_name="building__estate", queryset=Estate.objects.all(), label=_("estate")
    )
    building = django_filters.ModelChoiceFilter(queryset=Building.objects.select_related("estate"), label=_("building"))
    number = django_filters.CharFilter(lookup_expr="istartswith", label=_("unit number"))

    class Meta:
        model = Unit
        fields = ["estate", "building", "number", "occupancy"]


class ResidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name or phone"))

    class Meta:
        model = Resident
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(phone__contains=value) | Q(phone2__contains=value))


class AccessLogFilter(ScopedFilterSet):
    """The access log of one resident (?resident=<pk>); an unknown resident is a form error."""

    resident = django_filters.ModelChoiceFilter(queryset=Resident.objects.all(), label=_("resident"))

    class Meta:
        model = ResidentAccessLog
        fields = ["resident"]

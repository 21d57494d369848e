"""Filter pieces every list shares."""

import django_filters
from django.core.exceptions import ImproperlyConfigured

from core.estates import narrow_choices
from core.forms import StaffChoiceField


class StaffFilter(django_filters.ModelChoiceFilter):
    """Filter by a member of staff, shown by Chinese full name (never the login)."""

    field_class = StaffChoiceField


class ScopedFilterSet(django_filters.FilterSet):
    """A list filter whose choices (estates, departments, units, staff) are those of the estates the
    user works for (issue 14): another office's names are never offered, and a tampered id is an
    invalid choice. Built with `request=`, which the rows' own selector has already scoped."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            if self.request is None:
                raise ImproperlyConfigured(f"{type(self).__name__} needs request= to narrow its choices")
            narrow_choices(super().form, user=self.request.user)
        return super().form

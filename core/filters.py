"""Filter pieces every list shares."""

import django_filters

from core.forms import StaffChoiceField


class StaffFilter(django_filters.ModelChoiceFilter):
    """Filter by a member of staff, shown by Chinese full name (never the login)."""

    field_class = StaffChoiceField

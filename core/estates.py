"""Estate scoping (issue 14): one company runs several estates, each with its own office (管理处).

A clerk, department head, supervisor or manager works for the estates of their posting
(residents.StaffPosting) and sees and acts on those estates' records only: the registry, help
requests, complaints, callbacks, reports, surveys, exports and the admin. The general manager, the
vice general manager and quality (OVERSIGHT_ROLES) and superusers see every estate.

Every app scopes through this module, so the rule lives here once: a queryset is narrowed with
`scoped(rows, user, path)`, where `path` leads from the row to its estate.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.http import Http404

from core.roles import OVERSIGHT_ROLES, has_role

_UNREAD = object()


def estates_of(user):
    """The pks of the estates `user` works for (a frozenset), or None for every estate. Read once per
    user object, so a page of rows costs one query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser or has_role(user, OVERSIGHT_ROLES):
        return None
    cached = getattr(user, "_estate_cache", _UNREAD)
    if cached is _UNREAD:
        from residents.models import StaffPosting

        rows = list(StaffPosting.objects.filter(user=user).values_list("all_estates", "estates"))
        if any(every for every, _estate in rows):
            cached = None
        else:
            cached = frozenset(estate for _every, estate in rows if estate is not None)
        user._estate_cache = cached
    return cached


def sees_every_estate(user):
    return estates_of(user) is None


# How a registry row reaches its estate. A record (help request, complaint, callback, report, survey)
# has an `estate` of its own; one that reaches it through another record says so in `ESTATE_PATH`.
PATHS = {
    "residents.estate": "pk",
    "residents.building": "estate",
    "residents.unit": "building__estate",
    "residents.occupancy": "unit__building__estate",
}


def _condition(model, estates, path=None):
    """A Q keeping the rows of `model` that belong to one of `estates` (pks), or None when the model
    belongs to no estate (its choices are never narrowed)."""
    label = model._meta.label_lower
    if path is not None:
        return Q(**{f"{path}__in": estates})
    if label == "residents.department":
        # A company-wide department (no estate) serves every office.
        return Q(estate__in=estates) | Q(estate__isnull=True)
    if label == "residents.resident":
        from residents.models import Occupancy

        # A resident is an office's through a unit they live in or lived in; one registered but not
        # yet moved in belongs to no office yet, so any office may place them.
        occupancies = Occupancy.objects.values("resident")
        return Q(pk__in=occupancies.filter(unit__building__estate__in=estates)) | ~Q(pk__in=occupancies)
    if model is get_user_model():
        return _staff_condition(estates)
    path = getattr(model, "ESTATE_PATH", None) or PATHS.get(label)
    if path:
        return Q(**{f"{path}__in": estates})
    if any(field.name == "estate" for field in model._meta.get_fields()):
        return Q(estate__in=estates)
    return None


def _staff_condition(estates):
    from residents.models import StaffPosting

    postings = StaffPosting.objects.filter(Q(all_estates=True) | Q(estates__in=estates)).values("user")
    oversight = get_user_model().objects.filter(groups__name__in=[str(role) for role in OVERSIGHT_ROLES])
    return Q(is_superuser=True) | Q(pk__in=postings) | Q(pk__in=oversight.values("pk"))


def scoped(queryset, user, path=None):
    """The rows of `queryset` that belong to the estates `user` works for; `path` leads from the row
    to its estate when the model's own way (PATHS, `estate`) is not the one wanted."""
    estates = estates_of(user)
    if estates is None:
        return queryset
    condition = _condition(queryset.model, estates, path)
    return queryset if condition is None else queryset.filter(condition)


def scoped_strictly(queryset, user):
    """`scoped`, for a model that must belong to estates: one with no known way to its estate is a
    programming error, never an unscoped list (the admin)."""
    estates = estates_of(user)
    if estates is None:
        return queryset
    condition = _condition(queryset.model, estates)
    if condition is None:
        raise ImproperlyConfigured(f"{queryset.model._meta.label} has no way to its estate (ESTATE_PATH)")
    return queryset.filter(condition)


def within_estate(queryset, estate):
    """The rows of `queryset` that belong to `estate` (an Estate or a pk): the departments a record
    of that estate can go to, the staff who can take it."""
    pk = getattr(estate, "pk", estate)
    if pk is None:
        return queryset
    condition = _condition(queryset.model, [pk])
    return queryset if condition is None else queryset.filter(condition)


def visible_estates(user):
    """The estates the user may pick in a form or a filter."""
    from residents.models import Estate

    return scoped(Estate.objects.all(), user)


def narrow_choices(form, *, user=None, estate=None):
    """Narrow every model choice of `form` (estates, units, departments, residents, staff) to what
    `user` works for, or to the one `estate` of the record a step form acts on; a tampered id from
    another office is then an ordinary "not one of the choices" error next to the field."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        field.queryset = scoped(queryset, user) if user is not None else within_estate(queryset, estate)
    return form


def works_in(user, estate):
    """Does the user work for `estate` (an Estate, a pk or None)? A record without an estate belongs
    to no office, so only those who see every estate work on it."""
    estates = estates_of(user)
    if estates is None:
        return True
    pk = getattr(estate, "pk", estate)
    return pk is not None and pk in estates


def require_estate(user, estate):
    """Raise Http404 unless the user works for `estate`: another office's record does not exist for them."""
    if not works_in(user, estate):
        raise Http404


def only_estate(user):
    """The one estate the user works for, or None (several, or every estate): a form's sensible default."""
    estates = estates_of(user)
    if estates is None or len(estates) != 1:
        return None
    return visible_estates(user).first()


def staff_of(users, estate):
    """Narrow a user queryset to those who work for `estate`: its posted staff, head-office staff and
    the oversight roles. Used for notifications, so that one office's news never reaches another's."""
    if estate is None:
        return users.filter(_staff_condition([]))
    return within_estate(users, estate)

"""The office's roles (SPEC §1) and the one way every app checks them.

A role is a Django group; a user may hold several. Superusers hold every role.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Front-desk clerk")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    VICE_GENERAL_MANAGER = "vice_general_manager", _("Vice general manager")
    GENERAL_MANAGER = "general_manager", _("General manager")
    QUALITY = "quality", _("Quality department")


ALL_ROLES = frozenset(Role)
# SPEC §2 (seed 001 业主档案管理): only customer-service staff and department heads or above
# may see residents' personal details; everyone else sees them masked.
PRIVACY_ROLES = frozenset(
    {Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.VICE_GENERAL_MANAGER, Role.GENERAL_MANAGER}
)
# SPEC §2: bulk export of resident data is limited to managers.
MANAGEMENT_ROLES = frozenset({Role.MANAGER, Role.GENERAL_MANAGER})
# Customer service: the front desk and its supervisor.
CUSTOMER_SERVICE_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR})
SUPERVISION_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.GENERAL_MANAGER})
# The front desk and those above it: who logs and takes records forward.
DESK_ROLES = frozenset({Role.CLERK}) | SUPERVISION_ROLES
# SPEC §1: the general manager, vice general manager and quality work across all estates and read
# every record; they do not take the office's daily steps.
OVERSIGHT_ROLES = frozenset({Role.GENERAL_MANAGER, Role.VICE_GENERAL_MANAGER, Role.QUALITY})


def roles_of(user):
    """The set of roles a user holds, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL_ROLES
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._role_cache = cached
    return cached


def has_role(user, *roles):
    wanted = set()
    for role in roles:
        wanted |= set(role) if isinstance(role, frozenset | set | tuple | list) else {role}
    return bool(roles_of(user) & wanted)


def role_set(name):
    """A role set of this module by its name ("DESK_ROLES"), for templates: one place says who may."""
    value = globals().get(name) if name.endswith("_ROLES") else None
    if not isinstance(value, frozenset):
        raise ValueError(f"No role set named {name!r} in core.roles")
    return value


def in_department(user, department):
    """The department's head or one of its members: who may act for it. The membership is read once
    per user and kept on the user object, so a page of buttons runs one query."""
    if department is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or department.head_id == user.pk:
        return True
    cached = getattr(user, "_department_cache", None)
    if cached is None:
        cached = frozenset(user.departments.values_list("pk", flat=True))
        user._department_cache = cached
    return department.pk in cached


def require_role(user, *roles):
    """Return None if the user holds one of the roles, else raise PermissionDenied (403)."""
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles):
    """Decorator for function views."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    """Class-based views: set `roles`; the check runs on the server before anything else."""

    roles = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, *self.get_roles())
        return super().dispatch(request, *args, **kwargs)

    def get_roles(self):
        return self.roles


def users_with_role(*roles, estate=None):
    """Active users holding any of the roles (for notifications) who work for `estate` (core.estates):
    a record's news goes to its own office's staff and to those who oversee every estate."""
    from django.contrib.auth import get_user_model

    from core.estates import staff_of

    names = set()
    for role in roles:
        names |= {str(r) for r in role} if isinstance(role, frozenset | set | tuple | list) else {str(role)}
    return staff_of(get_user_model().objects.filter(is_active=True, groups__name__in=names), estate)

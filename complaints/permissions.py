"""Who may do what to a complaint (SPEC §1), checked on the server by views and services alike."""

from django.core.exceptions import PermissionDenied

from complaints.choices import Level
from complaints.deadlines import extension_approver
from core.roles import CUSTOMER_SERVICE_ROLES, MANAGEMENT_ROLES, SUPERVISION_ROLES, Role, has_role

# Front desk and its supervisor: reception, grading, dispatch, forwarding, telling the resident, appeals.
RECEPTION_ROLES = CUSTOMER_SERVICE_ROLES
# Seed 000 §4.8: the supervisor arranges the callback; managers may record it too.
CALLBACK_ROLES = frozenset({Role.SUPERVISOR}) | MANAGEMENT_ROLES
# Major answers and corrective action are the supervisor's, manager's and general manager's (SPEC §1).
MANAGEMENT_STEP_ROLES = SUPERVISION_ROLES
BOARD_ROLES = SUPERVISION_ROLES
POLICY_ROLES = MANAGEMENT_ROLES
# SPEC §4: statistics go to the manager; the quality department keeps the forms.
STATISTICS_ROLES = SUPERVISION_ROLES | {Role.QUALITY}
LIST_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES | {Role.DEPARTMENT_HEAD, Role.QUALITY}


def in_department(user, department):
    """The department's head or one of its members (the department staff who act on a complaint)."""
    if department is None or not user.is_authenticated:
        return False
    if user.is_superuser or department.head_id == user.pk:
        return True
    return department.members.filter(pk=user.pk).exists()


def can_act_for_department(user, complaint):
    return in_department(user, complaint.department)


def can_decide_extension(user, complaint):
    role = extension_approver(complaint.level)
    return role is not None and has_role(user, role)


def action_allowed(user, complaint, action):
    """Role check for one workflow action on this complaint."""
    if action in {"dispatch", "mark_invalid", "inform", "appeal", "grade", "forward"}:
        return has_role(user, RECEPTION_ROLES)
    if action in {"sign", "handle", "request_extension"}:
        return can_act_for_department(user, complaint)
    if action == "callback":
        return has_role(user, CALLBACK_ROLES)
    if action in {"answer", "corrective_action"}:
        return has_role(user, MANAGEMENT_STEP_ROLES) or (
            action == "corrective_action" and can_act_for_department(user, complaint)
        )
    if action == "decide_extension":
        return can_decide_extension(user, complaint)
    return False


def require_action(user, complaint, action):
    if not action_allowed(user, complaint, action):
        raise PermissionDenied


def forward_role(level):
    """SPEC §4: important complaints go to the manager, major ones to the general manager."""
    return {Level.IMPORTANT: Role.MANAGER, Level.MAJOR: Role.GENERAL_MANAGER}.get(level)

"""Who may do what with help requests (SPEC §1); no model imports, so apps.py can use it."""

from core.roles import DESK_ROLES, SUPERVISION_ROLES, Role

__all__ = ["DESK_ROLES", "FIGURES_ROLES", "HANDLE_DEPARTMENT_ROLES", "REGISTER_ROLES", "SIGN_OFF_ROLES"]

# Department heads record the handling of what was routed to their own department.
HANDLE_DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD})
# SPEC §3: the supervisor (公共事务部主管) signs the register and answers written inquiries.
SIGN_OFF_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER})
# The front desk keeps the register and the log; supervision and quality read them.
REGISTER_ROLES = frozenset({Role.CLERK, Role.QUALITY}) | SUPERVISION_ROLES
# Per-staff figures feed performance reviews: supervision only.
FIGURES_ROLES = SUPERVISION_ROLES

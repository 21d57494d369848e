"""Who may do what with the complaint reports (SPEC §1, seed 000 §4.8). No model imports."""

from core.roles import OVERSIGHT_ROLES, SUPERVISION_ROLES, Role

# Seed 000 §4.8: the supervisor counts and analyses the month's complaints and hands the forms over.
WRITE_ROLES = frozenset({Role.SUPERVISOR})
# ... and submits the result to the manager, who reads it and acknowledges it (or returns it).
REVIEW_ROLES = frozenset({Role.MANAGER})
# The quality department receives the forms and keeps them.
RECEIVE_ROLES = frozenset({Role.QUALITY})
# Supervision reads its estate's reports; the general manager, vice general manager and quality read
# every estate's, side by side.
READ_ROLES = SUPERVISION_ROLES | OVERSIGHT_ROLES
# An action item is also read by the department it is for.
ITEM_READ_ROLES = READ_ROLES | {Role.DEPARTMENT_HEAD}

"""Who may do what with complaints (SPEC §1): the role sets the views and the workflow declaration use.
No model imports, so apps.py can read them."""

from callbacks.permissions import RECORD_ROLES
from complaints.choices import Level
from core.roles import CUSTOMER_SERVICE_ROLES, MANAGEMENT_ROLES, OVERSIGHT_ROLES, SUPERVISION_ROLES, Role

# Front desk and its supervisor: reception, grading, dispatch, forwarding, telling the resident, appeals.
RECEPTION_ROLES = CUSTOMER_SERVICE_ROLES
# Seed 000 §4.8: the callback is made by customer service (the callbacks app); whoever records it there
# takes the complaint's callback step.
CALLBACK_ROLES = RECORD_ROLES
# Major answers and corrective action are the supervisor's, manager's and general manager's (SPEC §1).
MANAGEMENT_STEP_ROLES = SUPERVISION_ROLES
BOARD_ROLES = SUPERVISION_ROLES
POLICY_ROLES = MANAGEMENT_ROLES
# SPEC §4: statistics go to the manager; the quality department keeps the forms; the general and vice
# general managers read across estates.
STATISTICS_ROLES = SUPERVISION_ROLES | OVERSIGHT_ROLES
LIST_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES | OVERSIGHT_ROLES | {Role.DEPARTMENT_HEAD}


def forward_role(level):
    """SPEC §4: important complaints go to the manager, major ones to the general manager."""
    return {Level.IMPORTANT: Role.MANAGER, Level.MAJOR: Role.GENERAL_MANAGER}.get(level)

"""Who may do what with surveys (SPEC §1, §5), named once; the workflows and views read these sets."""

from core.roles import (
    CUSTOMER_SERVICE_ROLES,
    OVERSIGHT_ROLES,
    SUPERVISION_ROLES,
    Role,
)

# SPEC §5: customer service organises the survey and drafts the plan.
DRAFT_ROLES = CUSTOMER_SERVICE_ROLES
# SPEC §5 approval chain: confirmed by the department manager (the estate's manager), reviewed by the
# vice general manager, approved by the general manager.
CONFIRM_ROLES = frozenset({Role.MANAGER})
REVIEW_ROLES = frozenset({Role.VICE_GENERAL_MANAGER})
APPROVE_ROLES = frozenset({Role.GENERAL_MANAGER})
# Paper forms returned are entered by the front desk.
ENTRY_ROLES = CUSTOMER_SERVICE_ROLES
# Everyone who reads plans, results and rectification (department heads: their own department's).
READ_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES | OVERSIGHT_ROLES | {Role.DEPARTMENT_HEAD}

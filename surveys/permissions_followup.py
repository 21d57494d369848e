"""Who may do what with rectifications, owners' forums and suggestion slips (SPEC §1, §5); no model
imports, so hooks and workflow declarations can read them."""

from core.roles import (
    ALL_ROLES,
    CUSTOMER_SERVICE_ROLES,
    OVERSIGHT_ROLES,
    SUPERVISION_ROLES,
    Role,
)
from surveys.permissions import READ_ROLES

# ---- rectification 整改措施 ---------------------------------------------------------------------------
# Everyone who reads survey results; a department head only the rectifications of a department he heads or
# belongs to (surveys.selectors.followup.rectification_list).
RECTIFICATION_READ_ROLES = READ_ROLES
# Seed 002 意见征询制度 3: the office head proposes the rectification and gives the department its limit;
# issue 12: the supervisor sets it. So the supervisor and the office manager set the measure, the
# department and the deadline.
RECTIFICATION_PLAN_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER})
# Seed 002 意见征询制度 6: the progress is checked and recorded (整改措施落实情况记录) — by the department's
# own people (any role, for their department only) and by the supervisor and manager who check it.
PROGRESS_ROLES = RECTIFICATION_PLAN_ROLES
PROGRESS_DEPARTMENT_ROLES = ALL_ROLES
# The department head reports the rectification done (what was done), for his own department.
COMPLETE_DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD})

# ---- owners' forums 业主座谈会 ------------------------------------------------------------------------
# Seed 002 §4.1.2 c/d: the estate holds forums and fills in the record: customer service and supervision
# write; everyone who reads surveys reads them.
FORUM_WRITE_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES
FORUM_READ_ROLES = READ_ROLES

# ---- the suggestion box 意见箱 -------------------------------------------------------------------------
# Seed 002 意见征询制度 7 / 回访制度 (4): the front desk opens the box daily, enters and sorts the slips and
# calls back the suggestions (the supervisor too).
SLIP_ENTRY_ROLES = CUSTOMER_SERVICE_ROLES
SLIP_SORT_ROLES = CUSTOMER_SERVICE_ROLES
# The slips carry a resident's name and phone (shown masked to roles that may not see them, SPEC §2).
SLIP_READ_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES | OVERSIGHT_ROLES

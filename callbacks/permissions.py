"""Who may do what with callbacks (SPEC §1, §6); no model imports, so apps.py and other apps' declarations
can read them.

Seed 000 §4.8 and seed 002 回访制度: customer service (the clerks 事务员 and their supervisor) make the
callbacks; the office manager may make one too. Department heads read the callbacks of their own
department's work; the quality department reads the figures.
"""

from core.roles import CUSTOMER_SERVICE_ROLES, OVERSIGHT_ROLES, SUPERVISION_ROLES, Role

# Make and record a callback, give a promised answer, flag a problem for the regular meeting.
RECORD_ROLES = CUSTOMER_SERVICE_ROLES | {Role.MANAGER}
# Issue 13: after three failed tries a callback goes to the supervisor; the supervisor also hands
# callbacks to a clerk and records what the regular meeting decided.
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER})
# The queue, the callback pages, a unit's callbacks and the meeting list: customer service, managers
# (who see everything) and department heads (their own department's work only, see visible_to).
QUEUE_ROLES = RECORD_ROLES | SUPERVISION_ROLES | {Role.VICE_GENERAL_MANAGER, Role.DEPARTMENT_HEAD}
# The figures and their workbook: supervision, the oversight roles (quality keeps the statistics).
FIGURES_ROLES = SUPERVISION_ROLES | OVERSIGHT_ROLES

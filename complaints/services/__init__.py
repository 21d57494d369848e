"""Every write to a complaint: one function per step, each in one transaction through the declared
workflow (complaints.workflow), each leaving a timeline entry.

Split by stage; import from here (`complaints.services.register_complaint` is the contract the help
requests app calls)."""

from complaints.services.extensions import decide_extension, request_extension
from complaints.services.handling import (
    appeal_complaint,
    closing_blockers,
    inform_resident,
    record_answer,
    record_callback,
    record_corrective_action,
    record_handling,
    sign_for_complaint,
)
from complaints.services.monitoring import (
    add_note,
    escalate_complaint,
    escalate_due_complaints,
    nudge_complaint,
    update_policy,
    warn_due_complaints,
)
from complaints.services.reception import (
    NUMBER_PREFIX,
    dispatch_complaint,
    edit_reception,
    forward_complaint,
    grade_complaint,
    mark_invalid,
    register_complaint,
)

__all__ = [
    "NUMBER_PREFIX",
    "add_note",
    "appeal_complaint",
    "closing_blockers",
    "decide_extension",
    "dispatch_complaint",
    "edit_reception",
    "escalate_complaint",
    "escalate_due_complaints",
    "forward_complaint",
    "grade_complaint",
    "inform_resident",
    "mark_invalid",
    "nudge_complaint",
    "record_answer",
    "record_callback",
    "record_corrective_action",
    "record_handling",
    "register_complaint",
    "request_extension",
    "sign_for_complaint",
    "update_policy",
    "warn_due_complaints",
]

"""Every write to a callback: one function per step, each in one transaction through the declared workflow
(callbacks.workflow), each leaving a timeline entry on the callback and on its source.

`schedule_callback` is the contract every source calls (repairs, complaints, and the surveys app's
rectifications and suggestion slips)."""

from callbacks.services.office import (
    assign_callback,
    default_trial_run_days,
    flag_for_meeting,
    hand_back,
    record_meeting_outcome,
    update_policy,
    warn_due_callbacks,
)
from callbacks.services.recording import close_unreachable, record_answer, record_callback
from callbacks.services.scheduling import NUMBER_PREFIX, schedule_callback

__all__ = [
    "NUMBER_PREFIX",
    "assign_callback",
    "close_unreachable",
    "default_trial_run_days",
    "flag_for_meeting",
    "hand_back",
    "record_answer",
    "record_callback",
    "record_meeting_outcome",
    "schedule_callback",
    "update_policy",
    "warn_due_callbacks",
]

"""Every write and state change of a help request: one function per step, each in one
transaction, each leaving a timeline entry with who and when."""

from requests_app.services.base import ArchivedRecordError, HelpRequestError, TransitionError, ensure_writable
from requests_app.services.intake import hand_over_complaint, register_help_request
from requests_app.services.workflow import (
    assign_request,
    close_request,
    complete_repair,
    handle_request,
    mark_paid_service,
    record_reply,
    record_written_reply,
    refer_to_supervisor,
    sign_off,
    update_emergency,
    warn_overdue,
)

__all__ = [
    "ArchivedRecordError",
    "HelpRequestError",
    "TransitionError",
    "assign_request",
    "close_request",
    "complete_repair",
    "ensure_writable",
    "hand_over_complaint",
    "handle_request",
    "mark_paid_service",
    "record_reply",
    "record_written_reply",
    "refer_to_supervisor",
    "register_help_request",
    "sign_off",
    "update_emergency",
    "warn_overdue",
]

"""Every write and state change of a help request: one function per step, each in one
transaction through the declared workflow (requests_app.workflow), each leaving a timeline entry."""

from requests_app.services.attachments import attach_file
from requests_app.services.intake import hand_over_complaint, register_help_request
from requests_app.services.steps import (
    assign_request,
    close_request,
    complete_repair,
    handle_request,
    mark_paid_service,
    record_reply,
    record_written_reply,
    refer_to_supervisor,
    reopen_repair,
    sign_off,
    update_emergency,
    warn_due,
)

__all__ = [
    "attach_file",
    "assign_request",
    "close_request",
    "complete_repair",
    "hand_over_complaint",
    "handle_request",
    "mark_paid_service",
    "record_reply",
    "record_written_reply",
    "refer_to_supervisor",
    "register_help_request",
    "reopen_repair",
    "sign_off",
    "update_emergency",
    "warn_due",
]

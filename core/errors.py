"""The one error family of every workflow (help requests, complaints, surveys, callbacks).

A `WorkflowError` carries a message for the user; views show it next to the form (or as a message)
in the same way everywhere. It is a `ValidationError`, so a form can take it with `add_error`.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(ValidationError):
    """A step the record's state or the office's rules do not allow; the message is shown as it is."""


class TransitionError(WorkflowError):
    """The move is impossible from the record's current state (or its guard does not hold)."""


class ArchivedError(WorkflowError, PermissionDenied):
    """The record belongs to an archived period: read-only for everyone but managers.

    Also a PermissionDenied, so a request that tries it anyway gets the 403 page."""


def error_text(error):
    """The user-facing text of a WorkflowError (or any ValidationError)."""
    return " ".join(str(message) for message in error.messages)

"""Photos and files on a help request (issue 11): stored through the workflow's "attach" action."""

from core.attachments import services as attachments
from requests_app.workflow import WORKFLOW


def attach_file(*, help_request, by, file, description="", now=None):
    """The repair photo, the signed slip: checked by content, stored, on the timeline."""
    return attachments.attach_file(workflow=WORKFLOW, record=help_request, by=by, file=file,
                                   description=description, now=now)

"""Photos and files on a complaint (issue 11): stored through the workflow's "attach" action."""

from complaints.workflow import WORKFLOW
from core.attachments import services as attachments


def attach_file(*, complaint, by, file, description="", now=None):
    """The letter, the photo of the damage: checked by content, stored, on the timeline."""
    return attachments.attach_file(workflow=WORKFLOW, record=complaint, by=by, file=file,
                                   description=description, now=now)

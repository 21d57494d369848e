"""What the complaint services share."""

from complaints.models import ComplaintPolicy


def working_days_setting():
    return ComplaintPolicy.current().working_days

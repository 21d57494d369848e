import datetime

import pytest
from django.core.management import call_command

from complaints.choices import Level
from complaints.models import Complaint
from core.models import Notification

pytestmark = pytest.mark.django_db


def test_escalate_complaints_command_is_idempotent(make_complaint, supervisor, now, capsys):
    old = make_complaint(now=now - datetime.timedelta(days=45))
    call_command("escalate_complaints")
    first = capsys.readouterr().out
    call_command("escalate_complaints")
    second = capsys.readouterr().out
    assert "escalated=1" in first
    assert "escalated=0 warnings=0" in second
    old.refresh_from_db()
    assert old.level == Level.MAJOR
    assert Complaint.objects.get().escalated_at is not None
    assert Notification.objects.filter(recipient=supervisor).exists()

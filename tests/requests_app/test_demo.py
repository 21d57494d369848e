import io

import pytest
from django.core.management import call_command

from requests_app.models import HelpRequest, Status

pytestmark = pytest.mark.django_db


def test_demo_data_loads_in_several_states_and_twice_creates_nothing_new():
    call_command("seed_demo", stdout=io.StringIO())
    count = HelpRequest.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert HelpRequest.objects.count() == count >= 8
    assert {Status.CLOSED, Status.ASSIGNED, Status.RECEIVED, Status.REFERRED, Status.HANDLED} <= set(
        HelpRequest.objects.values_list("status", flat=True)
    )

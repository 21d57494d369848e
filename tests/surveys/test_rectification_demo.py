"""The demo data of rectification, forums and the suggestion box: every state once, and loading it again
creates nothing new."""

import io

import pytest
from django.core.management import call_command

from callbacks.choices import SourceKind
from callbacks.models import Callback
from surveys.choices import RectificationStatus, SlipStatus
from surveys.models import ForumFollowUp, OwnersForum, Rectification, SuggestionSlip

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (Rectification, OwnersForum, ForumFollowUp, SuggestionSlip, Callback)]


def test_demo_has_open_and_done_rectifications_a_forum_and_slips_in_every_state_and_loads_once():
    call_command("seed_demo", stdout=io.StringIO())
    counts = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts
    assert {RectificationStatus.OPEN, RectificationStatus.DONE} <= set(Rectification.objects.values_list("status",
                                                                                                       flat=True))
    done = Rectification.objects.get(status=RectificationStatus.DONE)
    assert Callback.objects.for_source(done).filter(kind=SourceKind.RECTIFICATION).count() >= 1
    assert set(SuggestionSlip.objects.values_list("status", flat=True)) == set(SlipStatus)
    assert ForumFollowUp.objects.filter(done_at__isnull=True).exists() and ForumFollowUp.objects.filter(
        done_at__isnull=False).exists()

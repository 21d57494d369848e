import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.timeline import record_event, timeline_for
from tests.factories import ResidentFactory


@pytest.mark.django_db
def test_timeline_records_who_did_what_and_shows_it_in_the_readers_language(clerk):
    resident = ResidentFactory()
    with translation.override("zh-hans"):
        record_event(resident, action="moved_in", label=_("Moved in"), by=clerk, note="3-1202")
    event = timeline_for(resident).get()
    assert event.label == "Moved in"  # stored untranslated
    assert event.actor == clerk and event.note == "3-1202"
    with translation.override("zh-hans"):
        assert event.label_display == "迁入"
    with translation.override("en"):
        assert event.label_display == "Moved in"


@pytest.mark.django_db
def test_timeline_is_shown_on_the_record_page(client_for, clerk):
    resident = ResidentFactory()
    record_event(resident, action="moved_in", label=_("Moved in"), by=clerk, note="checked")
    response = client_for(clerk).get(resident.get_absolute_url())
    assert "迁入" in response.content.decode()
    assert "checked" in response.content.decode()


@pytest.mark.django_db
def test_an_event_without_a_person_is_shown_as_the_system(client_for, clerk):
    resident = ResidentFactory()
    record_event(resident, action="escalated", label=_("Updated"), by=None)
    html = client_for(clerk).get(resident.get_absolute_url()).content.decode()
    assert "系统" in html

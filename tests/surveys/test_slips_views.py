"""Suggestion-box pages (issue 12): the clerk enters the day's slips one after another (the unit from the
registry), turns one into a complaint with one click — the complaint's page shows the slip — or keeps it as
a suggestion; the list in a fixed number of queries; names and phones masked for roles that may not see
them; estate scoping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from callbacks.models import Callback
from core.channels import Channel
from core.roles import Role
from surveys.choices import SlipStatus
from surveys.models import SuggestionSlip
from surveys.services import slips as services
from tests.factories import OccupancyFactory, UnitFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupancy(estate):
    unit = UnitFactory(building__estate=estate, building__name="3", number="1202")
    return OccupancyFactory(unit=unit, resident__name="张伟华", resident__phone="13812345678",
                            moved_in=datetime.date(2020, 1, 1))


def _slip(staff, estate, **kwargs):
    kwargs.setdefault("content", "建议在小区门口增设快递柜")
    return services.enter_slip(estate=estate, found_on=timezone.localdate(), by=staff[Role.CLERK], **kwargs)


def _post(client, **data):
    return client.post(reverse("surveys:slip_create"), data)


def test_the_clerk_enters_a_slip_with_its_unit_from_the_registry(client_for, staff, estate, occupancy):
    client = client_for(staff[Role.CLERK])
    form = client.get(reverse("surveys:slip_create")).context["form"]
    assert form.initial["estate"] == estate and form.initial["found_on"] == timezone.localdate()
    response = _post(client, estate=estate.pk, found_on=timezone.localdate().isoformat(), unit_label="3栋1202",
                     caller_name="张伟华", caller_phone="13812345678", content="电梯经常停运")
    slip = SuggestionSlip.objects.get()
    assert response["Location"] == slip.get_absolute_url()
    assert (slip.unit, slip.resident, slip.name, slip.phone) == (occupancy.unit, occupancy.resident, "张伟华",
                                                                "13812345678")


def test_save_and_next_keeps_the_estate_and_the_day(client_for, staff, estate):
    client = client_for(staff[Role.CLERK])
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = _post(client, estate=estate.pk, found_on=day, content="垃圾清运不及时", next="1")
    assert response.status_code == 302 and "slips/new/" in response["Location"] and day in response["Location"]
    form = client.get(response["Location"]).context["form"]
    assert form.initial["found_on"] == day and str(form.initial["estate"]) == str(estate.pk)


def test_the_form_field_names_are_those_the_registry_lookup_fills_in(client_for, staff):
    from residents.selectors import Caller

    form = client_for(staff[Role.CLERK]).get(reverse("surveys:slip_create")).context["form"]
    assert {"estate", "unit_label", "caller_name", "caller_phone"} <= set(form.fields) & set(Caller().fill)


def test_a_slip_needs_its_text_and_an_estate(client_for, staff, other_estate, estate):
    response = _post(client_for(staff[Role.SUPERVISOR]), found_on=timezone.localdate().isoformat(), content="")
    assert response.status_code == 200 and {"content", "estate"} <= set(response.context["form"].errors)


def test_an_unknown_unit_or_another_estates_is_shown_next_to_the_field(client_for, staff, estate, other_estate):
    UnitFactory(building__estate=other_estate, building__name="8", number="0801")
    response = _post(client_for(staff[Role.CLERK]), estate=estate.pk, found_on=timezone.localdate().isoformat(),
                     unit_label="8-0801", content="x")
    assert "unit_label" in response.context["form"].errors
    # Another office's estate is not one of the choices.
    response = _post(client_for(staff[Role.CLERK]), estate=other_estate.pk, found_on=timezone.localdate().isoformat(),
                     content="x")
    assert "estate" in response.context["form"].errors


def test_a_slip_from_the_future_is_refused_next_to_the_field(client_for, staff, estate):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _post(client_for(staff[Role.CLERK]), estate=estate.pk, found_on=tomorrow, content="x")
    assert "found_on" in response.context["form"].errors


def test_one_click_turns_a_slip_into_a_complaint_whose_page_shows_the_slip(client_for, staff, estate, occupancy):
    slip = _slip(staff, estate, unit=occupancy.unit, resident=occupancy.resident, name="张伟华", phone="13812345678")
    client = client_for(staff[Role.CLERK])
    page = client.get(slip.get_absolute_url())
    assert [a.name for a, _f in page.context["actions"]] == ["to_complaint", "keep", "edit"]
    response = client.post(reverse("surveys:slip_act", args=[slip.pk, "to_complaint"]))
    assert response.status_code == 302
    slip.refresh_from_db()
    complaint = slip.complaint
    assert slip.status == SlipStatus.COMPLAINT and complaint.channel == Channel.SUGGESTION_BOX
    assert complaint.number in client.get(slip.get_absolute_url()).content.decode()
    complaint_page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'id="suggestion-slip"' in complaint_page and slip.number in complaint_page
    assert slip.get_absolute_url() in complaint_page


def test_keeping_a_slip_as_a_suggestion_shows_its_callback(client_for, staff, estate):
    slip = _slip(staff, estate, name="李先生", phone="13900001111")
    client = client_for(staff[Role.CLERK])
    client.post(reverse("surveys:slip_act", args=[slip.pk, "keep"]), {"keep-note": ""})
    callback = Callback.objects.for_source(slip).get()
    assert callback.assignee == staff[Role.CLERK]
    page = client.get(slip.get_absolute_url()).content.decode()
    assert callback.number in page and 'id="source-callbacks"' in page


def test_the_list_shows_unsorted_slips_first_in_a_fixed_number_of_queries(client_for, staff, estate, occupancy,
                                                                           django_assert_max_num_queries):
    kept = [services.keep_as_suggestion(slip=_slip(staff, estate, phone="13900001111"), by=staff[Role.CLERK])
            for _n in range(5)]
    turned = [services.turn_into_complaint(slip=_slip(staff, estate, unit=occupancy.unit), by=staff[Role.CLERK])
              for _n in range(5)]
    waiting = [_slip(staff, estate, unit=occupancy.unit) for _n in range(5)]
    client = client_for(staff[Role.SUPERVISOR])
    client.get(reverse("surveys:slip_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:slip_list"))
    rows = list(response.context["page_obj"])
    assert {s.pk for s in rows[:5]} == {s.pk for s in waiting} and len(rows) == 15
    assert {s.pk for s in rows[5:]} == {s.pk for s in kept + turned}
    for slip in turned:
        assert slip.complaint.number in response.content.decode()


def test_the_list_filters_by_status(client_for, staff, estate):
    services.keep_as_suggestion(slip=_slip(staff, estate), by=staff[Role.CLERK])
    waiting = _slip(staff, estate)
    response = client_for(staff[Role.CLERK]).get(reverse("surveys:slip_list"), {"status": SlipStatus.NEW})
    assert [s.pk for s in response.context["page_obj"]] == [waiting.pk]


def test_quality_sees_the_name_and_phone_on_a_slip_masked(client_for, staff, estate):
    slip = _slip(staff, estate, name="张伟华", phone="13812345678")
    client = client_for(staff[Role.QUALITY])
    for url in (slip.get_absolute_url(), reverse("surveys:slip_list")):
        page = client.get(url).content.decode()
        assert "13812345678" not in page and "张伟华" not in page and "张**" in page
    assert "13812345678" in client_for(staff[Role.CLERK]).get(slip.get_absolute_url()).content.decode()


def test_a_department_head_has_no_suggestion_box(client_for, staff, estate):
    slip = _slip(staff, estate)
    client = client_for(staff[Role.DEPARTMENT_HEAD])
    assert client.get(reverse("surveys:slip_list")).status_code == 403
    assert client.get(slip.get_absolute_url()).status_code == 403


def test_another_estates_clerk_gets_404_on_a_slip(client_for, staff, estate, outsiders):
    slip = _slip(staff, estate)
    client = client_for(outsiders[Role.CLERK])
    assert client.get(slip.get_absolute_url()).status_code == 404
    assert client.post(reverse("surveys:slip_act", args=[slip.pk, "to_complaint"])).status_code == 404
    assert slip.number not in client.get(reverse("surveys:slip_list")).content.decode()
    slip.refresh_from_db()
    assert slip.status == SlipStatus.NEW


def test_unsorted_slips_are_on_the_front_desk(client_for, staff, estate):
    slip = _slip(staff, estate)
    for role in (Role.CLERK, Role.SUPERVISOR):
        panels = {panel.key: rows for panel, rows, _count in client_for(staff[role]).get(reverse("home")).context["panels"]}
        assert panels["surveys_slips_to_sort"] == [slip]


def test_no_query_parameter_breaks_the_list(client_for, staff, estate):
    _slip(staff, estate)
    client = client_for(staff[Role.SUPERVISOR])
    for junk in ["abc", "-1", "0001-01-01", "9999-12-31", "'\"<x>", "\x00", "2026-13", "1.5"]:
        params = {name: junk for name in ("q", "status", "estate", "found_after", "found_before", "page")}
        assert client.get(reverse("surveys:slip_list"), params).status_code == 200
        assert client.get(reverse("surveys:slip_create"), {"estate": junk, "found_on": junk}).status_code == 200

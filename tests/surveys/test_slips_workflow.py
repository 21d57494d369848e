"""The suggestion-slip workflow declaration (surveys.workflows.slip): every (state, step, role) edge, and who
may sort a slip."""

import pytest
from django.utils import timezone

from core.roles import Role
from surveys.choices import SlipStatus
from surveys.services import slips as services
from surveys.workflows.slip import WORKFLOW, is_archived
from tests.factories import UserFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import HOUR, at
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db

SAMPLE_DATA = {
    "to_complaint": {},
    "keep": {"note": "建议类意见"},
    "edit": {"found_on": "2026-03-10", "unit_label": "", "caller_name": "李先生", "caller_phone": "13900001111",
             "content": "建议增设快递柜"},
}


@pytest.fixture
def users(staff, estate):
    return {str(role): user for role, user in staff.items()} | {"no role": UserFactory(username="f_none",
                                                                                       estates=[estate])}


def _slip_in(staff, estate, now):
    def slip_in(state):
        slip = services.enter_slip(estate=estate, found_on=now.date(), content="建议增设快递柜", phone="13900001111",
                                   by=staff[Role.CLERK], now=now)
        if state == SlipStatus.COMPLAINT:
            slip = services.turn_into_complaint(slip=slip, by=staff[Role.CLERK], now=now + HOUR)
        if state == SlipStatus.SUGGESTION:
            slip = services.keep_as_suggestion(slip=slip, by=staff[Role.CLERK], now=now + HOUR)
        return slip

    return slip_in


def test_every_edge_of_a_suggestion_slip(staff, estate, users, now):
    walked = walk_every_edge(WORKFLOW, record_in=_slip_in(staff, estate, now), users=users, data=SAMPLE_DATA, now=now)
    assert len(walked) == len(SlipStatus) * len(WORKFLOW.actions) * len(users)


@pytest.mark.parametrize("name", ["to_complaint", "keep", "edit"])
def test_only_the_front_desk_and_its_supervisor_enter_and_sort_slips(staff, estate, users, now, name):
    slip = _slip_in(staff, estate, now)(SlipStatus.NEW)
    action = WORKFLOW.action(name)
    assert {label for label, user in users.items() if WORKFLOW.may(user, slip, action)} == {"clerk", "supervisor"}


def test_a_sorted_slip_offers_no_step(staff, estate, now):
    for state in (SlipStatus.COMPLAINT, SlipStatus.SUGGESTION):
        assert WORKFLOW.available(staff[Role.SUPERVISOR], _slip_in(staff, estate, now)(state), timezone.now()) == []


def test_a_slip_sorted_in_a_past_year_is_archived_an_unsorted_one_never(staff, estate, now):
    new, kept = (_slip_in(staff, estate, now)(state) for state in (SlipStatus.NEW, SlipStatus.SUGGESTION))
    assert is_archived(kept, at("2027-01-04 09:00")) and not is_archived(kept, at("2026-12-31 09:00"))
    assert not is_archived(new, at("2027-01-04 09:00"))


@pytest.mark.parametrize("state", list(SlipStatus))
def test_stored_next_step_equals_a_recomputation(staff, estate, now, state):
    slip = _slip_in(staff, estate, now)(state)
    stored = (slip.next_due, slip.next_step)
    WORKFLOW.schedule(slip)
    assert stored == (slip.next_due, slip.next_step)
    assert (slip.next_step == "sort") == (state == SlipStatus.NEW)

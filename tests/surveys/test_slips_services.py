"""The suggestion box 意见箱 (issue 12): a slip entered the day the box is opened is due to be sorted within
24 hours, as a complaint is accepted; turned into a complaint it carries every field over and is linked both ways;
kept as a suggestion it is due a phone callback by the clerk."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from callbacks.choices import Method, SourceKind
from callbacks.choices import Status as CallbackStatus
from callbacks.models import Callback
from complaints.choices import Level
from complaints.choices import Status as ComplaintStatus
from complaints.services import dispatch_complaint, grade_complaint
from core.channels import Channel
from core.errors import TransitionError, WorkflowError
from core.models import Notification, TimelineEvent
from core.roles import Role
from surveys.choices import SlipStatus
from surveys.services import slips as services
from tests.factories import OccupancyFactory, UnitFactory
from tests.surveys.followup_fixtures import *  # noqa: F403 - the fixtures
from tests.surveys.followup_fixtures import HOUR, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupancy(estate):
    unit = UnitFactory(building__estate=estate, building__name="3", number="1202")
    return OccupancyFactory(unit=unit, resident__name="张伟华", resident__phone="13812345678",
                            moved_in=datetime.date(2020, 1, 1))


def enter(staff, estate, *, now, found_on=None, **kwargs):
    kwargs.setdefault("content", "建议在小区门口增设快递柜")
    return services.enter_slip(estate=estate, found_on=found_on or now.date(), by=staff[Role.CLERK], now=now, **kwargs)


# ---- entering and the sorting deadline -------------------------------------------------------------

def test_a_slip_is_due_to_be_sorted_within_24_hours_of_reaching_the_office(staff, estate, now):
    slip = enter(staff, estate, now=now)  # Tuesday 09:00
    assert slip.number.startswith("YJ2026-") and slip.status == SlipStatus.NEW
    assert slip.sort_due == at("2026-03-11 09:00")
    assert (slip.next_due, slip.next_step) == (slip.sort_due, "sort")


def test_weekends_count_for_sorting_as_for_accepting_a_complaint(staff, estate):
    friday = at("2026-03-13 09:00")
    slip = enter(staff, estate, now=friday, found_on=friday.date())
    assert slip.sort_due == at("2026-03-14 09:00")


def test_a_slip_entered_late_is_overdue_at_once(staff, estate, now):
    slip = enter(staff, estate, now=now, found_on=datetime.date(2026, 3, 6))
    assert slip.sort_due < now


def test_a_unit_of_another_estate_is_refused(staff, estate, other_estate, now):
    with pytest.raises(WorkflowError):
        enter(staff, estate, now=now, unit=UnitFactory(building__estate=other_estate))


def test_a_slip_from_the_future_is_refused(staff, estate, now):
    with pytest.raises(WorkflowError):
        enter(staff, estate, now=now, found_on=datetime.date(2026, 3, 11))


def test_the_front_desk_is_warned_before_a_slip_must_be_sorted_and_once_overdue(staff, estate, now):
    slip = enter(staff, estate, now=now)  # due 2026-03-11 09:00
    assert services.warn_due_slips(now=at("2026-03-10 20:00")) == 0
    assert services.warn_due_slips(now=at("2026-03-11 02:00")) >= 1
    services.warn_due_slips(now=at("2026-03-11 10:00"))
    notices = Notification.objects.filter(recipient=staff[Role.CLERK], target_id=slip.pk, step="sort")
    assert sorted(n.key.rsplit(":", 1)[1] for n in notices) == ["overdue", "soon"]


# ---- turned into a complaint --------------------------------------------------------------------------

def test_a_slip_turned_into_a_complaint_carries_every_field_over_and_is_linked_both_ways(staff, estate, occupancy,
                                                                                      now):
    slip = enter(staff, estate, now=now, unit=occupancy.unit, resident=occupancy.resident, name="张伟华",
                 phone="13812345678", content="楼道堆放杂物无人清理，多次反映未解决")
    slip = services.turn_into_complaint(slip=slip, by=staff[Role.CLERK], now=now + HOUR)
    complaint = slip.complaint
    assert slip.status == SlipStatus.COMPLAINT and (slip.decided_at, slip.decided_by) == (now + HOUR, staff[Role.CLERK])
    assert (complaint.estate, complaint.unit, complaint.resident) == (estate, occupancy.unit, occupancy.resident)
    assert (complaint.complainant_name, complaint.complainant_phone) == ("张伟华", "13812345678")
    assert complaint.description == "楼道堆放杂物无人清理，多次反映未解决"
    assert complaint.channel == Channel.SUGGESTION_BOX
    assert complaint.submitted_at == now  # the slip reached the office when it was entered that day
    assert complaint.received_at == now + HOUR and complaint.recorded_by == staff[Role.CLERK]
    assert complaint.suggestion_slip == slip
    assert TimelineEvent.objects.filter(object_id=complaint.pk, action="from_suggestion_slip", note=slip.number).exists()
    assert TimelineEvent.objects.filter(object_id=slip.pk, action="to_complaint", note=complaint.number).exists()


def test_the_complaint_follows_every_complaint_rule(staff, estate, cleaning, now):
    slip = enter(staff, estate, now=now, content="保安夜间巡逻不到位")
    complaint = services.turn_into_complaint(slip=slip, by=staff[Role.CLERK], now=now + HOUR).complaint
    assert complaint.number.startswith("TS2026-") and complaint.status == ComplaintStatus.RECEIVED
    assert complaint.dispatch_due is not None and complaint.next_due is not None
    assert complaint.level == ""  # graded on the complaint's page before it is dispatched
    with pytest.raises(TransitionError):
        dispatch_complaint(complaint=complaint, department=cleaning, by=staff[Role.CLERK], now=now + 2 * HOUR)
    complaint = grade_complaint(complaint=complaint, level=Level.MINOR, by=staff[Role.CLERK], now=now + 2 * HOUR)
    complaint = dispatch_complaint(complaint=complaint, department=cleaning, by=staff[Role.CLERK], now=now + 2 * HOUR)
    assert complaint.status == ComplaintStatus.DISPATCHED


def test_a_slip_entered_a_day_late_reached_the_office_the_day_it_was_taken_out(staff, estate, now):
    slip = enter(staff, estate, now=now, found_on=datetime.date(2026, 3, 8))
    complaint = services.turn_into_complaint(slip=slip, by=staff[Role.CLERK], now=now).complaint
    assert complaint.submitted_at == at("2026-03-08 00:00") and complaint.accepted_late


def test_a_slip_sorted_once_cannot_be_sorted_again(staff, estate, now):
    slip = services.turn_into_complaint(slip=enter(staff, estate, now=now), by=staff[Role.CLERK], now=now)
    with pytest.raises(TransitionError):
        services.keep_as_suggestion(slip=slip, by=staff[Role.CLERK], now=now)
    with pytest.raises(TransitionError):
        services.turn_into_complaint(slip=slip, by=staff[Role.CLERK], now=now)


def test_a_department_head_cannot_sort_slips(staff, estate, now):
    with pytest.raises(PermissionDenied):
        services.turn_into_complaint(slip=enter(staff, estate, now=now), by=staff[Role.DEPARTMENT_HEAD], now=now)


# ---- kept as a suggestion ------------------------------------------------------------------------------

def test_a_slip_kept_as_a_suggestion_is_due_a_phone_callback_by_the_clerk(staff, estate, occupancy, now):
    slip = enter(staff, estate, now=now, name="李先生", phone="13900001111")
    slip = services.keep_as_suggestion(slip=slip, note="建议类", by=staff[Role.CLERK], now=now + HOUR)
    callback = Callback.objects.for_source(slip).get()
    assert slip.status == SlipStatus.SUGGESTION and slip.decision_note == "建议类" and slip.next_due is None
    assert (callback.kind, callback.assignee, callback.planned_method) == (SourceKind.SUGGESTION, staff[Role.CLERK],
                                                                          Method.PHONE)
    assert (callback.contact_name, callback.contact_phone, callback.estate) == ("李先生", "13900001111", estate)
    assert callback.status == CallbackStatus.DUE and callback.source_url() == slip.get_absolute_url()
    assert callback.due_at == at("2026-03-11 20:00")  # the office's next working day, by calling hours


def test_a_suggestion_from_a_unit_calls_its_resident(staff, estate, occupancy, now):
    slip = services.keep_as_suggestion(slip=enter(staff, estate, now=now, unit=occupancy.unit), by=staff[Role.CLERK],
                                       now=now)
    callback = Callback.objects.for_source(slip).get()
    assert (callback.unit, callback.resident, callback.contact_phone) == (occupancy.unit, occupancy.resident,
                                                                         "13812345678")


def test_an_anonymous_suggestion_cannot_be_called_back(staff, estate, now):
    slip = services.keep_as_suggestion(slip=enter(staff, estate, now=now), by=staff[Role.CLERK], now=now)
    assert not Callback.objects.for_source(slip).exists()
    assert TimelineEvent.objects.filter(object_id=slip.pk, action="no_callback").exists()


# ---- corrected while it waits -------------------------------------------------------------------------

def test_a_correction_names_what_changed_and_moves_the_sorting_deadline(staff, estate, occupancy, now):
    slip = enter(staff, estate, now=now)
    slip = services.edit_slip(slip=slip, found_on=datetime.date(2026, 3, 9), unit=occupancy.unit,
                              content=slip.content, by=staff[Role.CLERK], now=now)
    assert slip.unit == occupancy.unit and slip.sort_due == at("2026-03-10 00:00")  # from the day it was found
    note = TimelineEvent.objects.get(object_id=slip.pk, action="edit").note
    assert "unit" in note or "房号" in note

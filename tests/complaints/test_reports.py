"""The complaint report as a record (issue 16): opened per estate and period, warned before its due day,
submitted with the figures frozen, acknowledged or returned by the manager only, the month's forms
handed to quality with their count, and action items followed up like every deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from complaints import services as complaint_services
from core.errors import WorkflowError
from core.jobs import run_periodic_jobs
from core.models import Notification
from core.periods import Period
from core.roles import Role
from core.timeline import timeline_for
from reports import selectors, services
from reports.models import ComplaintReport, ItemStatus, Kind, ReportStatus, ReportStep
from reports.workflow import REPORT_WORKFLOW
from tests.complaints.conftest import SHANGHAI
from tests.factories import EstateFactory
from tests.workflow_edges import walk_every_edge

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MARCH = Period("month", 2026, 3)
APRIL_5 = datetime.datetime(2026, 4, 5, 9, 0, tzinfo=SHANGHAI)
ANALYSIS = {"causes": "电梯老化，维修响应慢", "recurring_analysis": "3-1202 多次投诉电梯",
            "departments_concerned": "工程维护部", "suggestions": "更换电梯主板，缩短响应时间"}


@pytest.fixture
def estate(occupancy):
    return occupancy.unit.building.estate


@pytest.fixture
def march(make_complaint, estate):
    """Two complaints from the same unit in March (a recurring problem once dispatched)."""
    return [make_complaint(now=datetime.datetime(2026, 3, day, 10, 0, tzinfo=SHANGHAI)) for day in (3, 12)]


@pytest.fixture
def report(estate):
    return services.open_report(estate=estate, period=MARCH, now=APRIL_5)


def _written(report, supervisor):
    return services.save_analysis(report=report, by=supervisor, now=APRIL_5, **ANALYSIS)


def test_a_report_is_opened_once_its_period_has_ended(estate):
    with pytest.raises(WorkflowError):
        services.open_report(estate=estate, period=MARCH, now=datetime.datetime(2026, 3, 31, 23, 0, tzinfo=SHANGHAI))
    report = services.open_report(estate=estate, period=MARCH, now=APRIL_5)
    assert services.open_report(estate=estate, period=MARCH, now=APRIL_5) == report
    assert (report.status, report.due_at) == (ReportStatus.DRAFT, datetime.datetime(2026, 5, 1, tzinfo=SHANGHAI))
    assert (report.next_step, report.next_due) == (ReportStep.SUBMIT, report.due_at)
    assert report.handover_due == report.due_at


def test_the_periodic_job_opens_last_months_report_for_every_estate(estate):
    other = EstateFactory(name="金海岸")
    created = run_periodic_jobs(now=APRIL_5)["reports.services.open_due_reports"]
    assert created == 2
    assert set(ComplaintReport.objects.values_list("estate", "kind", "year", "index")) == {
        (estate.pk, Kind.MONTH, 2026, 3), (other.pk, Kind.MONTH, 2026, 3)}
    assert services.open_due_reports(now=APRIL_5 + DAY) == 0


def test_in_january_the_job_also_opens_the_half_year_and_year_reports(estate):
    services.open_due_reports(now=datetime.datetime(2027, 1, 2, 8, 0, tzinfo=SHANGHAI))
    assert set(ComplaintReport.objects.values_list("kind", "year", "index")) == {
        (Kind.MONTH, 2026, 12), (Kind.HALF, 2026, 2), (Kind.YEAR, 2026, 1)}


def test_supervisors_are_warned_before_the_due_day_and_again_once_overdue(report, supervisor):
    soon = report.due_at - 2 * DAY
    assert services.warn_due_reports(now=soon - 2 * DAY) == 0
    assert services.warn_due_reports(now=soon) == 2  # the report and the forms' hand-over
    assert services.warn_due_reports(now=soon + DAY) == 0  # each step once
    late = report.due_at + datetime.timedelta(minutes=1)
    assert services.warn_due_reports(now=late) == 2
    notices = Notification.objects.filter(recipient=supervisor, step=ReportStep.SUBMIT)
    assert [("逾期" in n.message or "超时" in n.message) for n in notices.order_by("created_at", "pk")] == [False, True]
    # ... and it is on the supervisor's desk, overdue.
    [due] = [item for item in selectors.reports_due(supervisor, late) if item.report == report]
    assert (str(due.waiting_for), due.due, due.late) == ("上呈经理", report.due_at, True)


def test_submission_needs_the_analysis(report, supervisor):
    with pytest.raises(WorkflowError, match="主要原因"):
        services.submit_report(report=report, by=supervisor, now=APRIL_5)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.figures is None


def test_each_department_with_recurring_problems_needs_an_action_item(report, march, advance, supervisor, department):
    for complaint in march:
        advance(complaint, "dispatched", at=complaint.received_at)
    report = _written(report, supervisor)
    with pytest.raises(WorkflowError, match="工程维护部"):
        services.submit_report(report=report, by=supervisor, now=APRIL_5)
    services.add_action_item(report=report, by=supervisor, department=department, problem="3-1202 电梯多次故障",
                             action="更换主板", owner=department.head, due_date=datetime.date(2026, 4, 30),
                             now=APRIL_5)
    report = services.submit_report(report=report, by=supervisor, now=APRIL_5)
    assert report.status == ReportStatus.SUBMITTED and report.next_step == ReportStep.HANDOVER


def test_figures_are_frozen_at_submission(report, march, make_complaint, supervisor, manager):
    report = services.submit_report(report=_written(report, supervisor), by=supervisor, now=APRIL_5)
    assert report.figures["values"]["total"][0] == 2
    # Later: one more complaint dated in March, one of the March complaints made not valid.
    make_complaint(now=datetime.datetime(2026, 3, 20, 10, 0, tzinfo=SHANGHAI))
    complaint_services.mark_invalid(complaint=march[0], reason="非管理范围", by=supervisor)
    frozen = selectors.report_statistics(report)
    assert (frozen.figure("total"), frozen.figure("invalid"), frozen.frozen_at) == (2, 0, APRIL_5)
    live = selectors.report_statistics(ComplaintReport.objects.get(pk=report.pk))
    assert live.frozen_at == APRIL_5  # still the frozen figures after re-reading
    report = services.acknowledge_report(report=report, by=manager, now=APRIL_5 + DAY)
    assert selectors.report_statistics(report).figure("total") == 2


def test_returned_report_shows_live_figures_and_freezes_again_when_resubmitted(report, march, make_complaint,
                                                                             supervisor, manager):
    report = services.submit_report(report=_written(report, supervisor), by=supervisor, now=APRIL_5)
    make_complaint(now=datetime.datetime(2026, 3, 20, 10, 0, tzinfo=SHANGHAI))
    report = services.return_report(report=report, by=manager, comment="请补充回访情况", now=APRIL_5 + DAY)
    assert report.status == ReportStatus.RETURNED and report.next_step == ReportStep.SUBMIT
    assert selectors.report_statistics(report).figure("total") == 3
    report = services.submit_report(report=report, by=supervisor, now=APRIL_5 + 2 * DAY)
    assert report.figures["values"]["total"][0] == 3 and report.review_comment == ""
    labels = [event.label for event in timeline_for(report)]
    assert labels == ["Report opened", "Analysis written", "Submitted to the manager",
                      "Returned by the manager for revision", "Submitted to the manager"]


def test_returning_needs_a_comment(report, supervisor, manager):
    report = services.submit_report(report=_written(report, supervisor), by=supervisor, now=APRIL_5)
    with pytest.raises(WorkflowError):
        services.return_report(report=report, by=manager, comment="  ", now=APRIL_5)


def test_only_the_manager_acknowledges_or_returns_and_only_the_supervisor_submits(report, supervisor, manager,
                                                                                  general_manager, quality, clerk):
    report = _written(report, supervisor)
    for user in (manager, general_manager, quality, clerk):
        with pytest.raises(PermissionDenied):
            services.submit_report(report=report, by=user, now=APRIL_5)
    report = services.submit_report(report=report, by=supervisor, now=APRIL_5)
    for user in (supervisor, general_manager, quality, clerk):
        with pytest.raises(PermissionDenied):
            services.acknowledge_report(report=report, by=user, now=APRIL_5)
        with pytest.raises(PermissionDenied):
            services.return_report(report=report, by=user, comment="x", now=APRIL_5)
    assert services.acknowledge_report(report=report, by=manager, now=APRIL_5).status == ReportStatus.ACKNOWLEDGED


SAMPLE_DATA = {
    "edit": ANALYSIS,
    "acknowledge": {"comment": "已阅"},
    "return": {"comment": "请补充"},
    "hand_over": {"missing": "", "missing_note": ""},
}


def test_every_edge_of_the_report_workflow(estate, make_user, department, supervisor):
    users = {str(role): make_user(role, username=f"edge_{role}") for role in Role} | {"no role": make_user(None)}
    users["supervisor"] = supervisor
    months = iter(range(1, 13))

    def record_in(state):
        report = services.open_report(estate=estate, period=Period("month", 2025, next(months)))
        report = _written(report, supervisor)
        if state != ReportStatus.DRAFT:
            report = services.submit_report(report=report, by=supervisor)
        if state == ReportStatus.RETURNED:
            report = services.return_report(report=report, by=users["manager"], comment="请修改")
        if state == ReportStatus.ACKNOWLEDGED:
            report = services.acknowledge_report(report=report, by=users["manager"])
        return report

    today = timezone.localdate()
    data = SAMPLE_DATA | {"add_item": {"department": department.pk, "problem": "电梯", "action": "检修",
                                       "owner": department.head.pk, "due_date": str(today + 10 * DAY)}}
    walked = walk_every_edge(REPORT_WORKFLOW, record_in=record_in, users=users, data=data, now=APRIL_5)
    assert len(walked) == len(ReportStatus) * len(REPORT_WORKFLOW.actions) * len(users)


def test_hand_over_counts_the_months_forms_and_names_the_missing_ones(report, march, supervisor, quality):
    numbers = sorted(c.number for c in march)
    with pytest.raises(WorkflowError, match="原因"):
        services.hand_over_forms(report=report, by=supervisor, missing=[numbers[0]], now=APRIL_5)
    with pytest.raises(WorkflowError, match="TS1999-0001"):
        services.hand_over_forms(report=report, by=supervisor, missing=["TS1999-0001"], missing_note="x", now=APRIL_5)
    report = services.hand_over_forms(report=report, by=supervisor, missing=[numbers[0]], missing_note="在工程部",
                                      now=APRIL_5)
    assert (report.forms_expected, report.forms_handed_over, report.missing_numbers) == (2, 1, [numbers[0]])
    assert (report.handed_over_by, report.handed_over_at) == (supervisor, APRIL_5)
    assert report.next_step == ReportStep.SUBMIT  # the hand-over is done; the report still to submit
    with pytest.raises(PermissionDenied):
        services.confirm_forms_received(report=report, by=supervisor, now=APRIL_5)
    report = services.confirm_forms_received(report=report, by=quality, now=APRIL_5 + DAY)
    assert (report.received_by, report.keep_until) == (quality, datetime.date(2028, 4, 6))
    assert not [item for item in selectors.reports_due(quality, APRIL_5 + DAY) if item.report == report]


def test_forms_not_returned_are_proposed_as_missing(report, march, advance, supervisor):
    advance(march[0], "handled", at=march[0].received_at)
    assert selectors.forms_not_returned(report) == [march[1].number]


def test_action_item_owner_must_work_for_the_department(report, supervisor, department, clerk):
    with pytest.raises(WorkflowError, match="工程维护部"):
        services.add_action_item(report=report, by=supervisor, department=department, problem="电梯", action="检修",
                                 owner=clerk, due_date=datetime.date(2026, 4, 30), now=APRIL_5)


def test_action_item_is_warned_and_done_by_its_department(report, supervisor, department):
    item = services.add_action_item(report=report, by=supervisor, department=department, problem="电梯多次故障",
                                    action="更换主板", owner=department.head, due_date=datetime.date(2026, 4, 30),
                                    now=APRIL_5)
    assert (item.status, item.next_step) == (ItemStatus.OPEN, "complete")
    assert item.due_at == datetime.datetime(2026, 5, 1, tzinfo=SHANGHAI)
    assert services.warn_due_reports(now=item.due_at + DAY) >= 2
    assert Notification.objects.filter(recipient=department.head, step="complete").exists()
    item = services.complete_action_item(item=item, by=department.head, result="已更换", now=item.due_at - DAY)
    assert (item.status, item.next_step, item.done_by) == (ItemStatus.DONE, "", department.head)
    assert Notification.objects.filter(recipient=department.head, step="complete", done_at__isnull=True).count() == 0


def test_each_role_sees_the_reports_waiting_for_its_move(report, supervisor, manager, quality):
    def waiting(user):
        return [(item.report, str(item.waiting_for)) for item in selectors.reports_due(user, APRIL_5)]

    assert waiting(supervisor) == [(report, "上呈经理")] and waiting(manager) == waiting(quality) == []
    report = services.submit_report(report=_written(report, supervisor), by=supervisor, now=APRIL_5)
    assert waiting(supervisor) == [(report, "本月投诉意见表移交品质部")]
    assert waiting(manager) == [(report, "已阅")]
    services.hand_over_forms(report=report, by=supervisor, now=APRIL_5)
    assert waiting(supervisor) == [] and waiting(quality) == [(report, "确认收到意见表")]

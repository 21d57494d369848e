"""Monthly / half-year / year statistics and the Excel workbook, checked against the database."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from complaints import services
from complaints.choices import Level, MajorCriterion
from complaints.models import ACCEPTED_LATE, Complaint
from complaints.statistics import complaint_statistics
from core.channels import Channel
from core.periods import Period
from tests.complaints.conftest import SHANGHAI

DAY = datetime.timedelta(days=1)


def test_statistics_default_period_is_last_month():
    assert Period.last_month(datetime.date(2026, 1, 15)) == Period("month", 2025, 12)
    assert Period.from_params(kind=None, year=None, today=datetime.date(2026, 3, 5)) == Period("month", 2026, 2)


@pytest.mark.parametrize(
    ("period", "start", "end", "previous"),
    [
        (Period("month", 2026, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), Period("month", 2025, 12)),
        (Period("half", 2026, 1), datetime.date(2026, 1, 1), datetime.date(2026, 7, 1), Period("half", 2025, 2)),
        (Period("half", 2026, 2), datetime.date(2026, 7, 1), datetime.date(2027, 1, 1), Period("half", 2026, 1)),
        (Period("year", 2026), datetime.date(2026, 1, 1), datetime.date(2027, 1, 1), Period("year", 2025)),
    ],
)
def test_statistics_periods_month_half_year_and_previous(period, start, end, previous):
    assert (period.start_date, period.end_date, period.previous()) == (start, end, previous)


@pytest.fixture
def february(make_complaint, advance, supervisor, manager, department):
    """February 2026: 4 valid (2 minor, 1 important, 1 major) + 1 not valid; January: 1."""
    t = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=SHANGHAI)
    on_time = advance(make_complaint(now=t), "informed", at=t + DAY)
    services.record_callback(complaint=on_time, satisfied=True, by=supervisor, now=t + 2 * DAY)
    late = advance(make_complaint(now=t + DAY, channel=Channel.PHONE, description="=HYPERLINK(\"x\")"), "signed",
                   at=t + DAY)
    services.record_handling(complaint=late, process="", result="已处理", by=department.head, now=t + 6 * DAY)
    important = advance(make_complaint(now=t + 2 * DAY, level=Level.IMPORTANT), "signed", at=t + 2 * DAY)
    services.request_extension(complaint=important, reason="外协", new_due=important.handle_due + DAY,
                               by=department.head, now=t + 3 * DAY)
    # A letter that lay two days before it was recorded: accepted late (seed 002 §4.1).
    make_complaint(now=t + 3 * DAY, level=Level.MAJOR, major_criterion=MajorCriterion.LOSS, channel=Channel.LETTER,
                   submitted_at=t + DAY)
    make_complaint(now=t + 4 * DAY, is_valid=False, invalid_reason="非管理问题", level="")
    make_complaint(now=t - 10 * DAY)
    # Residents' text that a spreadsheet could read as a formula.
    Complaint.objects.filter(pk=on_time.pk).update(demand="-3")
    Complaint.objects.filter(pk=late.pk).update(demand="+1-2@SUM(A1)")
    Complaint.objects.filter(pk=important.pk).update(demand="@SUM(A1)")
    return Period("month", 2026, 2)


@pytest.mark.django_db
def test_statistics_figures_match_the_database(february):
    stats = complaint_statistics(february)
    assert stats.figure("total") == 5
    assert (stats.figure("valid"), stats.figure("invalid")) == (4, 1)
    assert stats.figure("accepted_late") == 1
    assert (stats.figure("minor"), stats.figure("important"), stats.figure("major")) == (2, 1, 1)
    assert (stats.figure("handled"), stats.figure("on_time"), stats.figure("late")) == (2, 1, 1)
    assert stats.figure("avg_hours") == 72.0  # (24 h + 120 h) / 2
    assert stats.figure("max_hours") == 120.0
    assert stats.figure("extensions") == 1 and stats.figure("extensions_approved") == 0
    assert stats.figure("callbacks_satisfied") == 1
    previous = {key: prev for key, _label, _value, prev in stats.figures}
    assert previous["total"] == 1
    channels = dict((str(label), n) for label, n in next(b for b in stats.breakdowns if b.key == "channel").rows)
    assert channels == {"来访": 3, "来电": 1, "来信": 1}
    assert (stats.recurring[0].department, stats.recurring[0].count) == ("工程维护部", 3)


@pytest.mark.django_db
def test_recurring_problems_same_department_and_unit(february):
    stats = complaint_statistics(february)
    # Grouped by unit (issue 11), not by building: one unit, one department, three complaints.
    assert [(row.department, row.count) for row in stats.recurring] == [("工程维护部", 3)]
    assert stats.recurring_total == 1


@pytest.mark.django_db
def test_statistics_page_defaults_to_last_month_and_shows_figures(client_for, manager, february):
    response = client_for(manager).get(reverse("complaints:statistics"), {"kind": "month", "year": 2026, "month": 2})
    assert response.context["stats"].figure("total") == 5
    assert client_for(manager).get(reverse("complaints:statistics")).context["stats"].period.kind == "month"


def _download(client, **params):
    response = client.get(reverse("complaints:statistics_export"), params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_monthly_workbook_numbers_match_the_database(client_for, manager, february):
    workbook = _download(client_for(manager), kind="month", year=2026, month=2)
    assert workbook.sheetnames == ["汇总", "逐月", "按级别", "按部门", "按渠道", "按项目", "按问题类别", "及时率",
                                   "重复出现的问题", "投诉明细", "投诉处理记录表", "回访汇总", "回访-按来源", "回访-按部门",
                                   "回访-按月份"]
    summary = {row[0]: row[1] for row in workbook["汇总"].iter_rows(min_row=3, values_only=True)}
    in_month = Complaint.objects.filter(received_at__gte=february.start, received_at__lt=february.end)
    assert summary["受理投诉数"] == in_month.count() == 5
    assert summary["无效投诉"] == in_month.filter(is_valid=False).count()
    assert summary["超过24小时才受理"] == in_month.filter(ACCEPTED_LATE).count() == 1
    assert summary["重要"] == in_month.filter(level=Level.IMPORTANT).count()
    level_sheet = workbook["按级别"]
    assert {r[0]: r[1] for r in level_sheet.iter_rows(min_row=2, values_only=True)} == {"轻微": 2, "重要": 1, "重大": 1}
    # The charts stand on the summary (level, channel, category, department, trend, on-time per step and
    # per department); the month-by-month sheet has its trend per level and per department.
    assert len(workbook["汇总"]._charts) == 7
    assert len(workbook["逐月"]._charts) == 2
    listing = workbook["投诉明细"]
    assert listing.freeze_panes == "A2"
    rows = list(listing.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(in_month.order_by("received_at").values_list("number", flat=True))
    assert isinstance(rows[0][1], datetime.datetime)
    register = list(workbook["投诉处理记录表"].iter_rows(min_row=3, values_only=True))
    assert len(register) == in_month.exclude(dispatched_at=None).count() == 3


@pytest.mark.django_db
def test_user_text_starting_with_equals_is_written_as_text(client_for, manager, february):
    listing = _download(client_for(manager), kind="month", year=2026, month=2)["投诉明细"]
    cells = [row[12] for row in listing.iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if str(cell.value).startswith("="))
    assert formula_like.data_type == "s"
    demands = {row[13].value: row[13].data_type for row in listing.iter_rows(min_row=2)}
    assert demands["+1-2@SUM(A1)"] == "s" and demands["-3"] == "s" and demands["@SUM(A1)"] == "s"


@pytest.mark.django_db
def test_half_year_and_year_workbooks(client_for, manager, february):
    client = client_for(manager)
    half = _download(client, kind="half", year=2026, half=1)
    assert {r[0]: r[1] for r in half["汇总"].iter_rows(min_row=3, values_only=True)}["受理投诉数"] == 6
    year = _download(client, kind="year", year=2026)
    assert "2026" in year["汇总"]["A1"].value


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_export_query_count_does_not_grow_with_rows(client_for, manager, make_complaint, rows,
                                                    django_assert_max_num_queries):
    t = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=SHANGHAI)
    for i in range(rows):
        make_complaint(now=t + datetime.timedelta(hours=i))
    client = client_for(manager)
    with django_assert_max_num_queries(25):
        workbook = _download(client, kind="month", year=2026, month=2)
    assert workbook["投诉明细"].max_row == rows + 1

"""The callback figures (issue 13), recomputed here from the raw rows, on the page and in the workbook."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from callbacks import services
from callbacks.choices import SATISFIED, UNSATISFIED, Result, SourceKind, Status
from callbacks.exports import build_callbacks_workbook
from callbacks.models import Callback
from callbacks.statistics import COLUMNS, callback_statistics
from core.periods import Period
from tests.callbacks.conftest import SHANGHAI, callback_of, record
from tests.factories import DepartmentFactory, UnitFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=SHANGHAI)
VIEWER = type("Manager", (), {"is_authenticated": True, "is_active": True, "is_superuser": True})()


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def season(make_told_complaint, make_repair, stand_in_sources, clerk, supervisor, engineering):
    """Callbacks of every kind, department and outcome across March and April 2026 (and one in May)."""
    on_time = callback_of(make_told_complaint(at=at("2026-03-02 09:00")))  # due 03-03 20:00
    record(on_time, by=clerk, result=Result.SATISFIED, now=at("2026-03-03 10:00"))
    late = callback_of(make_told_complaint(at=at("2026-03-04 09:00")))  # due 03-05 20:00
    record(late, by=clerk, result=Result.UNSATISFIED, now=at("2026-03-07 10:00"))
    lost = callback_of(make_told_complaint(at=at("2026-03-09 09:00")))
    for hour in (10, 13, 16):
        lost = record(lost, by=clerk, result=Result.NOT_REACHED, now=at(f"2026-03-10 {hour}:00"))
    services.close_unreachable(callback=lost, note="已搬离", by=supervisor, now=at("2026-03-11 10:00"))
    reached_late = callback_of(make_told_complaint(at=at("2026-03-16 09:00")))
    for hour in (10, 13, 16):
        reached_late = record(reached_late, by=clerk, result=Result.NOT_REACHED, now=at(f"2026-03-17 {hour}:00"))
    record(reached_late, by=supervisor, result=Result.VERY_SATISFIED, now=at("2026-03-18 10:00"))
    repair = callback_of(make_repair("satisfied", trial_run_days=3, at=at("2026-03-20 09:00")))  # due 03-23
    record(repair, by=clerk, result=Result.VERY_SATISFIED, now=at("2026-03-23 11:00"))
    callback_of(make_repair("unsatisfied", at=at("2026-04-08 09:00")))  # never called: due, open
    cleaning = DepartmentFactory(name="保洁部")
    task = engineering.estate
    for n, result in enumerate((Result.FAIRLY_SATISFIED, Result.VERY_UNSATISFIED)):
        unit = UnitFactory(building__estate=task, building__name=f"R{n}")
        callback = services.schedule_callback(kind=SourceKind.RECTIFICATION, source=task, unit=unit,
                                              department=cleaning, by=clerk, now=at("2026-04-13 09:00"))
        record(callback, by=clerk, result=result, now=at("2026-04-14 09:00"))
    slip = services.schedule_callback(kind=SourceKind.SUGGESTION, source=task, contact_name="李先生", by=clerk,
                                      now=at("2026-04-27 09:00"))
    record(slip, by=clerk, result=Result.SATISFIED, serious=True, meeting_date=datetime.date(2026, 4, 27),
           meeting_problem="快递柜", now=at("2026-04-28 09:00"))
    callback_of(make_told_complaint(at=at("2026-04-30 09:00")))  # due 05-06: after "now", not counted yet


def recompute(rows):
    """The figures straight from the definitions, in Python."""
    due = len(rows)
    reached = [c for c in rows if c.done_at is not None]
    satisfied = sum(c.result in SATISFIED for c in rows)
    unsatisfied = sum(c.result in UNSATISFIED for c in rows)
    escalated = sum(c.escalated_at is not None for c in rows)
    on_time = sum(c.done_at <= c.due_at for c in reached)
    return {
        "due": due, "reached": len(reached), "on_time": on_time, "satisfied": satisfied, "unsatisfied": unsatisfied,
        "escalated": escalated, "closed_unreachable": sum(c.status == Status.UNREACHABLE for c in rows),
        "failed_tries": sum(c.failed_tries for c in rows),
        "open": sum(c.status in (Status.DUE, Status.ESCALATED) for c in rows),
        "meeting": sum(c.meeting_date is not None for c in rows),
        "callback_rate": round(100 * on_time / due, 1) if due else None,
        "satisfaction_rate": round(100 * satisfied / (satisfied + unsatisfied), 1) if satisfied + unsatisfied else None,
        "unreachable_rate": round(100 * escalated / due, 1) if due else None,
    }


def as_dict(figures):
    return {key: getattr(figures, key) for key, _label in COLUMNS} | {"failed_tries": figures.failed_tries}


def in_period(period):
    return [c for c in Callback.objects.all() if period.start <= c.due_at < min(period.end, NOW)]


def test_figures_match_a_recomputation_from_the_raw_rows(season):
    period = Period("half", 2026, 1)
    stats = callback_statistics(period, now=NOW)
    rows = in_period(period)
    assert as_dict(stats.total) == recompute(rows)
    assert stats.total.due == 9 and stats.total.on_time == 5  # the May one is not due yet
    assert stats.total.satisfaction_rate == round(100 * 5 / 7, 1)
    by_kind = {str(f.label): as_dict(f) for f in stats.by_kind}
    for kind, label in SourceKind.choices:
        assert by_kind[str(label)] == recompute([c for c in rows if c.kind == kind])
    by_department = {str(f.label): as_dict(f) for f in stats.by_department}
    assert set(by_department) == {"工程维护部", "保洁部", "（无）"}
    assert by_department["保洁部"] == recompute([c for c in rows if c.department and c.department.name == "保洁部"])
    by_month = {str(f.label): as_dict(f) for f in stats.by_month}
    assert list(by_month) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    for month in (3, 4):
        expected = [c for c in rows if c.due_at.astimezone(SHANGHAI).month == month]
        assert by_month[f"2026-{month:02d}"] == recompute(expected)
    assert by_month["2026-01"]["due"] == 0 and by_month["2026-01"]["callback_rate"] is None


def test_a_month_counts_what_fell_due_in_it(season):
    stats = callback_statistics(Period("month", 2026, 3), now=NOW)
    assert as_dict(stats.total) == recompute(in_period(Period("month", 2026, 3)))
    assert (stats.total.due, stats.total.escalated, stats.total.closed_unreachable) == (5, 2, 1)


def test_the_workbook_carries_the_same_figures_with_native_charts_on_a4(season, tmp_path):
    period = Period("half", 2026, 1)
    stats = callback_statistics(period, now=NOW)
    path = tmp_path / "callbacks.xlsx"
    build_callbacks_workbook(stats, viewer=VIEWER, now=NOW).save(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["回访汇总", "回访-按来源", "回访-按部门", "回访-按月份", "回访明细", "例会事项"]
    summary = {row[0]: row[1] for row in workbook["回访汇总"].iter_rows(min_row=4, values_only=True)}
    assert summary["应回访数"] == stats.total.due and summary["回访率（%）"] == stats.total.callback_rate
    assert summary["满意率（%）"] == stats.total.satisfaction_rate
    assert summary["无法联系率（%）"] == stats.total.unreachable_rate
    by_kind = {row[0]: row for row in workbook["回访-按来源"].iter_rows(min_row=2, values_only=True)}
    assert by_kind["投诉"][1] == next(f.due for f in stats.by_kind if f.label == SourceKind.COMPLAINT.label)
    for name in ("回访-按来源", "回访-按部门", "回访-按月份"):
        sheet = workbook[name]
        assert len(sheet._charts) == 1, name
    for sheet in workbook:
        assert sheet.page_setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    listed = [row[0] for row in workbook["回访明细"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted(c.number for c in in_period(period))
    meeting = list(workbook["例会事项"].iter_rows(min_row=2, values_only=True))
    assert len(meeting) == 1 and meeting[0][5] == "快递柜"


def test_the_list_in_the_workbook_masks_the_resident_for_quality(season, quality, client_for):
    response = client_for(quality).get(reverse("callbacks:figures_export"), {"kind": "half", "year": 2026, "half": 1})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = {row[4] for row in workbook["回访明细"].iter_rows(min_row=2, values_only=True)}
    assert "张伟华" not in names and "张**" in names
    assert not any(row[5] == "13812345678" for row in workbook["回访明细"].iter_rows(min_row=2, values_only=True))


def test_the_figures_page_shows_the_rates(season, client_for, supervisor):
    response = client_for(supervisor).get(reverse("callbacks:figures"), {"kind": "month", "year": 2026, "month": 3})
    html = response.content.decode()
    assert response.status_code == 200 and "回访率（%）" in html and "满意率（%）" in html and "无法联系率（%）" in html
    assert client_for(supervisor).get(reverse("callbacks:figures"), {"month": "13"}).status_code == 200


def test_the_complaints_monthly_workbook_carries_the_callback_figures(season, client_for, manager):
    response = client_for(manager).get(reverse("complaints:statistics_export"), {"kind": "month", "year": 2026,
                                                                                 "month": 3})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"回访汇总", "回访-按来源", "回访-按部门", "回访-按月份"} <= set(workbook.sheetnames)
    summary = {row[0]: row[1] for row in workbook["回访汇总"].iter_rows(min_row=4, values_only=True)}
    assert summary["应回访数"] == Callback.objects.filter(due_at__month=3).count() == 5

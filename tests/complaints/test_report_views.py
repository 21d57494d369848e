"""The report and statistics pages through the client: who sees what, the charts, the print, the workbook
with the analysis, and query counts that do not grow with the number of complaints."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from complaints.statistics import RECURRING_SHOWN
from core.periods import Period
from reports import services
from reports.models import ComplaintReport, ReportStatus
from tests.complaints.conftest import SHANGHAI
from tests.factories import EstateFactory, UnitFactory

pytestmark = pytest.mark.django_db
MARCH = Period("month", 2026, 3)
APRIL_5 = datetime.datetime(2026, 4, 5, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def report(occupancy, make_complaint):
    for day in (3, 12):
        make_complaint(now=datetime.datetime(2026, 3, day, 10, 0, tzinfo=SHANGHAI))
    return services.open_report(estate=occupancy.unit.building.estate, period=MARCH, now=APRIL_5)


def _act(client, report, step, **data):
    return client.post(reverse("reports:act", args=[report.pk, step]), {f"{step}-{k}": v for k, v in data.items()})


def test_supervisor_writes_and_submits_and_the_manager_acknowledges(client_for, report, supervisor, manager,
                                                                   department):
    client = client_for(supervisor)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "填写分析" in page and "上呈经理" in page and "<svg" in page
    assert _act(client, report, "edit", causes="电梯老化", suggestions="更换主板").status_code == 302
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = _act(client, report, "add_item", department=department.pk, problem="3-1202 电梯", action="检修",
                    owner=department.head.pk, due_date=due)
    assert response.status_code == 302
    assert _act(client, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.figures["values"]["total"][0] == 2
    client = client_for(manager)
    assert _act(client, report, "acknowledge", comment="同意").status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.review_comment) == (ReportStatus.ACKNOWLEDGED, manager, "同意")


def test_submit_without_analysis_shows_the_reason_on_the_page(client_for, report, supervisor):
    response = _act(client_for(supervisor), report, "submit")
    assert response.status_code == 200
    assert "请填写主要原因" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_bad_due_date_is_shown_next_to_the_field(client_for, report, supervisor, department):
    response = _act(client_for(supervisor), report, "add_item", department=department.pk, problem="电梯", action="检修",
                    owner=department.head.pk, due_date="2026-13-40")
    assert response.status_code == 200
    assert "有效的日期" in response.content.decode()


def test_the_manager_returns_with_a_comment_and_the_supervisor_sees_it(client_for, report, supervisor, manager):
    services.save_analysis(report=report, by=supervisor, causes="a", suggestions="b", now=APRIL_5)
    services.submit_report(report=report, by=supervisor, now=APRIL_5)
    client = client_for(manager)
    assert _act(client, report, "return", comment="").status_code == 200  # the comment is required
    assert _act(client, report, "return", comment="请补充回访数据").status_code == 302
    page = client_for(supervisor).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "经理退回" in page and "请补充回访数据" in page


def test_general_manager_and_quality_see_every_estate_side_by_side(client_for, report, supervisor, general_manager,
                                                                   quality):
    EstateFactory(name="金海岸")
    services.save_analysis(report=report, by=supervisor, causes="电梯老化", suggestions="b", now=APRIL_5)
    services.submit_report(report=report, by=supervisor, now=APRIL_5)
    for user in (general_manager, quality):
        response = client_for(user).get(reverse("reports:compare"), {"kind": "month", "year": 2026, "month": 3})
        page = response.content.decode()
        assert report.estate.name in page and "金海岸" in page and "未建立" in page
        assert "电梯老化" in page and "已上呈经理" in page


def test_the_print_carries_figures_charts_analysis_items_and_signatures(client_for, report, supervisor, manager):
    services.save_analysis(report=report, by=supervisor, causes="电梯老化", suggestions="更换主板", now=APRIL_5)
    services.submit_report(report=report, by=supervisor, now=APRIL_5)
    services.acknowledge_report(report=report, by=manager, now=APRIL_5)
    page = client_for(manager).get(reverse("reports:print", args=[report.pk])).content.decode()
    for text in ("住户投诉统计分析报告", "管理处", "电梯老化", "四、整改措施", "公共事务部主管", "管理处经理",
                 supervisor.first_name, manager.first_name, "<svg"):
        assert text in page, text


def test_the_report_workbook_carries_the_analysis(client_for, report, supervisor, manager, department):
    services.save_analysis(report=report, by=supervisor, causes="电梯老化", suggestions="更换主板", now=APRIL_5)
    services.add_action_item(report=report, by=supervisor, department=department, problem="3-1202 电梯", action="检修",
                             owner=department.head, due_date=datetime.date(2026, 4, 30), now=APRIL_5)
    response = client_for(manager).get(reverse("reports:export", args=[report.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[:2] == ["汇总", "分析"]
    cells = [cell for row in workbook["分析"].iter_rows(values_only=True) for cell in row if cell]
    assert "电梯老化" in cells and "更换主板" in cells and "检修" in cells and "3-1202 电梯" in cells


def test_the_report_list_shows_the_supervisor_what_is_due(client_for, report, supervisor, manager):
    page = client_for(supervisor).get(reverse("reports:list")).content.decode()
    assert 'id="reports-due"' in page and report.estate.name in page and 'id="open-report"' in page
    page = client_for(manager).get(reverse("reports:list")).content.decode()
    assert 'id="reports-due"' not in page and 'id="open-report"' not in page


def test_the_supervisor_starts_a_report_for_an_ended_period(client_for, occupancy, supervisor):
    estate = occupancy.unit.building.estate
    response = client_for(supervisor).post(reverse("reports:open"),
                                           {"estate": estate.pk, "kind": "month", "year": 2026, "month": 2})
    report = ComplaintReport.objects.get(estate=estate, year=2026, index=2)
    assert response["Location"] == report.get_absolute_url()
    response = client_for(supervisor).post(reverse("reports:open"),
                                           {"estate": estate.pk, "kind": "year", "year": 2099}, follow=True)
    assert "统计期结束后才能开始编写报告" in response.content.decode()


def test_department_head_reads_and_completes_their_action_item(client_for, report, supervisor, department,
                                                              department_head, make_user):
    item = services.add_action_item(report=report, by=supervisor, department=department, problem="电梯", action="检修",
                                    owner=department.head, due_date=datetime.date(2026, 4, 30), now=APRIL_5)
    client = client_for(department_head)
    assert "登记落实情况" in client.get(item.get_absolute_url()).content.decode()
    response = client.post(reverse("reports:item_act", args=[item.pk, "complete"]), {"complete-result": "已更换"})
    assert response.status_code == 302
    other_head = make_user("department_head", username="other_head")
    assert client_for(other_head).get(item.get_absolute_url()).status_code == 404


# ---- the statistics page -------------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [3, 30])
def test_statistics_page_runs_a_fixed_number_of_queries(client_for, manager, make_complaint, rows,
                                                        django_assert_max_num_queries):
    for i in range(rows):
        make_complaint(now=datetime.datetime(2026, 2, 3, 10, 0, tzinfo=SHANGHAI) + datetime.timedelta(hours=i))
    client = client_for(manager)
    client.get(reverse("complaints:statistics"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("complaints:statistics"), {"kind": "month", "year": 2026, "month": 2})
    assert response.context["stats"].figure("total") == rows
    assert response.content.decode().count("<svg") == 8


def test_statistics_page_filters_by_estate(client_for, manager, make_complaint, occupancy):
    make_complaint(now=datetime.datetime(2026, 2, 3, 10, 0, tzinfo=SHANGHAI))
    elsewhere = UnitFactory(building__estate=EstateFactory(name="金海岸"))
    make_complaint(now=datetime.datetime(2026, 2, 4, 10, 0, tzinfo=SHANGHAI), unit=elsewhere, resident=None,
                   complainant_name="李娜", complainant_phone="13900000000")
    client = client_for(manager)
    params = {"kind": "month", "year": 2026, "month": 2}
    assert client.get(reverse("complaints:statistics"), params).context["stats"].figure("total") == 2
    estate = occupancy.unit.building.estate
    stats = client.get(reverse("complaints:statistics"), params | {"estate": estate.pk}).context["stats"]
    assert (stats.figure("total"), stats.estate) == (1, estate.name)


def test_recurring_problems_show_the_top_ones_and_link_to_the_rest(client_for, manager, make_complaint, advance,
                                                                    department):
    t = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=SHANGHAI)
    for n in range(RECURRING_SHOWN + 2):
        unit = UnitFactory()
        for i in range(2):
            complaint = make_complaint(now=t + datetime.timedelta(hours=n * 2 + i), unit=unit, resident=None,
                                       complainant_name="王", complainant_phone="13900000000")
            advance(complaint, "dispatched", at=complaint.received_at)
    client = client_for(manager)
    params = {"kind": "month", "year": 2026, "month": 2}
    response = client.get(reverse("complaints:statistics"), params)
    stats = response.context["stats"]
    assert (len(stats.recurring), stats.recurring_total, stats.more_recurring) == (RECURRING_SHOWN, 12, 2)
    assert "查看全部 12 项" in response.content.decode()
    rest = client.get(reverse("complaints:recurring"), params)
    assert len(rest.context["page_obj"].object_list) == 12

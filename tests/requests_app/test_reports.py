import datetime
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.periods import Period
from requests_app import selectors, services
from requests_app.models import Category

pytestmark = pytest.mark.django_db
REGISTER_HEADERS = [
    "编号", "日期", "时间", "接待人", "住户", "类别", "求助事项", "处理部门", "处理人", "处理结果", "记录人", "主管审核",
]


def _period(now):
    day = timezone.localtime(now).date()
    return {"start": day.replace(day=1).isoformat(), "end": day.isoformat()}


def _closed_and_signed(make_request, clerk, supervisor, now, **kwargs):
    help_request = make_request(answer="已答复", **kwargs)
    services.handle_request(help_request=help_request, by=clerk, result="已帮忙联系", now=now)
    services.close_request(help_request=help_request, by=clerk, now=now)
    return services.sign_off(help_request=help_request, by=supervisor, now=now)


def test_register_xlsx_has_the_register_columns_real_dates_and_a_frozen_header(
    make_request, client_for, clerk, supervisor, resident, now
):
    help_request = _closed_and_signed(make_request, clerk, supervisor, now, resident=resident)
    response = client_for(supervisor).get(reverse("requests_app:register_xlsx"), _period(now))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in ws[1]] == REGISTER_HEADERS
    assert ws.freeze_panes == "A2"
    row = [cell.value for cell in ws[2]]
    assert row[0] == help_request.number
    assert row[1] == datetime.datetime(now.year, now.month, now.day)  # a real date cell
    assert ws.cell(row=2, column=2).is_date
    assert row[2] == datetime.time(12, 0)
    assert row[3] == clerk.get_full_name()
    assert row[4] == "3-1202 张伟华"
    assert row[9] == "已帮忙联系"
    assert row[11] == supervisor.get_full_name()
    assert ws.column_dimensions["G"].width >= 30


def test_register_xlsx_masks_names_for_quality(make_request, client_for, quality, now, resident):
    make_request(resident=resident)
    response = client_for(quality).get(reverse("requests_app:register_xlsx"), _period(now))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws.cell(row=2, column=5).value == "3-1202 张**"


def test_register_page_is_printable_a4(make_request, client_for, supervisor, now):
    help_request = make_request()
    html = client_for(supervisor).get(reverse("requests_app:register"), _period(now)).content.decode()
    assert 'class="print-wide"' in html  # the named page printed A4 landscape
    assert "@page wide { size: A4 landscape" in (settings.BASE_DIR / "static" / "css" / "desk.css").read_text()
    assert "住户求助登记表" in html and help_request.number in html


def test_register_runs_a_fixed_number_of_queries(make_request, client_for, supervisor, now, django_assert_max_num_queries):
    client = client_for(supervisor)
    make_request()
    with django_assert_max_num_queries(14) as few:  # the letterhead reads the form's heading and the office
        client.get(reverse("requests_app:register"), _period(now))
    for _ in range(20):
        make_request()
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("requests_app:register"), _period(now))
    with django_assert_max_num_queries(len(few)):
        b"".join(client.get(reverse("requests_app:register_xlsx"), _period(now)).streaming_content)


def test_past_year_register_stays_exportable(make_request, client_for, clerk, now):
    last_year = now.replace(year=now.year - 1)
    help_request = make_request(at=last_year)
    day = timezone.localtime(last_year).date().isoformat()
    response = client_for(clerk).get(reverse("requests_app:register_xlsx"), {"start": day, "end": day})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws.cell(row=2, column=1).value == help_request.number


def test_calls_log_subtotals_per_category(make_request, client_for, clerk, now):
    make_request(Category.REPAIR)
    make_request(Category.REPAIR)
    make_request(Category.INQUIRY, answer="好")
    make_request(at=now - timedelta(days=40))  # outside the period
    log = selectors.calls_log(viewer=clerk, start=timezone.localtime(now).date().replace(day=1), end=timezone.localtime(now).date())
    assert dict(log.subtotals) == {
        Category.EMERGENCY: 0, Category.REPAIR: 2, Category.COMPLAINT: 0, Category.INQUIRY: 1,
        Category.SECURITY: 0, Category.DISASTER: 0, Category.OTHER: 0,
    }
    assert log.total == 3
    html = client_for(clerk).get(reverse("requests_app:log"), _period(now)).content.decode()
    assert "本期分类小计" in html


def test_staff_figures_count_received_handled_and_replied_on_time(make_request, clerk, supervisor, make_user, now):
    other = make_user("clerk", username="t_clerk2")
    on_time = services.refer_to_supervisor(help_request=make_request(), by=clerk, now=now)
    services.record_reply(help_request=on_time, by=clerk, reply="好", now=now + timedelta(minutes=4))
    late = services.refer_to_supervisor(help_request=make_request(), by=clerk, now=now)
    services.record_reply(help_request=late, by=clerk, reply="迟", now=now + timedelta(minutes=8))
    handled = make_request(by=other)
    services.handle_request(help_request=handled, by=other, result="完成", now=now)
    make_request(by=other, at=now - timedelta(days=40))  # another month
    local = timezone.localtime(now)
    rows = {row.user.username: row for row in selectors.staff_figures(period=Period("month", local.year, local.month), viewer=supervisor)}
    assert (rows["t_clerk"].received, rows["t_clerk"].replied, rows["t_clerk"].replied_on_time) == (2, 2, 1)
    assert (rows["t_clerk2"].received, rows["t_clerk2"].handled) == (1, 1)
    assert rows["t_clerk"].on_time_rate == 50


def test_figures_page_for_a_month(make_request, client_for, supervisor, now):
    make_request()
    response = client_for(supervisor).get(
        reverse("requests_app:figures"), {"kind": "month", "year": now.year, "month": now.month}
    )
    assert [row.received for row in response.context["rows"]] == [1]

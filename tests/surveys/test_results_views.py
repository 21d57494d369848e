"""A survey's results pages (issue 12): every rate recomputed from the raw answers and compared with the
page and the workbook, the 30% warning, the comparison with the estate's previous survey, fixed query
counts, estate scoping and privacy, the notice, the overview and the worker-built workbook."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.models import Download
from core.roles import Role
from surveys import exports
from surveys.choices import PlanStatus, Rating, Scale
from surveys.models import Answer, Rectification, SurveyForm
from tests.factories import DepartmentFactory, EstateFactory, UserFactory
from tests.surveys.factories import PlanFactory, QuestionnaireFactory, SurveyFormFactory, returned
from tests.surveys.results_fixtures import TEN_ITEMS, make_survey

pytestmark = pytest.mark.django_db

# Written here, not imported: the test's own reading of SPEC §5.
SATISFIED_LEVELS = {"very_satisfied", "satisfied", "fairly_satisfied"}


@pytest.fixture
def hyy():
    return EstateFactory(name="华悦苑", code="HYY")


@pytest.fixture
def jhg():
    return EstateFactory(name="锦华广场", code="JHG")


@pytest.fixture
def surveys(hyy):
    """华悦苑's closed 2025 survey and its 2026 survey with the forms out (same questionnaire)."""
    earlier = make_survey(hyy, forms=60, returned=45, seed=3, status=PlanStatus.CLOSED,
                          starts=datetime.date(2025, 11, 1), number="DC2025-00001", title="2025年度满意度调查")
    current = make_survey(hyy, forms=80, returned=52, seed=5, questionnaire=earlier.questionnaire,
                          threshold=Decimal("0.15"), number="DC2026-00001")
    return earlier, current


def half_up(part, whole):
    """part / whole as "97.1%", rounded half up, in integers only."""
    if not whole:
        return "—"
    tenths = (2 * part * 1000 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}%"


def recompute(plan):
    """Every figure of the results page, from the rows of the survey in plain Python."""
    forms = list(SurveyForm.objects.filter(plan=plan).values_list("returned_at", flat=True))
    sent, back = len(forms), sum(1 for at in forms if at is not None)
    per_item = {}
    for name, rating in Answer.objects.filter(plan=plan).values_list("item__name", "rating"):
        counts = per_item.setdefault(name, [0, 0, 0])  # satisfied, all, unsatisfied
        counts[0] += rating in SATISFIED_LEVELS
        counts[1] += 1
        counts[2] += rating not in SATISFIED_LEVELS
    satisfied = sum(c[0] for c in per_item.values())
    answers = sum(c[1] for c in per_item.values())
    return {
        "sent": sent, "returned": back, "return_rate": half_up(back, sent), "rate": half_up(satisfied, answers),
        "items": {name: half_up(c[0], c[1]) for name, c in per_item.items()},
        "unsatisfied": {name: half_up(c[2], c[1]) for name, c in per_item.items()},
        "fractions": {name: Decimal(c[0]) / Decimal(c[1]) for name, c in per_item.items()},
    }


def row_html(html, name):
    match = re.search(rf'<tr data-item="{re.escape(name)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, name
    return match.group(1)


def cell(row, css):
    return re.search(rf'class="[^"]*\b{css}\b[^"]*">([^<]*)<', row).group(1).strip()


def figure(html, key):
    return re.search(rf'<tr data-key="{key}"><th>.*?</th><td[^>]*>(.*?)</td>', html, re.S).group(1).strip()


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_every_rate_on_the_page_and_in_the_workbook_is_recomputed_from_the_raw_answers(client, surveys):
    _earlier, plan = surveys
    expected = recompute(plan)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    html = client.get(reverse("surveys:results", args=[plan.pk])).content.decode()
    assert figure(html, "sent") == str(expected["sent"]) == "80"
    assert figure(html, "returned") == str(expected["returned"]) == "52"
    assert figure(html, "return_rate") == expected["return_rate"] == "65.0%"
    assert re.search(r"[\d.]+%", figure(html, "rate")).group() == expected["rate"]
    for name in TEN_ITEMS:
        row = row_html(html, name)
        assert cell(row, "rate") == expected["items"][name], name
        assert cell(row, "unsatisfied") == expected["unsatisfied"][name], name
        assert cell(row, "answers") == "52"
    assert cell(row_html(html, ""), "rate") == expected["rate"]  # the "all items" line

    book = workbook_of(client.get(reverse("surveys:results_workbook", args=[plan.pk])))
    summary = book.worksheets[0]
    rows = list(summary.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == gettext("Item"))
    rate_column = header.index(gettext("Satisfaction rate (%)"))
    by_item = {row[0]: row for row in rows if row[0] in TEN_ITEMS}
    for name in TEN_ITEMS:
        assert f"{by_item[name][rate_column]:.1f}%" == expected["items"][name], name
        assert by_item[name][rate_column] == pytest.approx(float(expected["fractions"][name] * 100), abs=0.05)
    figures = {row[0]: row[1] for row in rows[:20] if row[0]}
    assert figures[gettext("Forms sent")] == 80 and figures[gettext("Forms returned")] == 52
    assert f"{figures[gettext('Overall satisfaction rate (%)')]:.1f}%" == expected["rate"]
    # The raw answers sheet holds every returned form: the rates recomputed from it are the same.
    raw = book.worksheets[-1]
    raw_rows = list(raw.iter_rows(min_row=3, values_only=True))
    raw_header = next(raw.iter_rows(min_row=2, max_row=2, values_only=True))
    assert len(raw_rows) == 52
    satisfied_labels = {str(Rating(level).label) for level in SATISFIED_LEVELS}
    for name in TEN_ITEMS:
        column = raw_header.index(name)
        ratings = [row[column] for row in raw_rows]
        assert half_up(sum(r in satisfied_labels for r in ratings), len(ratings)) == expected["items"][name], name


def test_results_page_runs_the_same_number_of_queries_whatever_the_number_of_forms(
        client, hyy, django_assert_max_num_queries, django_assert_num_queries):
    small = make_survey(hyy, forms=10, returned=8, seed=1)
    make_survey(hyy, forms=10, returned=10, seed=2, status=PlanStatus.CLOSED, starts=datetime.date(2025, 11, 1),
                questionnaire=small.questionnaire)
    large = make_survey(hyy, forms=300, returned=240, seed=3, questionnaire=small.questionnaire,
                        starts=datetime.date(2026, 12, 1))
    client.force_login(UserFactory(role=Role.SUPERVISOR, estates=[hyy]))
    client.get(reverse("surveys:results", args=[small.pk]))  # sessions, caches
    # Session, user, roles, posting; the plan, its forms counted, its items, its tally; the previous
    # survey, its items, forms counted and tally; the opinions and their count; the navigation bar's
    # notifications (2) and the worker's heartbeat.
    with django_assert_max_num_queries(17) as queries:
        assert client.get(reverse("surveys:results", args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(queries)):
        assert client.get(reverse("surveys:results", args=[large.pk])).status_code == 200


@pytest.mark.parametrize(("back", "warned"), [(3, False), (2, True)])
def test_the_page_warns_when_fewer_than_30_percent_came_back(client, hyy, back, warned):
    plan = make_survey(hyy, forms=10, returned=back)
    client.force_login(UserFactory(role=Role.CLERK, estates=[hyy]))
    html = client.get(reverse("surveys:results", args=[plan.pk])).content.decode()
    assert ('id="return-rate-warning"' in html) is warned
    assert figure(html, "return_rate") == f"{back * 10}.0%"


def test_three_level_survey_counts_very_satisfied_and_fairly_satisfied_as_satisfied(client, hyy):
    plan = PlanFactory(estate=hyy, status=PlanStatus.COLLECTING,
                       questionnaire=QuestionnaireFactory(scale=Scale.THREE, items=["保安服务"]))
    for rating in (Rating.VERY_SATISFIED, Rating.FAIRLY_SATISFIED, Rating.UNSATISFIED, Rating.FAIRLY_SATISFIED):
        returned(SurveyFormFactory(plan=plan), {"保安服务": rating})
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    html = client.get(reverse("surveys:results", args=[plan.pk])).content.decode()
    row = row_html(html, "保安服务")
    assert cell(row, "rate") == "75.0%"
    assert [int(n) for n in re.findall(r'class="text-end count">(\d+)<', row)] == [1, 2, 1]  # 3 levels, best first
    formula = re.search(r'id="formula">(.*?)</div>\s*</div>', html, re.S).group(1)
    labels = [str(level.label) for level in (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED)]
    assert f"{labels[0]}、{labels[2]}" in formula and "、".join(labels) not in formula


def test_comparison_is_with_the_same_estates_previous_closed_survey(client, hyy, jhg, surveys):
    earlier, plan = surveys
    # Neither another estate's later closed survey nor this estate's unclosed one counts as "previous".
    make_survey(jhg, forms=5, returned=5, status=PlanStatus.CLOSED, starts=datetime.date(2026, 6, 1),
                questionnaire=plan.questionnaire)
    make_survey(hyy, forms=5, returned=5, status=PlanStatus.COLLECTING, starts=datetime.date(2026, 6, 1),
                questionnaire=plan.questionnaire)
    client.force_login(UserFactory(role=Role.MANAGER, estates=[hyy]))
    response = client.get(reverse("surveys:results", args=[plan.pk]))
    figures = response.context["results"]
    assert figures.previous.pk == earlier.pk
    before, now = recompute(earlier), recompute(plan)
    html = response.content.decode()
    assert reverse("surveys:results", args=[earlier.pk]) in html
    assert figure(html, "previous_rate") .endswith(before["rate"])
    for name in TEN_ITEMS:
        row = row_html(html, name)
        assert cell(row, "previous") == before["items"][name]
        change = (now["fractions"][name] - before["fractions"][name]) * 100
        arrow = "▲" if change.quantize(Decimal("0.1")) > 0 else "▼" if change.quantize(Decimal("0.1")) < 0 else "="
        assert arrow in row, name
    assert response.context["charts"].compared is not None


def test_first_survey_of_an_estate_has_nothing_to_compare_with(client, hyy):
    plan = make_survey(hyy, forms=5, returned=5)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    response = client.get(reverse("surveys:results", args=[plan.pk]))
    assert response.context["results"].previous is None and response.context["charts"].compared is None


@pytest.mark.parametrize("name", ["results", "results_opinions", "results_workbook", "results_notice"])
def test_a_clerk_of_another_estate_gets_404_and_a_user_without_a_role_403(client, hyy, jhg, name):
    plan = make_survey(hyy, forms=4, returned=2)
    url = reverse(f"surveys:{name}", args=[plan.pk])
    client.force_login(UserFactory(role=Role.CLERK, username="jhg_clerk", estates=[jhg]))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.CLERK, username="hyy_clerk", estates=[hyy]))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(role=Role.QUALITY, username="quality", estates=[jhg]))  # sees every estate
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(username="nobody"))
    assert client.get(url).status_code == 403


def test_opinions_show_the_unit_only_to_roles_that_may_see_residents_details(client, hyy):
    plan = PlanFactory(estate=hyy, status=PlanStatus.COLLECTING)
    form = SurveyFormFactory(plan=plan, unit__number="1202", unit__building__name="7")
    returned(form, {"保安服务": Rating.UNSATISFIED}, opinion="夜里太吵，请回电13812345678", at=timezone.now())
    form.respondent = "张伟华"
    form.save(update_fields=["respondent"])
    urls = [reverse("surveys:results", args=[plan.pk]), reverse("surveys:results_opinions", args=[plan.pk])]
    client.force_login(UserFactory(role=Role.CLERK, username="desk"))
    for url in urls:
        html = client.get(url).content.decode()
        assert "7-1202" in html and "13812345678" in html and "张伟华" not in html
    client.force_login(UserFactory(role=Role.QUALITY, username="quality"))
    for url in urls:
        html = client.get(url).content.decode()
        assert "夜里太吵" in html and "138****5678" in html
        assert "7-1202" not in html and "13812345678" not in html and "张伟华" not in html
    book = workbook_of(client.get(reverse("surveys:results_workbook", args=[plan.pk])))
    text = " ".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row)
    assert "夜里太吵" in text and "7-1202" not in text and "13812345678" not in text and "张伟华" not in text


def test_opinions_are_the_most_recent_first_and_all_of_them_a_page_away(client, hyy):
    plan = make_survey(hyy, forms=40, returned=40, opinion_every=1)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    response = client.get(reverse("surveys:results", args=[plan.pk]))
    shown = response.context["opinions"]
    assert len(shown) == 10 and response.context["opinions_total"] == 40
    assert [row["returned_at"] for row in shown] == sorted((row["returned_at"] for row in shown), reverse=True)
    assert reverse("surveys:results_opinions", args=[plan.pk]) in response.content.decode()
    page = client.get(reverse("surveys:results_opinions", args=[plan.pk]))
    assert len(page.context["page_obj"]) == 40


def test_notice_lists_the_items_above_the_threshold_with_their_department_and_deadline(client, hyy):
    plan = PlanFactory(estate=hyy, status=PlanStatus.CLOSED, closed_at=timezone.now(),
                       rectification_threshold=Decimal("0.20"))
    items = {item.name: item for item in plan.questionnaire.items.all()}
    department = DepartmentFactory(name="保安部", estate=hyy)
    ratings = [  # 保安服务 50% unsatisfied, 保洁服务 25%, 车辆管理 exactly 20% (not above), 维修服务 none
        {"保安服务": Rating.UNSATISFIED, "保洁服务": Rating.UNSATISFIED, "车辆管理": Rating.UNSATISFIED},
        {"保安服务": Rating.UNSATISFIED, "保洁服务": Rating.VERY_SATISFIED, "车辆管理": Rating.VERY_SATISFIED},
        {"保安服务": Rating.VERY_SATISFIED, "保洁服务": Rating.VERY_SATISFIED, "车辆管理": Rating.VERY_SATISFIED},
        {"保安服务": Rating.VERY_SATISFIED, "保洁服务": Rating.VERY_SATISFIED, "车辆管理": Rating.VERY_SATISFIED},
        {"保安服务": Rating.VERY_SATISFIED, "车辆管理": Rating.VERY_SATISFIED},
    ]
    for answers in ratings:
        returned(SurveyFormFactory(plan=plan), answers)
    Rectification.objects.create(
        number="ZG2026-00001", plan=plan, estate=hyy, item=items["保安服务"], department=department,
        due_at=datetime.datetime(2027, 1, 15, 18, tzinfo=datetime.UTC), created_at=timezone.now())
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    response = client.get(reverse("surveys:results_notice", args=[plan.pk]))
    html = response.content.decode()
    listed = re.search(r'id="notice-rectification">(.*?)</div>', html, re.S).group(1)
    assert "保安服务" in listed and "保洁服务" in listed
    assert "车辆管理" not in listed and "维修服务" not in listed
    assert "保安部" in listed and "2027-01-16" in listed  # the deadline, local time
    assert 'id="notice-draft"' not in html
    for name in ["保安服务", "保洁服务", "车辆管理", "维修服务"]:
        assert f'data-item="{name}"' in re.search(r'id="notice-items">(.*?)</table>', html, re.S).group(1)


def test_notice_of_a_survey_still_collecting_is_marked_as_a_draft(client, hyy):
    plan = make_survey(hyy, forms=5, returned=5)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    assert 'id="notice-draft"' in client.get(reverse("surveys:results_notice", args=[plan.pk])).content.decode()


def test_a_plan_whose_forms_have_not_gone_out_has_no_results_yet(client, hyy):
    plan = PlanFactory(estate=hyy, status=PlanStatus.APPROVED)
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    assert 'id="not-started"' in client.get(reverse("surveys:results", args=[plan.pk])).content.decode()
    for name in ("results_workbook", "results_notice", "results_opinions"):
        assert client.get(reverse(f"surveys:{name}", args=[plan.pk])).status_code == 404


def test_overview_shows_each_of_the_users_estates_latest_survey(client, hyy, jhg, surveys, django_assert_max_num_queries):
    earlier, current = surveys
    other = make_survey(jhg, forms=10, returned=2, seed=9)
    PlanFactory(estate=jhg, status=PlanStatus.DRAFT)  # not out yet: not shown
    client.force_login(UserFactory(role=Role.GENERAL_MANAGER))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("surveys:results_overview"))
    rows = {row.plan.estate.name: row for row in response.context["headlines"]}
    assert set(rows) == {"华悦苑", "锦华广场"}
    assert rows["华悦苑"].plan == current and rows["华悦苑"].previous == earlier
    assert rows["锦华广场"].plan == other and rows["锦华广场"].return_rate_too_low
    expected = recompute(current)
    html = response.content.decode()
    assert cell(re.search(r'<tr data-estate="华悦苑">(.*?)</tr>', html, re.S).group(1), "rate") == expected["rate"]
    client.force_login(UserFactory(role=Role.SUPERVISOR, username="hyy_sup", estates=[hyy]))
    rows = client.get(reverse("surveys:results_overview")).context["headlines"]
    assert [row.plan for row in rows] == [current]
    rows = client.get(reverse("surveys:results_overview"), {"year": "2025"}).context["headlines"]
    assert [row.plan for row in rows] == [earlier] and rows[0].previous is None


def test_overview_is_for_supervisors_managers_and_those_who_oversee_every_estate(client):
    url = reverse("surveys:results_overview")
    for role, status in [(Role.CLERK, 403), (Role.DEPARTMENT_HEAD, 403), (Role.SUPERVISOR, 200), (Role.MANAGER, 200),
                         (Role.VICE_GENERAL_MANAGER, 200), (Role.GENERAL_MANAGER, 200), (Role.QUALITY, 200)]:
        client.force_login(UserFactory(role=role, username=f"o_{role}"))
        assert client.get(url).status_code == status, role


def test_a_large_survey_workbook_is_built_by_the_worker(client, hyy, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    plan = make_survey(hyy, forms=12, returned=8)
    monkeypatch.setattr("surveys.views.results.INLINE_WORKBOOK_FORMS", 5)
    client.force_login(UserFactory(role=Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("surveys:results_workbook", args=[plan.pk]))
    download = Download.objects.get()
    assert response.status_code == 302 and response.url == reverse("download_status", args=[download.pk])
    assert download.status == Download.Status.READY and download.builder == "surveys.exports.write_results_download"
    assert download.filename == exports.workbook_filename(plan)
    book = load_workbook(download.file.open("rb"))
    assert len(list(book.worksheets[-1].iter_rows(min_row=3))) == 8
    # The same data asked again: the file already built, no second build.
    client.get(reverse("surveys:results_workbook", args=[plan.pk]))
    assert Download.objects.count() == 1

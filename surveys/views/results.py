"""Results pages of the surveys app (SPEC §5): one survey's results (live while its forms are out), its
opinions, its workbook and the printable notice for residents and the owners' committee; every
estate's latest survey side by side."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from core import downloads
from core.charts import bar_chart
from core.models import Office, PaperForm
from core.roles import role_required
from residents.privacy import can_see_personal_details
from surveys.choices import Rating
from surveys.exports import INLINE_WORKBOOK_FORMS, results_workbook_response, workbook_filename
from surveys.hooks.results import OVERVIEW_ROLES
from surveys.models import Rectification
from surveys.permissions import READ_ROLES
from surveys.results import PARETO_SHARE, formula_lines, percent
from surveys.results_charts import results_charts
from surveys.rules import MIN_RETURN_RATE
from surveys.selectors.results import (
    STARTED,
    opinion_rows,
    opinions,
    recent_opinions,
    results_fingerprint,
    results_overview,
    survey_results,
    survey_years,
    visible_plan,
)

OPINIONS_PAGE_SIZE = 50
NOTICE_FORM = "survey_notice"  # core.PaperForm: the office's document number for the notice


def _started_plan(request, pk):
    plan = visible_plan(request.user, pk)
    if plan.status not in STARTED:
        raise Http404
    return plan


@role_required(READ_ROLES)
def results(request, pk):
    plan = visible_plan(request.user, pk)
    context = {"plan": plan, "started": plan.status in STARTED}
    if context["started"]:
        figures = survey_results(plan)
        shown, total = recent_opinions(plan, request.user)
        context |= {
            "results": figures, "charts": results_charts(figures, previous_label=_previous_label(figures)),
            "formula": formula_lines(figures), "level_labels": [Rating(level).label for level in figures.levels],
            "pareto_share": PARETO_SHARE, "opinions": shown, "opinions_total": total, "now": timezone.now(),
        }
    return render(request, "surveys/results/results.html", context)


def _previous_label(figures):
    previous = figures.previous
    return f"{previous.number} ({previous.collection_ends:%Y-%m})" if previous else ""


@role_required(READ_ROLES)
def results_opinions(request, pk):
    plan = _started_plan(request, pk)
    page_obj = Paginator(opinions(plan, request.user), OPINIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = opinion_rows(page_obj.object_list, request.user)
    return render(request, "surveys/results/opinions.html",
                  {"plan": plan, "page_obj": page_obj, "show_unit": can_see_personal_details(request.user)})


@role_required(READ_ROLES)
def results_workbook(request, pk):
    """The workbook: built at once for an ordinary survey, by the worker for a large one (issue 15)."""
    plan = _started_plan(request, pk)
    if plan.forms.returned().count() > INLINE_WORKBOOK_FORMS:
        download = downloads.prepare(
            builder="surveys.exports.write_results_download", params={"plan": plan.pk},
            fingerprint=results_fingerprint(plan), filename=workbook_filename(plan), viewer=request.user,
            roles=READ_ROLES,
        )
        return redirect("download_status", download.pk)
    return results_workbook_response(plan, viewer=request.user)


@role_required(READ_ROLES)
def results_notice(request, pk):
    """The results notice 公告 on one A4 page: the figures, the rate per item and the items to rectify."""
    plan = _started_plan(request, pk)
    figures = survey_results(plan)
    rectifications = {row["item_id"]: row for row in Rectification.objects.filter(plan=plan).values(
        "item_id", "due_at", "status", "department__name")}
    context = {
        "plan": plan, "results": figures, "formula": formula_lines(figures), "office": Office.current(),
        "paper": PaperForm.objects.filter(key=NOTICE_FORM).first(), "now": timezone.now(),
        "to_rectify": [(item, rectifications.get(item.item.pk)) for item in figures.to_rectify],
    }
    return render(request, "surveys/results/notice.html", context)


@role_required(OVERVIEW_ROLES)
def overview(request):
    """Every estate's latest survey side by side (of a chosen year), the user's own estates only."""
    years = survey_years(request.user)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else None
    headlines = results_overview(request.user, year=year)
    chart = bar_chart(_("Overall satisfaction rate per estate (%)"),
                      [(row.plan.estate.name, _percent(row.rate)) for row in headlines], percent=True, width=640)
    return render(request, "surveys/results/overview.html", {
        "headlines": headlines, "years": years, "year": year, "chart": chart if headlines else None,
        "min_return_rate": MIN_RETURN_RATE,
    })


def _percent(value):
    shown = percent(value)
    return None if shown is None else float(shown)


urlpatterns = [
    path("results/", overview, name="results_overview"),
    path("plans/<int:pk>/results/", results, name="results"),
    path("plans/<int:pk>/results/opinions/", results_opinions, name="results_opinions"),
    path("plans/<int:pk>/results/workbook/", results_workbook, name="results_workbook"),
    path("plans/<int:pk>/results/notice/", results_notice, name="results_notice"),
]

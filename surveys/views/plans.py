"""The plan pages, the paper forms, the entry of returned forms and the resident's answer page (issue 12).

Thin views: read through surveys.selectors.plans, validate with surveys.forms, change through
surveys.services. Every plan and form is looked up through `visible_to(user)`: another office's is a 404."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import WorkflowError, error_text
from core.models import Office, PaperForm
from core.roles import MANAGEMENT_ROLES, role_required
from core.timeline import timeline_for
from core.workflow_views import action_forms, perform_action
from residents.privacy import name_for, phones_masked_in
from surveys import rules, tally
from surveys.choices import PlanStatus
from surveys.forms.plans import PlanFilterForm, PlanForm
from surveys.forms.returns import AnswerForm, CorrectionForm, EntryForm
from surveys.models import Questionnaire, SurveyForm
from surveys.permissions import DRAFT_ROLES, ENTRY_ROLES, READ_ROLES
from surveys.selectors import plans as selectors
from surveys.services import plans as services
from surveys.services.returns import (
    closed_message,
    correct_return,
    find_form,
    may_correct,
    record_return,
    window_open,
)
from surveys.workflows.plan import WORKFLOW, keep_until

PAGE_SIZE = 50
# Who opens the entry page: the front desk while the forms are out, managers also after (the workflow's
# "enter" step decides per plan).
ENTRY_PAGE_ROLES = ENTRY_ROLES | MANAGEMENT_ROLES
PAPER_FORM_KEY = "survey_form"  # core.PaperForm, installed by surveys/migrations/0003


# ---- plans ------------------------------------------------------------------------------------------

@role_required(READ_ROLES)
def plan_list(request):
    form = PlanFilterForm(request.GET or None, user=request.user)
    rows = form.filter(selectors.plan_list(user=request.user)).order_by("-created_at", "-pk")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/plans/plan_list.html", {"form": form, "page_obj": page_obj})


@role_required(DRAFT_ROLES)
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plans = services.draft_plans(data=form.to_input(), estates=list(form.cleaned_data["estates"]),
                                         by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan drafted: %(numbers)s.") % {"numbers": "、".join(p.number for p in plans)})
            return redirect(plans[0] if len(plans) == 1 else reverse("surveys:plan_list"))
    return render(request, "surveys/plans/plan_form.html", {"form": form})


@role_required(DRAFT_ROLES)
def plan_update(request, pk):
    plan = selectors.visible_plan_or_404(request.user, pk)
    try:
        WORKFLOW.check(request.user, plan, WORKFLOW.action("edit"), timezone.now())
    except WorkflowError as error:
        messages.error(request, error_text(error))
        return redirect(plan)
    form = PlanForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan=plan, data=form.to_input(), by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(request, "surveys/plans/plan_form.html", {"form": form, "plan": plan})


@role_required(READ_ROLES)
def plan_detail(request, pk):
    return _show_plan(request, selectors.visible_plan_or_404(request.user, pk))


def _show_plan(request, plan, bound=None):
    now = timezone.now()
    started = plan.status in (PlanStatus.COLLECTING, PlanStatus.CLOSED)
    sent, returned = tally.form_counts(plan) if started else (0, 0)
    context = {
        "plan": plan,
        "now": now,
        "actions": action_forms(WORKFLOW, request.user, plan, now=now, bound=bound),
        "can_edit": _may(request.user, plan, "edit", now),
        "can_enter": _may(request.user, plan, "enter", now),
        "distribution": None if started else selectors.distribution(plan),
        "buildings": selectors.sent_by_building(plan) if started else [],
        "sent": sent, "returned": returned,
        "return_rate": _percent(rules.return_rate(returned, sent)),
        "threshold": _percent(plan.rectification_threshold),
        "return_rate_low": rules.return_rate_too_low(returned, sent),
        "min_return_rate": rules.MIN_RETURN_RATE,
        "window_days": rules.collection_days(plan.collection_starts, plan.collection_ends),
        "steps": WORKFLOW.step_times(plan, now),
        "staff": list(plan.staff.all()),
        "items": list(plan.questionnaire.items.all()),
        "keep_until": keep_until(plan),
        "archived": WORKFLOW.is_archived(plan, now),
        "area_threshold": rules.AREA_THRESHOLD,
    }
    return render(request, "surveys/plans/plan_detail.html", context)


def _percent(share):
    """0.3125 → "31.3%" (a share shown as the office reads it); None → None."""
    return None if share is None else f"{share * 100:.1f}".removesuffix(".0") + "%"


def _may(user, plan, name, now):
    action = WORKFLOW.action(name)
    return WORKFLOW.allows(plan, action, now) and WORKFLOW.may(user, plan, action) and WORKFLOW.writable_by(
        user, plan, now)


@require_POST
@role_required(READ_ROLES)
def plan_act(request, pk, action):
    """One step of the plan: the declaration in surveys.workflows.plan decides who may and when."""
    return perform_action(request, WORKFLOW, selectors.visible_plan_or_404(request.user, pk), action,
                          show_detail=_show_plan)


@role_required(READ_ROLES)
def plan_forms(request, pk):
    """The forms sent, building by building: which came back and how, which are still out."""
    plan = selectors.visible_plan_or_404(request.user, pk)
    returned = {"1": True, "0": False}.get(request.GET.get("returned", ""))
    building = request.GET.get("building", "")[:20]
    rows = selectors.plan_forms(plan, returned=returned, building=building)
    page_obj = Paginator(rows, PAGE_SIZE * 4).get_page(request.GET.get("page"))
    buildings = selectors.sent_by_building(plan)
    return render(request, "surveys/plans/plan_forms.html", {
        "plan": plan, "page_obj": page_obj, "returned": request.GET.get("returned", ""), "building": building,
        "buildings": buildings,
    })


# ---- printed forms ------------------------------------------------------------------------------------

def answer_url(request, form):
    """The unit's answer link as printed: the office's public address when set (SURVEY_PUBLIC_URL, e.g.
    https://wuye.example.cn), else the address this page was opened at."""
    link = reverse("surveys:answer", args=[form.token])
    base = getattr(settings, "SURVEY_PUBLIC_URL", "")
    return base.rstrip("/") + link if base else request.build_absolute_uri(link)


# The QR codes: error correction M (a smudged or folded paper form still scans), and one fixed mask pattern —
# every mask is valid for the scanners, and trying all eight to pick the best took 7 of the 9 ms per code, so a
# whole estate's forms (2,000 sheets) print in seconds.
QR_ERROR, QR_MASK = "m", 0


def qr_svg(url):
    """The link as an inline SVG QR code (no image file, no inline style: the pages keep a strict CSP)."""
    code = segno.make_qr(url, error=QR_ERROR, mask=QR_MASK)
    return mark_safe(code.svg_inline(omitsize=True, svgclass="qr-code", lineclass=None))  # noqa: S308 - segno's markup


def _sheets(request, plan, forms):
    items = list(plan.questionnaire.items.all())
    levels = rules.levels(plan.questionnaire.scale)
    return {
        "plan": plan, "items": items, "levels": levels, "office": Office.current(),
        "paper": PaperForm.objects.filter(key=PAPER_FORM_KEY).first(),
        "sheets": [{"form": form, "url": url, "qr": qr_svg(url)}
                   for form, url in ((form, answer_url(request, form)) for form in forms)],
    }


@role_required(READ_ROLES)
def plan_print(request, pk):
    """Every form of the survey (or one building's) in one print, one A4 page per form."""
    plan = selectors.visible_plan_or_404(request.user, pk)
    building = request.GET.get("building", "")[:20]
    forms = selectors.plan_forms(plan, returned=False if request.GET.get("out") else None, building=building)
    return render(request, "surveys/plans/print_forms.html", _sheets(request, plan, forms))


@role_required(READ_ROLES)
def form_print(request, pk):
    form = selectors.visible_form_or_404(request.user, pk)
    return render(request, "surveys/plans/print_forms.html", _sheets(request, form.plan, [form]))


@role_required(READ_ROLES)
def form_detail(request, pk):
    form = selectors.visible_form_or_404(request.user, pk)
    return render(request, "surveys/plans/form_detail.html", {
        "survey_form": form, "plan": form.plan, "answers": selectors.form_answers(form),
        "events": timeline_for(form), "url": answer_url(request, form),
        # SPEC §2: the respondent's name and any phone in the opinion as this viewer may see them.
        "respondent": name_for(request.user, form.respondent),
        "opinion": phones_masked_in(request.user, form.opinion),
        "may_correct": may_correct(request.user, form, timezone.now()),
    })


@role_required(ENTRY_PAGE_ROLES)
def form_correct(request, pk):
    """Put right a paper form keyed in wrong: its rows as entered, changed, with the reason (issue 12)."""
    survey_form = selectors.visible_form_or_404(request.user, pk)
    if not may_correct(request.user, survey_form, timezone.now()):
        raise PermissionDenied
    plan = survey_form.plan
    items = list(plan.questionnaire.items.all())
    form = CorrectionForm(request.POST or None, plan=plan, items=items,
                          initial=CorrectionForm.initial_for(survey_form))
    if request.method == "POST" and form.is_valid():
        try:
            correct_return(form.to_input(survey_form), reason=form.cleaned_data["reason"], by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The form of %(unit)s was corrected.") % {"unit": survey_form.unit.label})
            return redirect("surveys:form_detail", survey_form.pk)
    return render(request, "surveys/plans/form_correct.html", {
        "survey_form": survey_form, "plan": plan, "form": form, "levels": form.levels,
    })


# ---- entering returned paper forms --------------------------------------------------------------------

@role_required(ENTRY_PAGE_ROLES)
def entry_start(request):
    """The surveys whose forms are out; with only one, straight to its entry page."""
    plans = list(selectors.collecting_plans(user=request.user))
    if len(plans) == 1 and not request.GET.get("all"):
        return redirect("surveys:entry", plans[0].pk)
    return render(request, "surveys/plans/entry_start.html", {"plans": plans})


def _entry_plan(request, pk):
    plan = selectors.visible_plan_or_404(request.user, pk)
    action = WORKFLOW.action("enter")
    if not WORKFLOW.may(request.user, plan, action) or not WORKFLOW.writable_by(request.user, plan, timezone.now()):
        raise PermissionDenied
    return plan


@role_required(ENTRY_PAGE_ROLES)
def entry(request, pk):
    """A returned paper form in seconds: the unit, one row per item (number keys), the opinion, save and next."""
    plan = _entry_plan(request, pk)
    items = list(plan.questionnaire.items.all())
    open_now = WORKFLOW.allows(plan, WORKFLOW.action("enter"), timezone.now())
    form = EntryForm(request.POST or None, plan=plan, items=items)
    if request.method == "POST" and open_now and form.is_valid():
        try:
            saved = record_return(form.to_input(form.survey_form), by=request.user)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(unit)s saved. Next form.") % {"unit": saved.unit.label})
            return redirect("surveys:entry", plan.pk)
    sent, returned = tally.form_counts(plan)
    return render(request, "surveys/plans/entry.html", {
        "plan": plan, "form": form, "open_now": open_now, "sent": sent, "returned": returned,
        "recent": selectors.recent_returns(plan), "levels": form.levels,
    })


@role_required(ENTRY_PAGE_ROLES)
def entry_check(request, pk):
    """As the clerk leaves the unit box: whose form it is, or why it cannot be entered (htmx)."""
    plan = _entry_plan(request, pk)
    found, problem = None, ""
    try:
        found = find_form(plan, request.GET.get("unit", "")[:200])
    except WorkflowError as error:
        problem = error_text(error)
    return render(request, "surveys/plans/partials/entry_check.html", {"found": found, "problem": problem})


# ---- questionnaires ----------------------------------------------------------------------------------

@role_required(READ_ROLES)
def questionnaire_list(request):
    rows = Questionnaire.objects.prefetch_related("items").order_by("-active", "name")
    return render(request, "surveys/plans/questionnaire_list.html", {"questionnaires": rows})


@role_required(READ_ROLES)
def questionnaire_detail(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    items = list(questionnaire.items.all())
    plans = selectors.plan_list(user=request.user).filter(questionnaire=questionnaire).order_by("-created_at")[:20]
    return render(request, "surveys/plans/questionnaire_detail.html", {
        "questionnaire": questionnaire, "items": items, "levels": rules.levels(questionnaire.scale), "plans": plans,
    })


# ---- the resident's page --------------------------------------------------------------------------------

@login_not_required
def answer(request, token):
    """The unit's own link (no login): one answer per form, only within the collection dates (SPEC §5)."""
    form = get_object_or_404(
        SurveyForm.objects.select_related("plan__questionnaire", "plan__estate", "unit__building"), token=token
    )
    plan = form.plan
    items = list(plan.questionnaire.items.all())
    context = {"survey_form": form, "plan": plan, "done": form.is_returned and request.GET.get("thanks"),
               "closed": "" if window_open(plan, timezone.localdate()) else closed_message(plan)}
    if form.is_returned or context["closed"]:
        return render(request, "surveys/answer/answer.html", context)
    answer_form = AnswerForm(request.POST or None, plan=plan, items=items)
    if request.method == "POST" and answer_form.is_valid():
        try:
            record_return(answer_form.to_input(form), by=None)
        except WorkflowError as error:
            answer_form.add_error(None, error)
        else:
            return redirect(reverse("surveys:answer", args=[token]) + "?thanks=1")
    return render(request, "surveys/answer/answer.html", context | {"form": answer_form})


urlpatterns = [
    path("plans/", plan_list, name="plan_list"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_update, name="plan_update"),
    path("plans/<int:pk>/act/<slug:action>/", plan_act, name="plan_act"),
    path("plans/<int:pk>/forms/", plan_forms, name="plan_forms"),
    path("plans/<int:pk>/forms/print/", plan_print, name="plan_print"),
    path("plans/<int:pk>/entry/", entry, name="entry"),
    path("plans/<int:pk>/entry/check/", entry_check, name="entry_check"),
    path("entry/", entry_start, name="entry_start"),
    path("forms/<int:pk>/", form_detail, name="form_detail"),
    path("forms/<int:pk>/print/", form_print, name="form_print"),
    path("forms/<int:pk>/correct/", form_correct, name="form_correct"),
    path("questionnaires/", questionnaire_list, name="questionnaire_list"),
    path("questionnaires/<int:pk>/", questionnaire_detail, name="questionnaire_detail"),
    path("a/<str:token>/", answer, name="answer"),
]

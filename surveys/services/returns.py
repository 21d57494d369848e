"""A returned form: entered by the clerk from paper, or answered online by the resident through the unit's link.
One service for both, so both get the same validation (issue 12).

Saving one form is a handful of statements (the form locked and read with its plan, the items, one insert
of the answers, one update, one timeline entry): well under the 50 ms the issue allows.

The timeline entry goes on the form, not on the plan: a survey of 2,000 forms would bury the plan's own steps
under 2,000 lines; the plan's page shows the counts, and each form says who entered it, when and how.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.errors import WorkflowError
from core.timeline import record_event
from residents.models import Unit
from surveys import rules
from surveys.choices import PlanStatus, ReturnChannel
from surveys.models import Answer, SurveyForm
from surveys.services.plans import office_text
from surveys.workflows.plan import WORKFLOW

# What a clerk types or scans for a unit: "3-1202", "3 1202", "3栋1202", "A座1801室"; or the form's answer
# link (a barcode scanner types the QR code's address), or its key alone.
UNIT_PATTERN = re.compile(
    r"^\s*([0-9A-Za-z]+)\s*(?:[-－—_/#\s]|栋|座|幢|号楼)\s*([0-9A-Za-z]+)\s*(?:室|号)?\s*$"
)
TOKEN_PATTERN = re.compile(r"(?:/a/)?([A-Za-z0-9_-]{20,32})/?\s*$")
TOKEN_MIN_LENGTH = 20  # a unit label is far shorter than an answer link's key (22 characters)


@dataclass(frozen=True)
class ReturnInput:
    """One returned form: the ratings ({item pk: rating}; an item the resident left blank is left out), the
    opinion, who answered (optional), on paper or online."""

    form: Any
    ratings: Mapping = field(default_factory=dict)
    opinion: str = ""
    respondent: str = ""
    channel: str = ReturnChannel.PAPER


def unit_label(form):
    return form.unit.label


def already_returned_message(form):
    return format_lazy(
        _("The form of {unit} in this survey was already returned on {date} ({channel}); a second return is not "
          "accepted."),
        unit=unit_label(form), date=timezone.localtime(form.returned_at).strftime("%Y-%m-%d %H:%M"),
        channel=form.get_channel_display(),
    )


def find_form(plan, text):
    """The plan's form for the unit typed or scanned; a clear WorkflowError when there is none."""
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("Type the unit (e.g. 3-1202) or scan the form's code."))
    forms = SurveyForm.objects.filter(plan=plan).select_related("unit__building")
    token = TOKEN_PATTERN.search(text) if ("/" in text or len(text) >= TOKEN_MIN_LENGTH) else None
    if token:
        form = forms.filter(token=token.group(1)).first()
        if form is not None:
            return form
        raise WorkflowError(_("This code is not one of this survey's forms."))
    match = UNIT_PATTERN.match(text)
    if match:
        building, number = match.group(1).upper(), match.group(2).upper()
        form = forms.filter(unit__building__name=building, unit__number=number).first()
        if form is not None:
            return form
        label = f"{building}-{number}"
        if Unit.objects.filter(building__estate_id=plan.estate_id, building__name=building, number=number).exists():
            raise WorkflowError(format_lazy(
                _("{unit} got no form in this survey: it is not one of the units the forms went to."), unit=label))
        raise WorkflowError(format_lazy(_("There is no unit {unit} in {estate}."), unit=label, estate=plan.estate.name))
    raise WorkflowError(_("Type the unit as building-number, e.g. 3-1202."))


def window_open(plan, today):
    """Online answers are taken while the forms are out and within the collection dates (SPEC §5)."""
    return plan.status == PlanStatus.COLLECTING and plan.collection_starts <= today <= plan.collection_ends


def closed_message(plan):
    return format_lazy(_("This survey takes answers from {start} to {end}."),
                       start=plan.collection_starts.isoformat(), end=plan.collection_ends.isoformat())


def _check_ratings(entry, items, scale):
    levels = set(rules.levels(scale))
    known = {item.pk for item in items}
    for item_pk, rating in entry.ratings.items():
        if item_pk not in known or rating not in levels:
            raise WorkflowError(_("A rating is not one of this questionnaire's choices."))
    if not entry.ratings and not entry.opinion.strip():
        raise WorkflowError(_("Nothing to save: rate at least one item or write down the opinion."))


def _locked(form):
    """The form, locked until the transaction ends, with its plan and questionnaire."""
    return (
        SurveyForm.objects.select_for_update(of=("self",)).select_related("plan__questionnaire", "unit__building")
        .get(pk=form.pk)
    )


def _write_answers(form, items, ratings):
    """One answer per rated item, each keeping the plan (results read them by plan)."""
    Answer.objects.bulk_create(
        Answer(plan_id=form.plan_id, form=form, item_id=item.pk, rating=ratings[item.pk])
        for item in items if item.pk in ratings
    )


@transaction.atomic
def record_return(entry, *, by=None, now=None):
    """Record one returned form (SPEC §5): its answers, each keeping the plan, and the form marked returned.

    Paper (by = the clerk): while the forms are out by customer service, and a manager also after the survey
    is closed; a past year's survey only by a manager. Online (by=None): while the forms are out and within
    the collection dates. Either way one return per form: a second is refused with a clear message."""
    now = now or timezone.now()
    form = _locked(entry.form)
    plan = form.plan
    if entry.channel == ReturnChannel.ONLINE:
        if not window_open(plan, timezone.localdate(now)):
            raise WorkflowError(closed_message(plan))
    else:
        if by is None:
            raise PermissionDenied
        if plan.status not in (PlanStatus.COLLECTING, PlanStatus.CLOSED):
            raise WorkflowError(_("Returned forms are entered once the forms are out."))
        WORKFLOW.check(by, plan, WORKFLOW.action("enter"), now)
    if form.returned_at is not None:
        raise WorkflowError(already_returned_message(form))
    items = list(plan.questionnaire.items.all())
    _check_ratings(entry, items, plan.questionnaire.scale)
    _write_answers(form, items, entry.ratings)
    form.returned_at, form.channel, form.entered_by = now, entry.channel, by
    form.opinion, form.respondent = entry.opinion.strip(), entry.respondent.strip()
    form.save(update_fields=["returned_at", "channel", "entered_by", "opinion", "respondent"])
    label = _("Answered online") if entry.channel == ReturnChannel.ONLINE else _("Returned form entered")
    record_event(form, action="returned", label=label, by=by, at=now,
                 note=office_text(format_lazy(_("{unit}: {rated} of {items} items rated"), unit=unit_label(form),
                                              rated=len(entry.ratings), items=len(items))))
    return form


REASON_LENGTH = 200


def _ratings_text(form, items):
    """'服务态度: 很满意; 维修及时: —': the ratings of a form as they stood, for its timeline."""
    rated = dict(form.answers.values_list("item_id", "rating"))
    labels = {level.value: office_text(level.label) for level in rules.levels(form.plan.questionnaire.scale)}
    return "; ".join(f"{item.name}: {labels.get(rated.get(item.pk), '—')}" for item in items)


def may_correct(user, form, now):
    """Whether `user` may correct `form` now (the button and the page): the rules correct_return enforces,
    which also says why not, in words."""
    plan = form.plan
    return (form.is_returned and form.channel == ReturnChannel.PAPER and plan.status == PlanStatus.COLLECTING
            and WORKFLOW.may(user, plan, WORKFLOW.action("enter")) and WORKFLOW.writable_by(user, plan, now))


@transaction.atomic
def correct_return(entry, *, reason, by, now=None):
    """Correct a paper form keyed in wrong (a clerk's slip of the finger): its ratings, opinion and respondent
    replaced, the reason and what stood before kept on the form's timeline.

    By the people who may enter forms, while the survey collects them: once it is closed its results and
    rectifications were worked out from these answers. A form the resident answered online is the
    resident's own and is never changed by the office."""
    now = now or timezone.now()
    if by is None:
        raise PermissionDenied
    form = _locked(entry.form)
    plan = form.plan
    if form.returned_at is None:
        raise WorkflowError(_("This form has not been returned: enter it, there is nothing to correct."))
    if form.channel != ReturnChannel.PAPER:
        raise WorkflowError(_("The resident answered this form online: the office does not change it."))
    if plan.status != PlanStatus.COLLECTING:
        raise WorkflowError(_("A returned form is corrected only while the survey collects forms: the closed "
                              "survey's results and rectifications were worked out from it."))
    WORKFLOW.check(by, plan, WORKFLOW.action("enter"), now)
    # The note adds its own full stop after the reason.
    reason = (reason or "").strip().rstrip("。.；;")
    if not reason:
        raise WorkflowError(_("Say why the form is corrected."))
    items = list(plan.questionnaire.items.all())
    _check_ratings(entry, items, plan.questionnaire.scale)
    before = _ratings_text(form, items)
    form.answers.all().delete()
    _write_answers(form, items, entry.ratings)
    form.opinion, form.respondent = entry.opinion.strip(), entry.respondent.strip()
    form.save(update_fields=["opinion", "respondent"])
    record_event(form, action="corrected", label=_("Returned form corrected"), by=by, at=now,
                 note=office_text(format_lazy(_("{reason}. Before: {before}"), reason=reason[:REASON_LENGTH],
                                              before=before)))
    return form

"""Reads of rectifications, owners' forums and suggestion slips, composed for one screen; each scoped to the
estates the viewer works for (core.estates), names and phones as the viewer may see them (SPEC §2)."""

from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from callbacks.permissions import QUEUE_ROLES
from callbacks.selectors import source_callbacks
from core.estates import scoped
from core.roles import CUSTOMER_SERVICE_ROLES, OVERSIGHT_ROLES, SUPERVISION_ROLES, Role, has_role
from residents.models import Department
from residents.privacy import shown_name, shown_phone
from surveys.choices import UNSATISFIED, RectificationStatus, SlipStatus
from surveys.models import Answer, ForumFollowUp, OwnersForum, Rectification, SuggestionSlip

# Whoever reads every department's rectifications in the estates they work for.
ALL_DEPARTMENTS_ROLES = CUSTOMER_SERVICE_ROLES | SUPERVISION_ROLES | OVERSIGHT_ROLES


def my_departments(user):
    """The departments the user heads or belongs to (a subquery)."""
    return Department.objects.filter(Q(head=user) | Q(members=user)).values("pk")


# ---- rectifications -------------------------------------------------------------------------------------

def rectification_list(*, user):
    """The rectifications `user` may see: customer service, supervision and the oversight roles every
    department's; a department head those of a department he heads or belongs to; anyone else none."""
    rows = Rectification.objects.visible_to(user)
    if not has_role(user, ALL_DEPARTMENTS_ROLES):
        rows = rows.filter(department__in=my_departments(user)) if has_role(user, Role.DEPARTMENT_HEAD) else rows.none()
    return rows.select_related("plan", "item", "department__head", "estate")


def overdue_first(rows, now):
    """Overdue first, then the others still open by their deadline, then the done ones, latest first."""
    rank = Case(
        When(status=RectificationStatus.OPEN, next_due__lt=now, then=Value(0)),
        When(status=RectificationStatus.OPEN, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return rows.annotate(rank=rank).order_by("rank", F("next_due").asc(nulls_last=True), "-done_at", "-pk")


def rectification_units(rectification, *, user):
    """The units that rated the item unsatisfied in that survey, each with its rating and the callbacks made
    to it about this rectification (oldest first): [{"unit", "rating", "callbacks", "latest"}] (two queries)."""
    answers = (
        Answer.objects.filter(plan_id=rectification.plan_id, item_id=rectification.item_id,
                              rating__in=list(UNSATISFIED))
        .select_related("form__unit__building").order_by("form__unit__building__name", "form__unit__number")
    )
    callbacks = defaultdict(list)
    if has_role(user, QUEUE_ROLES):
        for callback in source_callbacks(rectification, user=user):
            callbacks[callback.unit_id].append(callback)
    rows = []
    for answer in answers:
        made = callbacks.get(answer.form.unit_id, [])
        rows.append({"unit": answer.form.unit, "rating": answer.get_rating_display(), "callbacks": made,
                     "latest": made[-1] if made else None})
    return rows


def progress_record(rectification):
    return rectification.progress.select_related("by")


def desk_department_rectifications(user, now):
    """A department head's open rectifications, soonest due first."""
    return (
        rectification_list(user=user).filter(status=RectificationStatus.OPEN, department__in=my_departments(user))
        .order_by("next_due", "pk")
    )


def desk_rectifications(user, now):
    """The supervisor's view: every open rectification of the estates he works for, soonest due first."""
    return rectification_list(user=user).filter(status=RectificationStatus.OPEN).order_by("next_due", "pk")


# ---- suggestion slips ------------------------------------------------------------------------------------

def slip_list(*, user):
    """The slips of the user's estates, the writer's name and phone as the user may see them."""
    return (
        SuggestionSlip.objects.visible_to(user)
        .select_related("estate", "unit__building", "complaint", "entered_by")
        .annotate(shown_name=shown_name(user, "name"), shown_phone=shown_phone(user, "phone"))
    )


def unsorted_first(rows):
    """The slips still to sort first (soonest due), then the sorted ones, newest first."""
    rank = Case(When(status=SlipStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.annotate(rank=rank).order_by("rank", F("sort_due").asc(nulls_last=True), "-found_on", "-pk")


def desk_slips_to_sort(user, now):
    return slip_list(user=user).filter(status=SlipStatus.NEW).order_by("sort_due", "pk")


# ---- owners' forums --------------------------------------------------------------------------------------

def forum_list(*, user, today=None):
    """The forums of the user's estates, newest first, with their open and overdue follow-ups counted (one
    query)."""
    today = today or timezone.localdate()
    open_ = Q(follow_ups__done_at__isnull=True)
    return (
        OwnersForum.objects.visible_to(user).select_related("estate", "created_by")
        .annotate(follow_up_count=Count("follow_ups"), open_count=Count("follow_ups", filter=open_),
                  overdue_count=Count("follow_ups", filter=open_ & Q(follow_ups__due_on__lt=today)))
        .order_by("-held_on", "-pk")
    )


def follow_ups(forum):
    return forum.follow_ups.select_related("done_by").order_by("due_on", "pk")


def overdue_follow_ups(user, now):
    """The follow-ups of the user's estates' forums not done by their day (the supervisor's desk)."""
    rows = scoped(ForumFollowUp.objects.all(), user)
    return (
        rows.filter(done_at__isnull=True, due_on__lt=timezone.localdate(now)).select_related("forum")
        .order_by("due_on", "pk")
    )

"""Every write to an owners' forum record 业主座谈会记录 (SPEC §5; seed 002 §4.1.2 c, §4.1.3 d): the record with
its follow-up items, a follow-up added later, a follow-up done; and the supervisors' overdue warning.

A forum has no states of its own, so no workflow declaration: each service checks who may (the same role
sets the pages use) and keeps a past year's record read only but for the managers (as help requests do,
SPEC §3). Its follow-ups stay open work: one may be marked done whatever the year.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.errors import ArchivedError, WorkflowError
from core.notifications import notify
from core.roles import MANAGEMENT_ROLES, Role, has_role, require_role, users_with_role
from core.timeline import record_event
from surveys.models import ForumFollowUp, OwnersForum
from surveys.permissions_followup import FORUM_WRITE_ROLES


def is_archived(forum, now):
    """A forum held in a past year is read only but for the managers."""
    return forum.held_on.year < timezone.localdate(now).year


def _check_archive(forum, by, now):
    if is_archived(forum, now) and not has_role(by, MANAGEMENT_ROLES):
        raise ArchivedError(_("This record is archived and can only be changed by a manager."))


def _check_follow_up(item, owner, due_on, held_on):
    if not item.strip() or not owner.strip():
        raise WorkflowError(_("Say what is to be done and who follows it up."))
    if due_on < held_on:
        raise WorkflowError(_("A follow-up cannot be due before the forum was held."))


def _follow_up_note(follow_up):
    return f"{follow_up.item[:60]} · {follow_up.owner} · {follow_up.due_on.isoformat()}"


@transaction.atomic
def record_forum(*, estate, held_on, theme, attendees, minutes, by, follow_ups=(), now=None):
    """Record a forum held on a theme (业主座谈会记录表): who came, the minutes, and its follow-up items, each
    with who follows it up and by when (`follow_ups`: dicts with item, owner, due_on). A forum held late in
    December may still be recorded in January by anyone who writes forums."""
    now = now or timezone.now()
    require_role(by, FORUM_WRITE_ROLES)
    if held_on > timezone.localdate(now):
        raise WorkflowError(_("A forum is recorded once it has been held."))
    if not (theme.strip() and attendees.strip() and minutes.strip()):
        raise WorkflowError(_("Give the theme, the attendees and the minutes."))
    forum = OwnersForum.objects.create(estate=estate, held_on=held_on, theme=theme, attendees=attendees,
                                       minutes=minutes, created_at=now, created_by=by)
    record_event(forum, action="recorded", label=_("Forum recorded"), by=by, at=now, note=theme)
    for entry in follow_ups:
        _add(forum, entry["item"], entry["owner"], entry["due_on"], by=by, now=now)
    return forum


def _add(forum, item, owner, due_on, *, by, now):
    _check_follow_up(item, owner, due_on, forum.held_on)
    follow_up = ForumFollowUp.objects.create(forum=forum, item=item, owner=owner, due_on=due_on)
    record_event(forum, action="follow_up_added", label=_("Follow-up added"), by=by, at=now,
                 note=_follow_up_note(follow_up), data={"follow_up": follow_up.pk})
    return follow_up


@transaction.atomic
def add_follow_up(*, forum, item, owner, due_on, by, now=None):
    """A follow-up agreed after the forum (or forgotten in the record)."""
    now = now or timezone.now()
    require_role(by, FORUM_WRITE_ROLES)
    forum = OwnersForum.objects.select_for_update().get(pk=forum.pk)
    _check_archive(forum, by, now)
    return _add(forum, item, owner, due_on, by=by, now=now)


@transaction.atomic
def complete_follow_up(*, follow_up, note, by, now=None):
    """Mark a follow-up done, with what was done (on the forum's timeline)."""
    now = now or timezone.now()
    require_role(by, FORUM_WRITE_ROLES)
    if not note.strip():
        raise WorkflowError(_("Write down what was done."))
    locked = ForumFollowUp.objects.select_for_update().select_related("forum").get(pk=follow_up.pk)
    if locked.done_at is not None:
        raise WorkflowError(_("This follow-up is already done."))
    locked.done_at, locked.done_by, locked.done_note = now, by, note
    locked.save(update_fields=["done_at", "done_by", "done_note"])
    record_event(locked.forum, action="follow_up_done", label=_("Follow-up done"), by=by, at=now,
                 note=f"{locked.item[:60]} · {note}", data={"follow_up": locked.pk})
    return locked


def warn_overdue_follow_ups(*, now=None):
    """Tell the estate's supervisors (and whoever recorded the forum) once when a follow-up is overdue: not
    done by the end of its day. Run by the scheduler (core.jobs); a rerun tells nobody twice."""
    now = now or timezone.now()
    rows = (
        ForumFollowUp.objects.filter(done_at__isnull=True, due_on__lt=timezone.localdate(now))
        .select_related("forum__created_by").order_by("due_on", "pk")
    )
    supervisors, created = {}, 0
    for follow_up in rows.iterator(chunk_size=500):
        forum = follow_up.forum
        if forum.estate_id not in supervisors:
            supervisors[forum.estate_id] = list(users_with_role(Role.SUPERVISOR, estate=forum.estate_id))
        created += len(notify(
            [forum.created_by, *supervisors[forum.estate_id]],
            message=format_lazy(_("Owners' forum “{theme}”: follow-up overdue ({owner}, due {day})"),
                                theme=forum.theme, owner=follow_up.owner, day=follow_up.due_on.isoformat()),
            url=forum.get_absolute_url(), key=f"forum_follow_up:{follow_up.pk}:{follow_up.due_on:%Y%m%d}:overdue",
        ))
    return created

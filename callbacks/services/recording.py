"""Recording a callback: each try, the verdict and what follows from it for the source; the promised
answer; closing one nobody could be reached for."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from callbacks import deadlines
from callbacks.choices import SATISFIED, Method, Outcome, Result, Status
from callbacks.models import CallbackAttempt, CallbackPolicy
from callbacks.services._common import note as _note
from callbacks.services._common import office_text, tell_meeting
from callbacks.sources import tell_source
from callbacks.workflow import WORKFLOW
from core.errors import WorkflowError
from core.notifications import notify
from core.roles import Role, users_with_role
from core.timeline import record_event


def _not_reached(callback, *, now, policy):
    """A retry, or after the third failed try the supervisor's turn (issue 13)."""
    tries = callback.failed_tries + 1
    changes = {"failed_tries": tries}
    if callback.status == Status.DUE and tries >= deadlines.MAX_FAILED_TRIES:
        changes |= {"escalated_at": now, "call_due": deadlines.escalated_due(now, calling_ends=policy.calling_ends)}
        return Status.ESCALATED, changes, _("Not reached three times: to the supervisor")
    changes["call_due"] = deadlines.retry_due(now, retry_after=policy.retry_after, calling_ends=policy.calling_ends)
    return callback.status, changes, _("Not reached: to be tried again")


def _meeting(serious, meeting_date, meeting_problem):
    if not serious:
        return {}
    if not meeting_date or not meeting_problem.strip():
        raise WorkflowError(_("A serious problem needs the meeting date and a description."))
    return {"meeting_date": meeting_date, "meeting_problem": meeting_problem}


@transaction.atomic
def record_callback(*, callback, by, result, method, called_at=None, person_reached="", comments="",
                    follow_up="", question="", answer_due=None, serious=False, meeting_date=None,
                    meeting_problem="", now=None):
    """Record one try (SPEC §6). Not reached: a retry is due, after three failed tries the supervisor's.
    Reached: the verdict is the callback's, and the source hears of it — unsatisfied reopens it (the
    complaint back to handling, the repair back to engineering), and its next callback is made due when
    it is handled again. A question that cannot be answered at once gets an agreed answer time, itself
    a deadline; a serious problem goes on the regular meeting. One transaction: refused by the source
    (e.g. a complaint that may not close yet), nothing is saved."""
    now = now or timezone.now()
    at = called_at or now
    if result not in Result.values or method not in Method.values:
        raise WorkflowError(_("Choose the result and the method."))
    reached = result != Result.NOT_REACHED
    if reached and not person_reached.strip():
        raise WorkflowError(_("Say whom you reached."))
    if question.strip() and answer_due is None:
        raise WorkflowError(_("Agree a time for the answer with the resident."))
    locked = WORKFLOW.lock(callback)
    policy = CallbackPolicy.current()
    changes = _meeting(serious, meeting_date, meeting_problem)
    if reached:
        waiting = bool(question.strip())
        target = Status.AWAITING_ANSWER if waiting else Status.DONE
        changes |= {
            "done_at": at, "done_by": by, "method": method, "person_reached": person_reached, "result": result,
            "comments": comments, "follow_up": follow_up, "question": question if waiting else "",
            "answer_due": answer_due if waiting else None,
        }
        label = _("Called back") if not waiting else _("Called back: answer promised")
    else:
        target, more, label = _not_reached(locked, now=now, policy=policy)
        changes |= more
    method_text, result_text = office_text(Method(method).label), office_text(Result(result).label)
    tries = f"{changes['failed_tries']}/{deadlines.MAX_FAILED_TRIES}" if not reached else ""
    note = _note(method_text, person_reached, result_text, comments, follow_up, tries)
    # The source's page may be read by roles that see no residents' names (SPEC §2): no person there.
    source_note = _note(locked.number, method_text, result_text, comments, follow_up, tries)
    locked = WORKFLOW.transition(locked, "record", by=by, now=now, changes=changes, to=target, label=label,
                                 note=note, event="callback_recorded" if reached else "not_reached")
    CallbackAttempt.objects.create(callback=locked, at=at, by=by, method=method, result=result,
                                   person_reached=person_reached, comments=comments)
    record_event(locked.source, action="callback_recorded" if reached else "callback_not_reached",
                 label=_("Callback recorded") if reached else _("Callback try: not reached"), by=by, at=now,
                 note=source_note, data={"callback": locked.pk})
    if reached:
        tell_source(locked, Outcome.SATISFIED if result in SATISFIED else Outcome.UNSATISFIED, by=by, now=now)
    elif target == Status.ESCALATED and locked.escalated_at == now:
        notify(users_with_role(Role.SUPERVISOR, estate=locked.estate_id),
               message=format_lazy(_("{number}: not reached three times, now yours"), number=locked.number),
               url=locked.get_absolute_url(), key=f"callback:{locked.pk}:escalated", target=locked, step="call")
    if serious:
        tell_meeting(locked)
    return locked


@transaction.atomic
def record_answer(*, callback, answer, method, by, now=None):
    """预约时间答复: the promised answer given to the resident."""
    now = now or timezone.now()
    if not answer.strip():
        raise WorkflowError(_("Write down the answer given."))
    callback = WORKFLOW.transition(
        callback, "answer", by=by, now=now, note=_note(office_text(Method(method).label), answer),
        changes={"answer": answer, "answered_at": now, "answered_by": by},
    )
    record_event(callback.source, action="callback_answered", label=_("Promised answer given to the resident"),
                 by=by, at=now, note=_note(callback.number, answer), data={"callback": callback.pk})
    return callback


@transaction.atomic
def close_unreachable(*, callback, note, by, now=None):
    """The supervisor closes a callback nobody could be reached for (after three failed tries); the source
    is told (a complaint then closes, keeping its closing rules)."""
    now = now or timezone.now()
    if not note.strip():
        raise WorkflowError(_("Say why the callback is closed."))
    callback = WORKFLOW.transition(callback, "close_unreachable", by=by, now=now, note=note,
                                   changes={"closed_at": now, "closed_by": by, "close_note": note})
    record_event(callback.source, action="callback_unreachable", label=_("Callback closed: resident not reached"),
                 by=by, at=now, note=_note(callback.number, note), data={"callback": callback.pk})
    tell_source(callback, Outcome.UNREACHABLE, by=by, now=now)
    return callback

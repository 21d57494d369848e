"""One workflow declaration per model, read by everything (see ../shared/STYLE.md).

An app declares its workflow ONCE, in `<app>/workflow.py`:

- `Action`s: from which states, to which state (or none: a side step), which roles may take it (and
  which roles only for the record's own department), an extra guard, the form and the service the
  page runs, the message on success.
- `Deadline`s: the timed steps. Each names the stored due-time field, the states in which its clock
  runs, an extra condition, the action that does it, its own time limit and who is expected to act.

From that declaration:
- the detail page draws its buttons (`Workflow.available`, `core.workflow_views.action_forms`);
- the action view guards the POST with the same check (`Workflow.check`);
- every service moves its record through `Workflow.transition`: lock the row, check, apply the
  changes, set the target state FROM the declaration, keep `next_due`/`next_step` current, save
  with `update_fields`, write the timeline event, mark the notices of finished steps done;
- boards and lists read the stored `next_due`/`next_step` (an index range, no CASE per row);
- the periodic warnings and "whose move" read the deadlines (`Workflow.pending`, `warn_due`);
- a test walks every (state, action, role) edge.

Guards and deadline conditions read plain model fields only (no properties, no queries), so they
cost nothing on list rows and also run on the historical models of data migrations.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.errors import ArchivedError, TransitionError
from core.forms import EmptyForm
from core.notifications import mark_step_done, notify
from core.roles import MANAGEMENT_ROLES, has_role, in_department
from core.timeline import record_event

# The fields every workflow model carries for its boards (see `Workflow.schedule`).
NEXT_DUE_FIELD = "next_due"
NEXT_STEP_FIELD = "next_step"
# When the office sets no lead of its own: warn an hour before a step falls due.
DEFAULT_WARNING_LEAD = datetime.timedelta(hours=1)


def always(record):
    return True


def no_initial(record):
    return {}


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    source: frozenset
    # A state; a tuple of states when the service chooses by the outcome (it passes `to=`);
    # None for a side step that leaves the state as it is.
    target: Any = None
    # Who may take it whatever the department: a role set, or a function of the record giving one.
    roles: frozenset | Callable = frozenset()
    # Who may take it only for a record of their own department (its head or members).
    department_roles: frozenset = frozenset()
    when: Callable = always
    # The step's form class, or its dotted path (so a declaration need not import the forms module).
    form: type | str = EmptyForm
    # Called by the action view as service(<record_arg>=record, by=user, **form.cleaned_data); a
    # dotted path, so the declaration needs no import of the services that use it.
    # None: a step only the system (or another service) takes; no button.
    service: str | None = None
    done: Any = _("Saved.")
    # The timeline label (stored untranslated, shown in the reader's language); default: `label`.
    event: Any = None
    initial: Callable = no_initial
    form_kwargs: Callable = no_initial
    # Irreversible (closing, "not valid"): a red button that asks for confirmation.
    danger: bool = False
    # Only once this stored due time has passed (e.g. "escalate now" after the month).
    after: str | None = None

    @property
    def targets(self):
        if self.target is None:
            return ()
        return self.target if isinstance(self.target, tuple) else (self.target,)

    def form_class(self):
        return import_string(self.form) if isinstance(self.form, str) else self.form

    def role_set(self, record):
        return self.roles(record) if callable(self.roles) else self.roles

    def run(self, record_arg, record, *, by, data):
        return import_string(self.service)(**{record_arg: record}, by=by, **data)


@dataclass(frozen=True)
class Deadline:
    """A timed step: due at `record.<due>` while the record is in one of `states` and `when` holds."""

    name: str
    label: Any
    due: str
    states: frozenset
    action: str  # the action that does the step (whose move, the nudge)
    when: Callable = always
    # The step's own time limit (a timedelta, or a function of the record): a warning never comes
    # earlier than half of it, so a 10-minute step is not "due soon" the moment it starts.
    limit: datetime.timedelta | Callable | None = None
    # Who is expected to act, told when it falls due soon and when it is overdue.
    notify: Callable = lambda record: []
    # The stored time the step was done, so lateness stays visible after it is done (逾期完成).
    done: str | None = None
    # Whose move (the board's column): the one person expected to act, if there is one, and the team
    # named when the step is not the record's department's (e.g. the customer service centre).
    assignee: Callable = lambda record: None
    team: Any = None

    def limit_for(self, record):
        return self.limit(record) if callable(self.limit) else self.limit

    def warning_lead(self, record, office_lead):
        """The office's lead, but never more than half of the step's own limit."""
        limit = self.limit_for(record)
        return min(office_lead, limit / 2) if limit else office_lead


@dataclass
class Workflow:
    model: type
    record_arg: str  # the services' keyword for the record: complaint=..., help_request=...
    states: type  # the TextChoices of the state field
    open_states: frozenset
    actions: list
    deadlines: list = field(default_factory=list)
    state_field: str = "status"
    # The record's department, for `department_roles` and "whose move".
    department_field: str = "department"
    # archived(record, now) -> True when the record is read-only but for `archive_roles`.
    archived: Callable | None = None
    archive_roles: frozenset = MANAGEMENT_ROLES
    # select_related for the records the warning job reads (e.g. the department's head).
    related: tuple = ()

    def __post_init__(self):
        self._actions = {action.name: action for action in self.actions}
        self._deadlines = {deadline.name: deadline for deadline in self.deadlines}
        for action in self.actions:
            unknown = (set(action.source) | set(action.targets)) - set(self.states)
            if unknown:
                raise ValueError(f"{self.model.__name__}.{action.name}: unknown states {unknown}")
        for deadline in self.deadlines:
            if deadline.action not in self._actions:
                raise ValueError(f"{self.model.__name__} deadline {deadline.name}: no action {deadline.action}")

    # ---- reading the declaration -------------------------------------------------------------

    def action(self, name):
        """The declared action; KeyError if there is none (views turn it into a 404)."""
        return self._actions[name]

    def deadline(self, name):
        return self._deadlines.get(name)

    def state(self, record):
        return getattr(record, self.state_field)

    def is_open(self, record):
        return self.state(record) in self.open_states

    def department(self, record):
        return getattr(record, self.department_field, None) if self.department_field else None

    def allows(self, record, action, now=None):
        """The record's state and the action's guard allow it (who may is `may`)."""
        if action.after:
            due = getattr(record, action.after)
            if due is None or due > (now or timezone.now()):
                return False
        return self.state(record) in action.source and bool(action.when(record))

    def may(self, user, record, action):
        """The user's roles allow the action on this record (ignoring state and archive)."""
        if has_role(user, action.role_set(record)):
            return True
        return bool(action.department_roles) and has_role(user, action.department_roles) and in_department(
            user, self.department(record)
        )

    def is_archived(self, record, now):
        return bool(self.archived and self.archived(record, now))

    def writable_by(self, user, record, now):
        return not self.is_archived(record, now) or has_role(user, self.archive_roles)

    def available(self, user, record, now):
        """The actions this user may take on the record now, in declaration order (the page's buttons)."""
        if not self.writable_by(user, record, now):
            return []
        return [
            action for action in self.actions
            if action.service is not None and self.allows(record, action, now) and self.may(user, record, action)
        ]

    def check(self, user, record, action, now):
        """Raise PermissionDenied (role), ArchivedError (past period) or TransitionError (state or
        guard). `user=None` is the system (the scheduler), which is not checked for roles."""
        if user is not None:
            if not self.may(user, record, action):
                raise PermissionDenied
            if not self.writable_by(user, record, now):
                raise ArchivedError(_("This record is archived and can only be changed by a manager."))
        if not self.allows(record, action, now):
            raise TransitionError(
                format_lazy(
                    _("“{action}” is not possible while the record is “{state}”."),
                    action=action.label,
                    state=self.states(self.state(record)).label,
                )
            )

    # ---- deadlines -------------------------------------------------------------------------------

    def pending(self, record):
        """[(deadline, due)] of the timed steps still to be done, soonest first."""
        state = self.state(record)
        steps = []
        for deadline in self.deadlines:
            due = getattr(record, deadline.due)
            if due is not None and state in deadline.states and state in self.open_states and deadline.when(record):
                steps.append((deadline, due))
        return sorted(steps, key=lambda pair: pair[1])

    def schedule(self, record):
        """Set `next_due`/`next_step` from the pending deadlines; return the field names to save."""
        pending = self.pending(record)
        deadline, due = pending[0] if pending else (None, None)
        setattr(record, NEXT_DUE_FIELD, due)
        setattr(record, NEXT_STEP_FIELD, deadline.name if deadline else "")
        return [NEXT_DUE_FIELD, NEXT_STEP_FIELD]

    def next_deadline(self, record):
        return self._deadlines.get(getattr(record, NEXT_STEP_FIELD, ""))

    def whose_move(self, record):
        """(team, person) expected to take the record's next timed step: the declared team or the
        record's department, and the declared assignee. Runs no query on rows that select_related
        what the assignee reads."""
        deadline = self.next_deadline(record)
        if deadline is None:
            return None, None
        department = self.department(record)
        return deadline.team or (department.name if department else None), deadline.assignee(record)

    def step_times(self, record, now):
        """For every deadline the record has: (deadline, due, done_at, late_by or None, left or None) —
        done late shows as 逾期完成 with how late; not done shows the time left or overdue."""
        rows = []
        for deadline in self.deadlines:
            due = getattr(record, deadline.due)
            if due is None:
                continue
            done = getattr(record, deadline.done) if deadline.done else None
            moment = done or now
            late = moment - due if moment > due else None
            left = due - now if done is None and due >= now else None
            rows.append((deadline, due, done, late, left))
        return rows

    def done_late(self):
        """A SQL condition: some step was done after its due time (for list badges and statistics)."""
        condition = Q(pk__in=[])
        for deadline in self.deadlines:
            if deadline.done:
                condition |= Q(**{f"{deadline.done}__gt": F(deadline.due)})
        return condition

    # ---- writing ---------------------------------------------------------------------------------

    def create(self, record, *, by, now, label, note="", action="received", data=None):
        """Save a new record with its schedule, and its first timeline entry."""
        self.schedule(record)
        record.save()
        record_event(record, action=action, label=label, by=by, at=now, note=note, data=data)
        return record

    def lock(self, record):
        """The row, re-read under a lock (select_for_update) for the rest of the transaction."""
        return self.model.objects.select_for_update().get(pk=record.pk)

    def transition(self, record, name, *, by, now=None, changes=None, to=None, note="", label=None,
                   event=None, data=None):
        """Take action `name` on `record`: the one way a workflow record changes.

        `changes` is a dict of field values, or a function of the locked record returning one (for
        work that must read the locked row first; it may raise WorkflowError to refuse). `note` may
        likewise be a function of the locked record, read after the changes. `to` picks the target
        when the action declares several. Returns the locked, saved record.
        """
        action = self.action(name)
        now = now or timezone.now()
        with transaction.atomic():
            locked = self.lock(record)
            self.check(by, locked, action, now)
            before = {deadline.name for deadline, _due in self.pending(locked)}
            values = changes(locked) if callable(changes) else dict(changes or {})
            for field_name, value in values.items():
                setattr(locked, field_name, value)
            fields = list(values)
            target = self._target(action, to)
            if target is not None:
                setattr(locked, self.state_field, target)
                fields.append(self.state_field)
            fields += self.schedule(locked)
            locked.save(update_fields=sorted(set(fields)))
            record_event(
                locked, action=event or action.name, label=label or action.event or action.label, by=by, at=now,
                note=note(locked) if callable(note) else note, data=data,
            )
            after = {deadline.name for deadline, _due in self.pending(locked)}
            # Notices about deadlines this move ended, and any notice asking for this very action.
            mark_step_done(locked, (before - after) | {action.name}, now=now)
        return locked

    def _target(self, action, to):
        if to is None:
            if len(action.targets) > 1:
                raise ValueError(f"{action.name} leads to several states: pass to=")
            return action.targets[0] if action.targets else None
        if to not in action.targets:
            raise ValueError(f"{action.name} cannot lead to {to}")
        return to

    def nudge(self, record, *, by, now, note=""):
        """催办: tell the people of the record's next step again (the action "nudge", on the timeline)."""
        record = self.transition(record, "nudge", by=by, now=now, note=note)
        deadline = self.next_deadline(record)
        if deadline is not None:
            number = getattr(record, "number", record)
            text = format_lazy(_("{number}: {step} — please act now"), number=number, step=deadline.label)
            self.tell(
                record, deadline, kind="nudge", due=getattr(record, deadline.due),
                message=format_lazy("{} {}", text, note) if note else text,
                key=f"{self.model._meta.label_lower}:{record.pk}:{deadline.name}:nudge:{now:%Y%m%d%H%M%S}",
            )
        return record

    # ---- the periodic warnings ------------------------------------------------------------------

    def warn_due(self, *, now, office_lead=DEFAULT_WARNING_LEAD, url=None, extra_recipients=()):
        """Warn once per step when it is due within its lead, and again once it is overdue.

        Candidates come from the stored `next_due` (an index range); each candidate's pending steps
        are then checked in Python, so no step is missed when two fall due together. The notice key
        names the record, the step, its due time and the kind: a rerun tells nobody twice, a new due
        time (extension, reopening) gets warnings of its own. Returns the notices created.
        """
        rows = (
            self.model.objects.filter(**{f"{NEXT_DUE_FIELD}__lte": now + office_lead})
            .select_related(*self.related)
            .order_by(NEXT_DUE_FIELD, "pk")
        )
        created = 0
        for record in rows.iterator(chunk_size=500):
            for deadline, due in self.pending(record):
                if due > now + deadline.warning_lead(record, office_lead):
                    continue
                kind = "overdue" if due < now else "soon"
                created += len(self.tell(record, deadline, kind=kind, due=due, extra=extra_recipients, url=url))
        return created

    def tell(self, record, deadline, *, kind, due, extra=(), url=None, message=None, key=None):
        """Tell the people of a step that it is due soon / overdue (or nudge them: `kind="nudge"`)."""
        messages = {
            "soon": _("{number}: {step} due soon"),
            "overdue": _("{number}: {step} overdue"),
            "nudge": _("{number}: {step} — please act now"),
        }
        text = message or format_lazy(messages[kind], number=getattr(record, "number", record), step=deadline.label)
        recipients = [*deadline.notify(record), *extra]
        return notify(
            recipients,
            message=text,
            url=url(record) if url else record.get_absolute_url(),
            key=key or f"{self.model._meta.label_lower}:{record.pk}:{deadline.name}:{due:%Y%m%d%H%M}:{kind}",
            target=record,
            step=deadline.name,
            department=self.department(record),
        )


def recipients(*groups: Iterable):
    """Flatten user lists, dropping None and duplicates (for `Deadline.notify`)."""
    seen, users = set(), []
    for group in groups:
        for user in group or ():
            if user is not None and user.pk not in seen:
                seen.add(user.pk)
                users.append(user)
    return users

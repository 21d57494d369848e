"""Walk every edge of a declared workflow: each (state, action, role) either is allowed and lands in a
declared target state, or is refused (403 / WorkflowError) with nothing changed.

Used by each app's `test_workflow.py`:

    walk_every_edge(WORKFLOW, record_in=record_in_state, users=users, data=SAMPLE_DATA, now=now)

`record_in(state)` makes a record in that state (once per state; each edge runs in a savepoint that is
rolled back, so every edge starts from the same record); `users` maps a label to a user (give each
role, and the department staff of the record); `data` gives valid form input per action (through the
form, so the service gets what the page would send).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from core.errors import WorkflowError
from core.workflow_views import make_form


def _snapshot(record):
    record.refresh_from_db()
    return model_to_dict(record)


class _Rollback(Exception):
    pass


def walk_every_edge(workflow, *, record_in, users, data, now, states=None):
    """Returns the edges walked, as (state, action, user label), so a test can check it walked them all."""
    walked = []
    for state in states or workflow.states:
        record = record_in(state)
        for action in workflow.actions:
            if action.service is None:
                continue
            for label, user in users.items():
                edge = (state, action.name, label)
                try:
                    with transaction.atomic():
                        _walk_edge(workflow, record, action, user, data.get(action.name, {}), now, edge)
                        raise _Rollback
                except _Rollback:
                    pass
                walked.append(edge)
    return walked


def _walk_edge(workflow, record, action, user, data, now, edge):
    before = _snapshot(record)
    # The services run at the real time (they are called without now=), so the check does too.
    real_now = timezone.now()
    expected = (
        workflow.allows(record, action, real_now) and workflow.may(user, record, action)
        and workflow.writable_by(user, record, real_now)
    )
    form = make_form(action, record, {f"{action.name}-{key}": value for key, value in data.items()})
    if not form.is_valid():  # e.g. nobody to forward a minor complaint to: refused at the form
        assert not expected, (edge, form.errors)
        return
    try:
        with transaction.atomic():
            action.run(workflow.record_arg, record, by=user, data=form.cleaned_data)
    except (PermissionDenied, WorkflowError):
        assert not expected, f"refused but offered: {edge}"
        assert _snapshot(record) == before, f"refused but changed: {edge}"
    else:
        assert expected, f"taken but not offered: {edge}"
        record.refresh_from_db()
        landed = workflow.state(record)
        assert landed in (action.targets or (before[workflow.state_field],)), f"{edge} landed in {landed}"

"""What each kind of source does when its callback is recorded, and where its page is.

A callback only knows its source through a generic relation (see callbacks.models). What the verdict
means for the source is the source app's business, reached through its own services:

- repair: unsatisfied → the repair goes back to engineering (requests_app.services.reopen_repair);
- complaint: satisfied → closed, unsatisfied → back to handling, never reached → closed by the
  supervisor's decision (complaints.services.record_callback, keeping the complaint's closing rules).

Another app adds its own kinds on its AppConfig, like `nav_items` and `periodic_jobs`:

    callback_sources = [CallbackSource("rectification", "surveys:task_detail",
                                       unsatisfied="surveys.services.reopen_rectification")]

A hook is a function (or its dotted path) called as hook(source=..., callback=..., by=..., now=...)
inside the transaction that records the callback; a WorkflowError it raises refuses the whole
recording, and the user sees the message next to the form.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

from callbacks.choices import Outcome, SourceKind


@dataclass(frozen=True)
class CallbackSource:
    kind: str
    url_name: str  # the source's page, reversed with the source's pk
    satisfied: Any = None
    unsatisfied: Any = None
    unreachable: Any = None

    def hook(self, outcome):
        hook = {Outcome.SATISFIED: self.satisfied, Outcome.UNSATISFIED: self.unsatisfied,
                Outcome.UNREACHABLE: self.unreachable}[outcome]
        return import_string(hook) if isinstance(hook, str) else hook


def _follow_up_note(callback):
    return " ".join(part for part in (callback.number, callback.follow_up or callback.comments) if part)


def _reopen_repair(*, source, callback, by, now):
    from requests_app.services import reopen_repair

    reopen_repair(help_request=source, reason=_follow_up_note(callback), by=by, now=now)


def _complaint_outcome(satisfied):
    def hook(*, source, callback, by, now):
        from complaints.services import record_callback

        note = callback.close_note if satisfied is None else _follow_up_note(callback)
        record_callback(complaint=source, satisfied=satisfied, note=note, by=by, now=now)

    return hook


BUILT_IN = [
    CallbackSource(SourceKind.REPAIR, "requests_app:detail", unsatisfied=_reopen_repair),
    CallbackSource(
        SourceKind.COMPLAINT, "complaints:detail", satisfied=_complaint_outcome(True),
        unsatisfied=_complaint_outcome(False), unreachable=_complaint_outcome(None),
    ),
]


def registered():
    """{kind: CallbackSource}: the built-in kinds and those other installed apps declare."""
    sources = {source.kind: source for source in BUILT_IN}
    for config in apps.get_app_configs():
        for source in getattr(config, "callback_sources", ()):
            sources[source.kind] = source
    return sources


def source_for(kind):
    """The declaration of a kind; LookupError when no installed app handles it."""
    try:
        return registered()[kind]
    except KeyError:
        raise LookupError(f"No installed app handles callbacks of kind {kind!r}") from None


def source_url(callback):
    source = registered().get(callback.kind)
    return reverse(source.url_name, args=[callback.source_id]) if source else ""


def tell_source(callback, outcome, *, by, now):
    """Run the source's hook for this outcome (nothing when the kind has none)."""
    hook = source_for(callback.kind).hook(outcome)
    if hook is not None:
        hook(source=callback.source, callback=callback, by=by, now=now)

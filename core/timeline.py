"""The timeline attached to any record (see TimelineEvent)."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from core.models import TimelineEvent


def record_event(target, *, action, label, by=None, note="", at=None, data=None):
    """Write one timeline entry. `label` may be a lazy translation: it is stored untranslated
    and shown in each reader's language."""
    with translation.override(None):
        label_text = str(label)
    return TimelineEvent.objects.create(
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        action=action,
        label=label_text,
        actor=by,
        at=at or timezone.now(),
        note=note or "",
        data=data or {},
    )


def record_events(entries, *, action, label, by=None, at=None, batch_size=2000):
    """record_event for many records at once (a registry import), in bulk inserts. `entries` are
    (target, note) pairs of records of one model."""
    with translation.override(None):
        label_text = str(label)
    at = at or timezone.now()
    actor_id = by.pk if by else None
    events, content_type_id = [], None
    for target, note in entries:
        content_type_id = content_type_id or ContentType.objects.get_for_model(target, for_concrete_model=False).pk
        events.append(TimelineEvent(content_type_id=content_type_id, object_id=target.pk, action=action,
                                    label=label_text, actor_id=actor_id, at=at, note=note or "", data={}))
    return TimelineEvent.objects.bulk_create(events, batch_size=batch_size)


def timeline_for(target):
    return (
        TimelineEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )

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


def timeline_for(target):
    return (
        TimelineEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )

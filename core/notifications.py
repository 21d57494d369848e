"""In-app notifications, with a copy by e-mail through Django's mail settings."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from core.delivery import deliver
from core.models import Notification


def notify(recipients, *, message, url="", key="", target=None, step="", department=None):
    """Notify each user once. With a `key`, a user already told under that key is skipped,
    so a job run every minute tells each person once per step.

    `message` may be lazy (e.g. `format_lazy`); it is rendered in the office language.
    `target` and `step` name the record and workflow step the notice asks someone to do; taking
    that step marks it done (`mark_step_done`). Beyond the app the notice goes out by the configured
    channels (core.delivery: e-mail, the `department`'s group-chat webhook). Returns the notifications
    created.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)[:300]
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=False) if target else None
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, message=text, url=url, key=key, target_type=target_type,
                target_id=target.pk if target else None, step=step,
            )
            for user in users.values()
        ],
        ignore_conflicts=bool(key),
    )
    if created:
        deliver(created, text=text, url=url, department=department)
    return created


def mark_step_done(target, steps, *, now=None):
    """The steps were taken: their notices are done (and read), so they no longer ask for action."""
    if not steps:
        return 0
    now = now or timezone.now()
    notices = Notification.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        step__in=list(steps),
        done_at__isnull=True,
    )
    notices.filter(read_at__isnull=True).update(read_at=now)
    return notices.update(done_at=now)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

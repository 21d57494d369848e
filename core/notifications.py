"""In-app notifications, with a copy by e-mail through Django's mail settings."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from core.models import Notification


def notify(recipients, *, message, url="", key=""):
    """Notify each user once. With a `key`, a user already told under that key is skipped,
    so a command run every few minutes tells each person once per step.

    `message` may be lazy (e.g. `format_lazy`); it is rendered in the office language.
    Returns the notifications created.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)[:300]
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
    created = Notification.objects.bulk_create(
        [Notification(recipient=user, message=text, url=url, key=key) for user in users.values()],
        ignore_conflicts=bool(key),
    )
    emails = [user.email for user in users.values() if user.email]
    if emails:
        transaction.on_commit(lambda: _send_mail(text, url, emails))
    return created


def _send_mail(text, url, emails):
    body = f"{text}\n{url}" if url else text
    send_mail(subject=text[:78], message=body, from_email=None, recipient_list=emails, fail_silently=True)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

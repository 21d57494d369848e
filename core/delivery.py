"""How a notice reaches people beyond the app (issue 10): the channels in settings.NOTIFICATION_CHANNELS.

- `email`: a copy to each recipient with an e-mail address, through Django's mail settings;
- `webhook`: one message to the department's group chat (企业微信 / 钉钉 group robot: a JSON POST to the
  URL set on the department in the admin), posted by the worker with retries, so a slow or broken
  robot never holds up the user's save.
Both are sent only after the transaction commits. A channel is a function
`(notifications, *, text, url, department)`; add one by listing its dotted path.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_SECONDS = 10


class WebhookError(Exception):
    pass


def deliver(notifications, *, text, url, department=None):
    for path in settings.NOTIFICATION_CHANNELS:
        import_string(path)(notifications, text=text, url=url, department=department)


def _absolute(url):
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") and settings.SITE_URL else url


def email(notifications, *, text, url, department):
    addresses = sorted({n.recipient.email for n in notifications if n.recipient.email})
    if addresses:
        body = f"{text}\n{_absolute(url)}" if url else text
        transaction.on_commit(
            lambda: send_mail(subject=text[:78], message=body, from_email=None, recipient_list=addresses,
                              fail_silently=True)
        )


def webhook(notifications, *, text, url, department):
    target = getattr(department, "webhook_url", "") if department is not None else ""
    if notifications and target:
        from core.tasks import post_webhook

        content = f"{text}\n{_absolute(url)}" if url else text
        transaction.on_commit(lambda: post_webhook(target, content))


def post_webhook(url, text):
    """POST one text message the way WeCom and DingTalk group robots both take it; raise on failure
    (the worker retries, then logs)."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310 - admin-set URL
            answer = json.loads(response.read() or b"{}")
    except (OSError, ValueError) as error:
        logger.warning("webhook %s failed: %s", url, error)
        raise WebhookError(str(error)) from error
    if answer.get("errcode", 0) != 0:
        logger.warning("webhook %s refused the message: %s", url, answer)
        raise WebhookError(str(answer))

"""The worker's tasks (huey; `manage.py run_huey` runs them, `make run` starts it beside the web server).

Huey was chosen over django-q2 because it needs nothing but a file: its default queue is an embedded
SQLite file under var/ (set HUEY_REDIS_URL to move to Redis when an office outgrows it), it runs
periodic tasks without cron, and it retries failed tasks with a delay.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from core import delivery
from core.jobs import run_periodic_jobs

logger = logging.getLogger(__name__)

# Webhook delivery (issue 10): failures are retried, then logged; the user's save never waits for it.
WEBHOOK_RETRIES = 3
WEBHOOK_RETRY_DELAY_SECONDS = 60


@db_periodic_task(crontab(minute="*"))
def periodic_jobs_every_minute():
    results = run_periodic_jobs()
    logger.info("periodic jobs: %s", results)


@db_task(retries=WEBHOOK_RETRIES, retry_delay=WEBHOOK_RETRY_DELAY_SECONDS)
def post_webhook(url, text):
    delivery.post_webhook(url, text)

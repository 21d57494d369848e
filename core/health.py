"""The worker's health for /healthz (django-health-check): its periodic jobs ran within 5 minutes."""

import dataclasses

from asgiref.sync import sync_to_async
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from core.jobs import WORKER_SILENT_AFTER, last_run, worker_silent


@dataclasses.dataclass
class WorkerCheck(HealthCheck):
    async def run(self):
        if await sync_to_async(worker_silent)():
            last = await sync_to_async(last_run)()
            raise ServiceUnavailable(
                f"periodic jobs have not run for {WORKER_SILENT_AFTER} (last: {last or 'never'})"
            )

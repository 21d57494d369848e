"""Demo reports: last month's report of every estate, opened as the periodic job would (idempotent)."""

from reports.services import open_due_reports


def load(stdout):
    created = open_due_reports()
    if created:
        stdout.write(f"  {created} complaint reports opened")

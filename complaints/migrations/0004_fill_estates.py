from django.db import migrations

from core.migration_helpers import fill_estates


class Migration(migrations.Migration):
    """Issue 14: every record belongs to one estate's office, which alone sees it."""

    dependencies = [
        ("complaints", "0003_workflow_schedule"),
        ("residents", "0005_staff_postings"),
    ]

    operations = [migrations.RunPython(fill_estates("complaints", "Complaint"), migrations.RunPython.noop)]

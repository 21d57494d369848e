from django.db import migrations

from core.migration_helpers import fill_estates


class Migration(migrations.Migration):
    """Issue 14: every record belongs to one estate's office, which alone sees it."""

    dependencies = [
        ("callbacks", "0002_role_permissions"),
        ("residents", "0005_staff_postings"),
    ]

    operations = [migrations.RunPython(fill_estates("callbacks", "Callback"), migrations.RunPython.noop)]

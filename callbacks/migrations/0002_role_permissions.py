from django.db import migrations

from core.migration_helpers import grant_permissions

READ = ["view_callback", "view_callbackattempt", "view_callbackpolicy"]
# Issue 13: the office setting (next working day, trial-run period…) is edited in the admin by managers.
MANAGE = READ + ["change_callbackpolicy"]

GRANTS = {
    "supervisor": READ,
    "manager": MANAGE,
    "general_manager": MANAGE,
}


class Migration(migrations.Migration):
    dependencies = [("callbacks", "0001_initial"), ("core", "0002_role_groups")]

    operations = [migrations.RunPython(grant_permissions("callbacks", GRANTS), migrations.RunPython.noop)]

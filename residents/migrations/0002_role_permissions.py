from django.db import migrations

from core.migration_helpers import grant_permissions

MODELS = ["estate", "building", "unit", "resident", "occupancy", "department", "residentaccesslog"]
FRONT_DESK = [f"{verb}_{model}" for verb in ("view", "add", "change") for model in ("building", "unit", "resident", "occupancy")]
VIEW_ALL = [f"view_{model}" for model in MODELS if model != "residentaccesslog"]
MANAGE_ALL = [f"{verb}_{model}" for verb in ("view", "add", "change") for model in MODELS]

GRANTS = {
    "clerk": FRONT_DESK + VIEW_ALL,
    "supervisor": FRONT_DESK + VIEW_ALL,
    "department_head": VIEW_ALL,
    "manager": MANAGE_ALL,
    "general_manager": MANAGE_ALL,
    "quality": ["view_estate", "view_building", "view_unit", "view_department"],
}


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial"), ("core", "0002_role_groups")]

    operations = [migrations.RunPython(grant_permissions("residents", GRANTS), migrations.RunPython.noop)]

"""Used by the apps' data migrations to give each role's group its model permissions."""

from django.contrib.auth.management import create_permissions

from core.roles import Role


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def grant_permissions(app_label, grants):
    """Return a RunPython function that grants `{role: ["view_unit", ...]}` in `app_label`.

    Permissions are normally created after all migrations ran; create them first so that a
    fresh database gets its groups right in one `migrate`.
    """

    def forwards(apps, schema_editor):
        app_config = apps.get_app_config(app_label)
        # Migration state app configs are stubs without models_module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for role, codenames in grants.items():
            group, _created = Group.objects.get_or_create(name=Role(role).value)
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            group.permissions.add(*permissions)

    return forwards


def schedule_records(app_label, model_name, workflow_path):
    """Return a RunPython function that fills `next_due`/`next_step` of existing rows from the app's
    workflow declaration (its guards read plain fields, so they run on the historical model)."""
    from django.utils.module_loading import import_string

    def forwards(apps, schema_editor):
        workflow = import_string(workflow_path)
        model = apps.get_model(app_label, model_name)
        for record in model.objects.iterator(chunk_size=1000):
            fields = workflow.schedule(record)
            record.save(update_fields=fields)

    return forwards


def fill_estates(app_label, model_name):
    """Return a RunPython function that gives every row of `model_name` without an estate its unit's
    estate, or the only estate when the company has one (issue 14: each record belongs to one office,
    which alone sees it)."""

    def forwards(apps, schema_editor):
        from django.db.models import OuterRef, Subquery

        Model = apps.get_model(app_label, model_name)
        Unit = apps.get_model("residents", "Unit")
        Estate = apps.get_model("residents", "Estate")
        unit_estate = Unit.objects.filter(pk=OuterRef("unit")).values("building__estate")[:1]
        Model.objects.filter(estate__isnull=True, unit__isnull=False).update(estate=Subquery(unit_estate))
        estates = list(Estate.objects.values_list("pk", flat=True)[:2])
        if len(estates) == 1:
            Model.objects.filter(estate__isnull=True).update(estate=estates[0])

    return forwards

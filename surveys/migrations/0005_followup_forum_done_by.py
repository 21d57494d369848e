import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import grant_permissions

# The printed forms of this area (seed 002 意见征询制度 6 and §4.1.3 d); the office adds its document numbers
# in the admin (core.PaperForm).
FORMS = [
    ("rectification_record", "整改措施落实情况记录"),
    ("owners_forum", "业主座谈会记录表"),
]

# The admin is read only for these records (every change goes through the pages); supervision reads them.
READ = ["view_rectification", "view_rectificationprogress", "view_ownersforum", "view_forumfollowup",
        "view_suggestionslip"]
GRANTS = {"supervisor": READ, "manager": READ, "general_manager": READ}


def install_forms(apps, schema_editor):
    PaperForm = apps.get_model("core", "PaperForm")
    for key, title in FORMS:
        PaperForm.objects.get_or_create(key=key, defaults={"title": title})


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0004_plan_permissions"),
        ("core", "0005_paper_forms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="forumfollowup",
            name="done_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="marked done by"),
        ),
        migrations.AddIndex(
            model_name="forumfollowup",
            index=models.Index(condition=models.Q(("done_at__isnull", True)), fields=["due_on"],
                               name="survey_forum_follow_up_open"),
        ),
        migrations.RunPython(install_forms, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions("surveys", GRANTS), migrations.RunPython.noop),
    ]

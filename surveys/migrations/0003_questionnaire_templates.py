"""Issue 12: the two questionnaires of the seeds (surveys.services.questionnaires) and the heading of the
printed form 业主调查表 (core.PaperForm, whose document number the office sets in the admin)."""

from django.db import migrations

from surveys.services.questionnaires import install_templates

PAPER_FORM_KEY = "survey_form"
PAPER_FORM_TITLE = "业主调查表"


def forwards(apps, schema_editor):
    install_templates(apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "QuestionnaireItem"))
    apps.get_model("core", "PaperForm").objects.get_or_create(key=PAPER_FORM_KEY,
                                                              defaults={"title": PAPER_FORM_TITLE})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_plan_collection_ended"), ("core", "0005_paper_forms")]

    # Nothing is taken back: the office may already have plans on these questionnaires.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

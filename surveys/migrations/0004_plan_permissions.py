"""Issue 12: each role's model permissions for plans, forms and questionnaires (the admin). Every change to
a plan or a returned form goes through the app's pages (surveys.services); the admin lists them. The
supervisor, the manager and the general manager make and edit questionnaires; the vice general manager
(副总经理, the plan's reviewer) and quality read."""

from django.db import migrations

from core.migration_helpers import grant_permissions

READ = ["view_surveyplan", "view_surveyform", "view_answer", "view_questionnaire", "view_questionnaireitem"]
EDIT_QUESTIONNAIRES = READ + ["add_questionnaire", "change_questionnaire", "add_questionnaireitem",
                              "change_questionnaireitem", "delete_questionnaireitem"]

GRANTS = {
    "supervisor": EDIT_QUESTIONNAIRES,
    "manager": EDIT_QUESTIONNAIRES,
    "general_manager": EDIT_QUESTIONNAIRES,
    "vice_general_manager": READ,
    "quality": READ,
}


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_questionnaire_templates"), ("core", "0003_notification_steps_vice_general_manager")]

    operations = [migrations.RunPython(grant_permissions("surveys", GRANTS), migrations.RunPython.noop)]

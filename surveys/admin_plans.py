"""The admin of plans, questionnaires and forms.

Questionnaires are made and edited here (the office's own templates); a questionnaire some plan already sent
forms with keeps its scale and items as they were, so past answers keep their meaning. Plans and forms are
read-only here: every change goes through the plan pages (surveys.services). Nothing is deleted (SPEC §5:
kept 2 years)."""

from django.contrib import admin

from core.admin import EstateScopedAdmin
from surveys.choices import PlanStatus
from surveys.models import Questionnaire, QuestionnaireItem, SurveyForm, SurveyPlan


def _in_use(questionnaire):
    """Some plan sent forms with it: its scale and items stay as the answers were given."""
    return questionnaire is not None and questionnaire.pk is not None and questionnaire.plans.filter(
        status__in=[PlanStatus.COLLECTING, PlanStatus.CLOSED]
    ).exists()


class ItemInline(admin.TabularInline):
    model = QuestionnaireItem
    extra = 0
    fields = ["position", "name", "department_kind", "department"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if _in_use(obj) else []

    def has_add_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "scale", "active", "created_at"]
    list_filter = ["scale", "active"]
    search_fields = ["name", "items__name"]
    inlines = [ItemInline]

    def get_readonly_fields(self, request, obj=None):
        return ["scale"] if _in_use(obj) else []

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(EstateScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyPlan)
class SurveyPlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "estate", "year", "status", "collection_starts", "collection_ends"]
    list_filter = ["status", "year", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "title"]
    list_select_related = ["estate"]


@admin.register(SurveyForm)
class SurveyFormAdmin(ReadOnlyAdmin):
    list_display = ["plan", "unit", "sent_at", "returned_at", "channel"]
    list_filter = ["channel", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["plan__number", "unit__number"]
    list_select_related = ["plan", "unit__building__estate"]

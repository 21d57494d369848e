from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from callbacks import services
from callbacks.models import Callback, CallbackAttempt, CallbackPolicy
from core.admin import EstateScopedAdmin


class AttemptInline(admin.TabularInline):
    model = CallbackAttempt
    extra = 0
    can_delete = False
    fields = ["at", "by", "method", "result", "person_reached", "comments"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Callback)
class CallbackAdmin(EstateScopedAdmin):
    """Read only: every change goes through the callback pages (callbacks.services)."""

    list_display = ["number", "kind", "source_link", "status", "due_at", "estate", "department", "result", "done_at"]
    list_filter = ["kind", "status", "result", ("estate", admin.RelatedOnlyFieldListFilter),
                   ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "source_label", "subject"]
    date_hierarchy = "due_at"
    list_select_related = ["estate", "department"]
    inlines = [AttemptInline]

    @admin.display(description=_("source number"), ordering="source_label")
    def source_link(self, obj):
        url = obj.source_url()
        return format_html('<a href="{}">{}</a>', url, obj.source_label) if url else obj.source_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CallbackPolicy)
class CallbackPolicyAdmin(admin.ModelAdmin):
    """The office's callback setting (one row)."""

    list_display = ["__str__", "follow_up_working_days", "repair_trial_run_days", "immediate_minutes", "retry_hours",
                    "calling_starts", "calling_ends", "updated_at", "updated_by"]
    fields = ["follow_up_working_days", "repair_trial_run_days", "immediate_minutes", "retry_hours", "calling_starts",
              "calling_ends", "warning_lead_hours", "meeting_weekday"]

    def has_add_permission(self, request):
        return not CallbackPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.update_policy(policy=obj, by=request.user)

from django.contrib import admin

from complaints.models import Complaint, ComplaintExtension, ComplaintPolicy
from core.admin import EstateScopedAdmin


class ExtensionInline(admin.TabularInline):
    model = ComplaintExtension
    extra = 0
    readonly_fields = ["requested_by", "requested_at", "old_due", "new_due", "approver_role", "decision",
                       "decided_by", "decided_at"]
    can_delete = False


@admin.register(Complaint)
class ComplaintAdmin(EstateScopedAdmin):
    """Read-mostly: state changes go through the workflow pages (services), not admin edits."""

    list_display = ["number", "received_at", "level", "status", "department", "estate", "is_valid"]
    list_filter = ["status", "level", "is_valid", "channel", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "complainant_name", "description"]
    date_hierarchy = "received_at"
    list_select_related = ["department", "estate"]
    inlines = [ExtensionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ComplaintPolicy)
class ComplaintPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "working_days", "warning_lead_minutes", "updated_at", "updated_by"]
    fields = ["working_days", "warning_lead_minutes"]

    def has_add_permission(self, request):
        return not ComplaintPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

from django.contrib import admin

from core.admin import EstateScopedAdmin
from requests_app.models import HelpRequest, RepairOrder


class NoDeleteAdmin(EstateScopedAdmin):
    """SPEC §3: records are archived and kept, never deleted; state changes go through the app."""

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RepairOrderInline(admin.StackedInline):
    model = RepairOrder
    can_delete = False
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HelpRequest)
class HelpRequestAdmin(NoDeleteAdmin):
    list_display = ["number", "received_at", "category", "channel", "status", "estate", "received_by"]
    list_filter = ["category", "channel", "status", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "matter", "caller_name"]
    list_select_related = ["estate", "received_by"]
    date_hierarchy = "received_at"
    inlines = [RepairOrderInline]


@admin.register(RepairOrder)
class RepairOrderAdmin(NoDeleteAdmin):
    list_display = ["help_request", "responsibility", "assignee", "completed_at", "verdict"]
    list_filter = ["responsibility", "verdict"]
    list_select_related = ["help_request", "assignee"]

"""The admin of rectifications, owners' forums and suggestion slips: read only (every change goes through the
pages and their services, which keep the timeline), scoped to the user's estates, nothing deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import EstateScopedAdmin
from surveys.models import ForumFollowUp, OwnersForum, Rectification, RectificationProgress, SuggestionSlip


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgressInline(ReadOnlyMixin, admin.TabularInline):
    model = RectificationProgress
    extra = 0
    fields = ["at", "by", "note"]
    readonly_fields = fields


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyMixin, EstateScopedAdmin):
    list_display = ["number", "plan", "item", "department", "status", "due_at", "done_at"]
    list_filter = ["status", ("estate", admin.RelatedOnlyFieldListFilter),
                   ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "item__name", "measure", "result"]
    list_select_related = ["plan", "item", "department"]
    inlines = [ProgressInline]


class FollowUpInline(ReadOnlyMixin, admin.TabularInline):
    model = ForumFollowUp
    extra = 0
    fields = ["item", "owner", "due_on", "done_at", "done_by", "done_note"]
    readonly_fields = fields


@admin.register(OwnersForum)
class OwnersForumAdmin(ReadOnlyMixin, EstateScopedAdmin):
    list_display = ["held_on", "estate", "theme", "created_by"]
    list_filter = [("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["theme", "minutes"]
    date_hierarchy = "held_on"
    inlines = [FollowUpInline]


@admin.register(SuggestionSlip)
class SuggestionSlipAdmin(ReadOnlyMixin, EstateScopedAdmin):
    list_display = ["number", "found_on", "estate", "status", "complaint_number"]
    list_filter = ["status", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "content"]
    date_hierarchy = "found_on"
    list_select_related = ["estate", "complaint"]
    # The writer's name and phone stay on the slip's page, masked for roles that may not see them (SPEC §2).
    exclude = ["name", "phone", "resident"]

    @admin.display(description=_("complaint"))
    def complaint_number(self, obj):
        return obj.complaint.number if obj.complaint_id else ""

from django.contrib import admin

from core.models import JobRun, Notification, Office, PaperForm, Sequence, TimelineEvent


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["at", "content_type", "object_id", "label", "actor"]
    list_filter = ["content_type", "action"]
    search_fields = ["label", "note"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["message", "recipient__username"]


@admin.register(PaperForm)
class PaperFormAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "number", "version"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        return not Office.objects.exists()


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """When each periodic job last ran (the worker's heartbeat)."""

    list_display = ["name", "last_started_at", "last_finished_at", "last_result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

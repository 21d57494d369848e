from django.contrib import admin

from core.models import Notification, Sequence, TimelineEvent


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

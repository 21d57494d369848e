from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.estates import scoped, scoped_strictly
from core.models import Attachment, JobRun, Notification, Office, PaperForm, Sequence, TimelineEvent
from residents.models import StaffPosting


class EstateScopedAdmin(admin.ModelAdmin):
    """Issue 14: the admin lists and opens the rows of the estates the user works for (core.estates),
    and its pickers offer those estates' units, departments and staff only."""

    def get_queryset(self, request):
        return scoped_strictly(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._narrowed(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._narrowed(super().formfield_for_manytomany(db_field, request, **kwargs), request)

    @staticmethod
    def _narrowed(field, request):
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped(field.queryset, request.user)
        return field


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


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: attachments are added and withdrawn on their record's page (issue 11). Deleting one —
    the row and its files — is left to a superuser here, for what must not be kept."""

    list_display = ["original_name", "target_type", "target_id", "mime_type", "size", "uploaded_by", "uploaded_at",
                    "withdrawn_at"]
    list_filter = ["target_type", "mime_type"]
    search_fields = ["original_name", "description"]
    list_select_related = ["target_type", "uploaded_by"]
    # The stored names are not links: nothing under MEDIA_ROOT is served but through the download view.
    exclude = ["file", "thumbnail"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("attachment_download", args=[obj.pk]), obj.original_name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        _delete_files_on_commit([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _delete_files_on_commit(list(queryset))
        super().delete_queryset(request, queryset)


def _delete_files_on_commit(rows):
    names = [name for row in rows for name in (row.file.name, row.thumbnail.name) if name]

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


class StaffPostingInline(admin.StackedInline):
    """Issue 14: the estates whose office the staff member works for, on the user's own admin page."""

    model = StaffPosting
    can_delete = False
    filter_horizontal = ["estates"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffPostingInline]
    list_display = ["username", "first_name", "last_name", "is_active", "posted_to"]
    list_filter = [*UserAdmin.list_filter, "posting__all_estates", "posting__estates"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("posting").prefetch_related("posting__estates")

    @admin.display(description=_("estates"))
    def posted_to(self, user):
        posting = getattr(user, "posting", None)
        if posting is None:
            return "—"
        if posting.all_estates:
            return _("Every estate")
        return "、".join(estate.name for estate in posting.estates.all()) or "—"

from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect

from core.admin import EstateScopedAdmin
from core.estates import scoped
from residents import services
from residents.forms import VersionedForm
from residents.models import Building, Department, Estate, Occupancy, Resident, ResidentAccessLog, Unit


class VersionedAdmin(EstateScopedAdmin):
    """Issue 14: of the user's estates only (core.admin.EstateScopedAdmin); no lost update in the admin too: the change form carries the version it was opened
    with; a save after someone else's is refused (the whole save, inlines included, is rolled back) and
    the page opens again with the other person's change and a message."""

    form = VersionedForm

    def save_model(self, request, obj, form, change):
        if change:
            services.claim_version(obj, form.cleaned_data["seen_version"])
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.RecordChangedError as exc:
            messages.error(request, exc.message)
            return redirect(request.get_full_path())


@admin.register(Estate)
class EstateAdmin(VersionedAdmin):
    list_display = ["code", "name", "gross_floor_area"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(VersionedAdmin):
    list_display = ["name", "estate"]
    list_filter = [("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "estate__name"]


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
    list_display = ["label", "building", "floor_area", "occupancy", "move_in_date"]
    list_filter = ["occupancy", ("building__estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "building__name"]
    list_select_related = ["building__estate"]
    autocomplete_fields = ["building"]


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    autocomplete_fields = ["unit"]

    def get_queryset(self, request):
        # A resident's homes in other offices' estates are not this office's to see.
        return scoped(super().get_queryset(request), request.user)


@admin.register(Resident)
class ResidentAdmin(VersionedAdmin):
    list_display = ["name", "kind", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "phone", "phone2"]
    inlines = [OccupancyInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # The change page shows the whole record: logged like the app's detail page (SPEC §2, issue 14).
        if request.method == "GET" and response.status_code == 200:
            resident = self.get_object(request, object_id)
            if resident is not None:
                services.log_resident_access(resident=resident, user=request.user, path=request.path)
        return response


@admin.register(Department)
class DepartmentAdmin(VersionedAdmin):
    list_display = ["name", "kind", "estate", "head"]
    list_filter = ["kind", ("estate", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ResidentAccessLog)
class ResidentAccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "resident", "path"]
    list_filter = ["at"]
    search_fields = ["user__username", "resident__name"]
    list_select_related = ["user", "resident"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(resident__in=scoped(Resident.objects.all(), request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

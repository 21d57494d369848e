from django.contrib import admin
from django.db import models

from residents.models import Building, Department, Estate, Occupancy, Resident, ResidentAccessLog, Unit


@admin.register(Estate)
class EstateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "gross_floor_area"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "estate"]
    list_filter = ["estate"]
    search_fields = ["name", "estate__name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["label", "building", "floor_area", "occupancy", "move_in_date"]
    list_filter = ["occupancy", "building__estate"]
    search_fields = ["number", "building__name"]
    list_select_related = ["building__estate"]
    autocomplete_fields = ["building"]


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "phone", "phone2"]
    inlines = [OccupancyInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "estate", "head"]
    list_filter = ["kind", "estate"]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ResidentAccessLog)
class ResidentAccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "resident", "path"]
    list_filter = ["at"]
    search_fields = ["user__username", "resident__name"]
    list_select_related = ["user", "resident"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

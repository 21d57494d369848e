from django.urls import path

from residents import views

app_name = "residents"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/new/", views.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit_update"),
    path("estates/", views.EstateListView.as_view(), name="estate_list"),
    path("estates/new/", views.EstateCreateView.as_view(), name="estate_create"),
    path("estates/<int:pk>/edit/", views.EstateUpdateView.as_view(), name="estate_update"),
    path("buildings/new/", views.BuildingCreateView.as_view(), name="building_create"),
    path("buildings/<int:pk>/edit/", views.BuildingUpdateView.as_view(), name="building_update"),
    path("residents/", views.ResidentListView.as_view(), name="resident_list"),
    path("residents/new/", views.ResidentCreateView.as_view(), name="resident_create"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident_detail"),
    path("residents/<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident_update"),
    path("residents/<int:pk>/move-in/", views.resident_move_in, name="resident_move_in"),
    path("occupancies/<int:pk>/move-out/", views.occupancy_move_out, name="occupancy_move_out"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department_update"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("import/", views.registry_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.registry_export, name="export"),
]

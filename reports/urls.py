from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("open/", views.report_open, name="open"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.report_act, name="act"),
    path("<int:pk>/print/", views.report_print, name="print"),
    path("<int:pk>/workbook.xlsx", views.report_export, name="export"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/act/<slug:action>/", views.item_act, name="item_act"),
]

from django.urls import path

from complaints import views, views_reports

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("board/", views.board, name="board"),
    path("settings/", views.policy_edit, name="policy"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.complaint_act, name="act"),
    path("<int:pk>/print/", views_reports.print_form, name="print_form"),
    path("register/print/", views_reports.print_register, name="print_register"),
    path("statistics/", views_reports.statistics, name="statistics"),
    path("statistics/recurring/", views_reports.recurring, name="recurring"),
    path("statistics.xlsx", views_reports.statistics_export, name="statistics_export"),
]

from django.urls import path

from requests_app import views

app_name = "requests_app"
urlpatterns = [
    path("", views.HelpRequestListView.as_view(), name="list"),
    path("new/", views.help_request_create, name="create"),
    path("<int:pk>/", views.help_request_detail, name="detail"),
    path("<int:pk>/print/repair-order/", views.repair_order_print, name="repair_order_print"),
    path("<int:pk>/<slug:action>/", views.help_request_action, name="action"),
    path("supervisor/", views.supervisor_board, name="supervisor"),
    path("register/", views.register, name="register"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("log/", views.calls_log, name="log"),
    path("figures/", views.staff_figures, name="figures"),
]

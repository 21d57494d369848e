from django.urls import path

from callbacks import views

app_name = "callbacks"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("all/", views.callback_list, name="list"),
    path("<int:pk>/", views.callback_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.callback_act, name="act"),
    path("unit/<int:pk>/", views.unit_callbacks, name="unit"),
    path("meeting/", views.meeting, name="meeting"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
]

from django.urls import path

from core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("desk/todo/", views.todo, name="todo"),
    path("desk/<slug:key>/", views.desk_panel, name="desk_panel"),
    path("notifications/live/", views.notifications_live, name="notifications_live"),
    path("healthz", views.healthz, name="healthz"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
]

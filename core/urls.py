from django.urls import path

from core import views
from core.attachments import views as attachments

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("desk/todo/", views.todo, name="todo"),
    path("desk/<slug:key>/", views.desk_panel, name="desk_panel"),
    path("notifications/live/", views.notifications_live, name="notifications_live"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/locked/", views.locked_logins, name="locked_logins"),
    path("accounts/locked/<int:pk>/unlock/", views.unlock_login, name="unlock_login"),
    path("downloads/<int:pk>/", views.download_status, name="download_status"),
    path("downloads/<int:pk>/file/", views.download_file, name="download_file"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    # Issue 11: files on records, served only through these views (MEDIA_ROOT is never routed).
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/thumbnail/", attachments.attachment_thumbnail, name="attachment_thumbnail"),
    path("attachments/<int:pk>/withdraw/", attachments.attachment_withdraw, name="attachment_withdraw"),
]

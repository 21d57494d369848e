from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("registry/", include("residents.urls")),
    path("requests/", include("requests_app.urls")),
    path("complaints/", include("complaints.urls")),
    path("reports/", include("reports.urls")),
    path("callbacks/", include("callbacks.urls")),
    path("surveys/", include("surveys.urls")),
    path("", include("core.urls")),
]

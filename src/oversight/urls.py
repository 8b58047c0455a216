from django.contrib import admin
from django.urls import include, path

from oversight.matters.urls import direction_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(("oversight.api_urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("matters/", include("oversight.matters.urls")),
    path("directions/", include(direction_urlpatterns)),
    path("reports/", include("oversight.reports.urls")),
    path("", include("oversight.web.urls")),
]

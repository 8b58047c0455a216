from django.contrib import admin
from django.urls import include, path

from oversight.matters.urls import direction_urlpatterns
from oversight.petitions.urls import hotspot_urlpatterns, reception_urlpatterns
from oversight.reports import dashboard as report_dashboard
from oversight.search.views import search_page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(("oversight.api_urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/dashboard/", report_dashboard.dashboard, name="report-dashboard"),
    path("reports/records/", report_dashboard.records, name="report-records"),
    path("matters/", include("oversight.matters.urls")),
    path("directions/", include(direction_urlpatterns)),
    path("petitions/", include("oversight.petitions.urls")),
    path("receptions/", include(reception_urlpatterns)),
    path("hotspots/", include(hotspot_urlpatterns)),
    path("search/", search_page, name="search"),
    path("reports/", include("oversight.reports.urls")),
    path("account/", include("oversight.accounts.urls")),
    path("audit/", include("oversight.audit.urls")),
    path("", include("oversight.web.urls")),
]

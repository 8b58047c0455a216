from django.contrib import admin
from django.urls import include, path

from oversight.committees.urls import (
    document_urlpatterns,
    emulation_urlpatterns,
    inspection_urlpatterns,
    meeting_urlpatterns,
    project_urlpatterns,
)
from oversight.matters.urls import direction_urlpatterns
from oversight.people.urls import appraisal_urlpatterns
from oversight.petitions.urls import hotspot_urlpatterns, reception_urlpatterns

# JSON under /api/, pages elsewhere (core/middleware.py).
handler400 = "oversight.core.middleware.bad_request"
handler403 = "oversight.core.middleware.permission_denied"
handler404 = "oversight.core.middleware.page_not_found"
handler500 = "oversight.core.middleware.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(("oversight.api_urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("oversight.portal.urls")),
    path("matters/", include("oversight.matters.urls")),
    path("directions/", include(direction_urlpatterns)),
    path("petitions/portal/", include("oversight.portal.staff_urls")),
    path("intake/", include("oversight.intake.urls")),
    path("petitions/", include("oversight.petitions.urls")),
    path("receptions/", include(reception_urlpatterns)),
    path("hotspots/", include(hotspot_urlpatterns)),
    path("meetings/", include(meeting_urlpatterns)),
    path("inspections/", include(inspection_urlpatterns)),
    path("emulation/", include(emulation_urlpatterns)),
    path("committee-documents/", include(document_urlpatterns)),
    path("projects/", include(project_urlpatterns)),
    path("documents/", include("oversight.documents.urls")),
    path("people/", include("oversight.people.urls")),
    path("appraisals/", include(appraisal_urlpatterns)),
    path("search/", include("oversight.search.urls")),
    path("identity/", include("oversight.identity.urls")),
    path("reports/", include("oversight.reports.urls")),
    path("jobs/", include("oversight.jobs.urls")),
    path("calendar/", include("oversight.workcalendar.urls")),
    path("account/", include("oversight.accounts.urls")),
    path("audit/", include("oversight.audit.urls")),
    path("", include("oversight.web.urls")),
]

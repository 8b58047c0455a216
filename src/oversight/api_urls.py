"""The REST API under /api/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from oversight.accounts.api.views import MeView, TokenView
from oversight.audit.api.views import AuditEntryViewSet
from oversight.committees.api.views import (
    CommitteeDocumentViewSet,
    ConclusionViewSet,
    EmulationTargetViewSet,
    FindingViewSet,
    InspectionViewSet,
    MeetingViewSet,
    ProjectViewSet,
    RecommendationViewSet,
)
from oversight.documents.api.views import DocumentViewSet, record_documents_view
from oversight.intake.api.views import DraftViewSet, MessageViewSet, ScanViewSet
from oversight.jobs.api.views import JobViewSet
from oversight.matters.api.views import DirectionViewSet, MatterViewSet
from oversight.people.api.views import (
    AppraisalViewSet,
    LinkCandidateViewSet,
    LinkRunViewSet,
    OrganisationViewSet,
    PersonViewSet,
)
from oversight.petitions.api.views import HotspotViewSet, PetitionViewSet, ReceptionViewSet
from oversight.reports.api.views import IndicatorCatalogueView, IndicatorReportView
from oversight.search.api.views import SearchView
from oversight.units.api.views import ClusterViewSet, UnitViewSet
from oversight.web.api import (
    MyWorkView,
    NotificationListView,
    NotificationReadAllView,
    NotificationReadView,
)
from oversight.workcalendar.api.views import CalendarDayView, CalendarView

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("matters", MatterViewSet, basename="matter")
router.register("directions", DirectionViewSet, basename="direction")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("receptions", ReceptionViewSet, basename="reception")
router.register("hotspots", HotspotViewSet, basename="hotspot")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("conclusions", ConclusionViewSet, basename="conclusion")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("emulation-targets", EmulationTargetViewSet, basename="emulation-target")
router.register("committee-documents", CommitteeDocumentViewSet, basename="committee-document")
router.register("projects", ProjectViewSet, basename="project")
router.register("jobs", JobViewSet, basename="job")
router.register("documents", DocumentViewSet, basename="document")
router.register("audit", AuditEntryViewSet, basename="audit")
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("link-candidates", LinkCandidateViewSet, basename="link-candidate")
router.register("link-runs", LinkRunViewSet, basename="link-run")
router.register("appraisals", AppraisalViewSet, basename="appraisal")
router.register("intake/drafts", DraftViewSet, basename="intake-draft")
router.register("intake/scans", ScanViewSet, basename="intake-scan")
router.register("intake/messages", MessageViewSet, basename="intake-message")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("my-work/", MyWorkView.as_view(), name="my-work"),
    path("notifications/", NotificationListView.as_view(), name="notification-list"),
    path("notifications/read-all/", NotificationReadAllView.as_view(),
         name="notification-read-all"),
    path("notifications/<int:pk>/read/", NotificationReadView.as_view(),
         name="notification-read"),
    path("reports/indicators/", IndicatorReportView.as_view(), name="report-indicators"),
    path("reports/catalogue/", IndicatorCatalogueView.as_view(), name="report-catalogue"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("search/", SearchView.as_view(), name="search"),
    *[path(f"{plural}/<int:pk>/documents/", record_documents_view(name),
           name=f"{name}-documents")
      for name, plural in (("petition", "petitions"), ("direction", "directions"),
                           ("matter", "matters"), ("meeting", "meetings"))],
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("calendar/<str:day>/", CalendarDayView.as_view(), name="calendar-day"),
    path("", include(router.urls)),
]

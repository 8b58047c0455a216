"""The REST API under /api/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from oversight.accounts.api import MeView, TokenView
from oversight.matters.api.views import DirectionViewSet, MatterViewSet
from oversight.petitions.api.views import HotspotViewSet, PetitionViewSet, ReceptionViewSet
from oversight.search.views import SearchView
from oversight.units.api.views import ClusterViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("matters", MatterViewSet, basename="matter")
router.register("directions", DirectionViewSet, basename="direction")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("receptions", ReceptionViewSet, basename="reception")
router.register("hotspots", HotspotViewSet, basename="hotspot")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

from rest_framework import permissions, viewsets

from oversight.accounts.roles import is_administrator
from oversight.units.api.serializers import ClusterSerializer, UnitSerializer
from oversight.units.filtersets import UnitFilterSet
from oversight.units.models import Cluster, Unit


class IsAdministratorOrReadOnly(permissions.BasePermission):
    message = "Only administrators manage units."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return is_administrator(request.user)


class UnitViewSet(viewsets.ModelViewSet):
    """Units are reference data: every signed-in user reads them; administrators edit them."""

    queryset = Unit.objects.prefetch_related("successors", "predecessors").select_related("parent")
    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, IsAdministratorOrReadOnly]
    filterset_class = UnitFilterSet
    ordering_fields = ["code", "name_vi", "kind", "valid_to"]
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "put", "head", "options"]


class ClusterViewSet(viewsets.ModelViewSet):
    queryset = Cluster.objects.prefetch_related("members")
    serializer_class = ClusterSerializer
    permission_classes = [permissions.IsAuthenticated, IsAdministratorOrReadOnly]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

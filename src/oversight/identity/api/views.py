"""Access-list endpoints shared by every classified record's viewset:

    GET/POST  /api/<records>/{id}/grants/            list / add {"user": id or username}
    DELETE    /api/<records>/{id}/grants/{user}/     remove
    POST      /api/<records>/{id}/security-classification/   {"security_classification"}
"""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from oversight.accounts.models import User
from oversight.identity import access, actions
from oversight.identity.api.serializers import (
    AccessEventSerializer,
    AccessGrantSerializer,
    ClassificationSerializer,
    GrantRequestSerializer,
)


def _user(record, value):
    value = str(value or "").strip()
    cond = Q(username=value) | (Q(pk=int(value)) if value.isdigit() else Q())
    user = User.objects.filter(cond).first()
    if user is None:
        raise ValidationError({"user": ["Unknown user."]})
    return user


class AccessListMixin:
    @extend_schema(request=GrantRequestSerializer, responses=AccessGrantSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def grants(self, request, pk=None):
        record = self.get_object()
        if request.method == "POST":
            params = GrantRequestSerializer(data=request.data)
            params.is_valid(raise_exception=True)
            actions.grant_access(record, user=_user(record, params.validated_data["user"]),
                                by=request.user)
        return Response({
            "security_classification": record.security_classification,
            "grants": AccessGrantSerializer(access.grants(record), many=True).data,
            "events": AccessEventSerializer(access.events(record)[:50], many=True).data,
        }, status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK)

    @extend_schema(request=None, responses=None, parameters=[
        OpenApiParameter("user", int, OpenApiParameter.PATH, description="the user's id")])
    @action(detail=True, methods=["delete"], url_path=r"grants/(?P<user>[^/.]+)")
    def revoke_grant(self, request, pk=None, user=None):
        record = self.get_object()
        if not actions.revoke_access(record, user=_user(record, user), by=request.user):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ClassificationSerializer, responses=ClassificationSerializer)
    @action(detail=True, methods=["post"], url_path="security-classification")
    def security_classification(self, request, pk=None):
        record = self.get_object()
        params = ClassificationSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        level = params.validated_data["security_classification"]
        actions.set_classification(record, level, by=request.user)
        return Response({"security_classification": level})

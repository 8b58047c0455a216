"""Token login for API clients: POST {"username", "password"} → {"token"}."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request):
        params = TokenRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        user = authenticate(request, **params.validated_data)
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Wrong user name or password.")]}
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The signed-in user, their unit and roles: the smallest authenticated endpoint."""

    @extend_schema(responses=inline_serializer("Me", {
        "username": serializers.CharField(), "unit": serializers.CharField(allow_null=True),
        "roles": serializers.ListField(child=serializers.CharField()),
    }))
    def get(self, request):
        user = request.user
        return Response({
            "username": user.username,
            "unit": user.unit.code if user.unit_id else None,
            "roles": sorted(user.roles),
        })

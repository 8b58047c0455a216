"""Token login for API clients.

POST {"username", "password"[, "otp"]} → {"token", "expires"}: a new token for the caller,
valid OVERSIGHT_TOKEN_TTL_HOURS. Users whose role requires two-factor sign-in add "otp".
DELETE revokes the token used for the call; an administrator adds ?user=NAME to revoke every
token of that user. At most 10 requests a minute per address (throttle scope "login"), and
django-axes locks a user name out after repeated failures.
"""

from axes.helpers import get_lockout_message
from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from oversight.accounts import tokens, twofactor
from oversight.accounts.api.serializers import TokenRequestSerializer
from oversight.accounts.models import ApiToken
from oversight.accounts.roles import is_administrator


class Locked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Locked out after too many failed sign-ins."
    default_code = "locked_out"


class TokenView(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def get_authenticators(self):
        if self.request is not None and self.request.method == "POST":
            return []  # the credentials are in the body; no session CSRF for this call
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {
            "token": serializers.CharField(), "expires": serializers.DateTimeField()}),
            400: inline_serializer("TokenError", {
                "non_field_errors": serializers.ListField(child=serializers.CharField())}),
        },
    )
    def post(self, request):
        params = TokenRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        django_request = request._request
        user = authenticate(django_request, username=data["username"],
                            password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            raise Locked(get_lockout_message())
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Wrong user name or password.")]}
            )
        if twofactor.required_for(user) and twofactor.check_code(user, data.get("otp")) is None:
            raise serializers.ValidationError(
                {"otp": [_("Your role requires the one-time code from your authenticator app.")]}
            )
        key, token = tokens.issue(user)
        return Response({"token": key, "expires": token.expires_at})

    @extend_schema(
        parameters=[OpenApiParameter("user", str, description="administrators: revoke every "
                                     "token of this user")],
        request=None,
        responses={200: inline_serializer("TokenRevoked", {"revoked": serializers.IntegerField()})},
    )
    def delete(self, request):
        username = request.query_params.get("user")
        if username:
            if not is_administrator(request.user):
                raise exceptions.PermissionDenied()
            target = get_user_model().objects.filter(username=username).first()
            if target is None:
                raise exceptions.NotFound()
            return Response({"revoked": tokens.revoke(target.api_tokens.all())})
        if isinstance(request.auth, ApiToken):
            return Response({"revoked": tokens.revoke(
                ApiToken.objects.filter(pk=request.auth.pk))})
        # Signed in with a session: revoke every token of the caller.
        return Response({"revoked": tokens.revoke(request.user.api_tokens.all())})


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

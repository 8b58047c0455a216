"""The shapes of the token login call (accounts/api/views.py)."""

from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False,
                                     max_length=4096)
    otp = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                help_text="one-time code, for roles that require two-factor "
                                "sign-in")

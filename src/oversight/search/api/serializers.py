"""The shape of /api/search/'s answer (for the schema; the view returns the index's rows)."""

from rest_framework import serializers


class SearchResultsSerializer(serializers.Serializer):
    q = serializers.CharField()
    results = serializers.ListField(child=serializers.DictField())

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.search.index import search


class SearchView(APIView):
    """Petitions, matters and hot spots matching `q`, ranked, insensitive to diacritics and
    case, restricted to what the caller may see."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("limit", int)],
        responses=inline_serializer("SearchResults", {
            "q": serializers.CharField(),
            "results": serializers.ListField(child=serializers.DictField()),
        }),
    )
    def get(self, request):
        try:
            limit = max(1, min(int(request.query_params.get("limit", 50)), 200))
        except ValueError:
            limit = 50
        query = request.query_params.get("q", "")
        return Response({"q": query, "results": search(request.user, query, limit)})


@login_required
def search_page(request):
    query = request.GET.get("q", "")
    results = search(request.user, query, 100) if query.strip() else []
    return render(request, "search/results.html", {"q": query, "results": results})

"""/api/search/: the global search, as the page (search/views.py) runs it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.search.api.serializers import SearchResultsSerializer
from oversight.search.index import search


class SearchView(APIView):
    """Petitions, matters and hot spots matching `q`, ranked, insensitive to diacritics and
    case, restricted to what the caller may see."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("limit", int)],
        responses=SearchResultsSerializer,
    )
    def get(self, request):
        try:
            limit = max(1, min(int(request.query_params.get("limit", 50)), 200))
        except ValueError:
            limit = 50
        query = request.query_params.get("q", "")
        return Response({"q": query, "results": search(request.user, query, limit)})

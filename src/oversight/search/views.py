"""The search page (/search/); the API's search is api/views.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from oversight.search.index import search


@login_required
def search_page(request):
    query = request.GET.get("q", "")
    results = search(request.user, query, 100) if query.strip() else []
    return render(request, "search/results.html", {"q": query, "results": results})

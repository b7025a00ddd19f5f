"""The site-wide search page /zoeken/?q=. The query logic lives in catalog.search."""

from django.shortcuts import render

from .search import MAX_QUERY_LENGTH, clean_query
from .search import search as search_catalog

MAX_RESULTS = 50


def search(request):
    # A repeated q (?q=a&q=b) counts once: the first one.
    raw = next(iter(request.GET.getlist("q")), "")
    query, trimmed = clean_query(raw)
    results = search_catalog(query=query, limit=MAX_RESULTS + 1) if query else []
    return render(
        request,
        "catalog/search.html",
        {
            "query": query,
            "trimmed": trimmed,
            "max_query_length": MAX_QUERY_LENGTH,
            "results": results[:MAX_RESULTS],
            "more": len(results) > MAX_RESULTS,
            "max_results": MAX_RESULTS,
        },
    )

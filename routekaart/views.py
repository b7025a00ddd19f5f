from django.shortcuts import render

from catalog.selectors import catalog_counts, factors_with_phase, featured_examples
from ecosystems.selectors import regions_with_loket


def home(request):
    return render(
        request,
        "home.html",
        {
            "counts": catalog_counts(),
            "factors": factors_with_phase(),
            "regions": regions_with_loket(),
            "examples": featured_examples(),
        },
    )

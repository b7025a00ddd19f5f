"""The project's URLs with stand-ins for the kennisbank's public detail pages, for a branch in which those
pages (built elsewhere) do not exist yet: the report form links back to them by name. Used only when the real
names are missing (tests/catalog/test_report_kennisbank.py)."""

from django.http import HttpResponse
from django.urls import include, path

from catalog import urls as catalog_urls
from routekaart import urls as project


def _stand_in(request, slug):
    return HttpResponse(slug)


catalog_patterns = [
    *catalog_urls.urlpatterns,
    path("kennisbank/<slug:slug>/", _stand_in, name="knowledgeoffer_detail"),
    path("leergemeenschappen/<slug:slug>/", _stand_in, name="learningcommunity_detail"),
]
urlpatterns = [
    path("", include((catalog_patterns, "catalog"))),
    *[pattern for pattern in project.urlpatterns if getattr(pattern, "namespace", None) != "catalog"],
]
handler404 = project.handler404

from django.contrib import admin
from django.urls import include, path

from catalog import curation_admin, preview, reports, search_views

from . import handoff, pages, route_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("catalog.urls")),
    path("", include("ecosystems.urls")),
    path("route/", route_views.route, name="route"),
    path("route/vraag/", handoff.handoff, name="handoff"),
    path("zoeken/", search_views.search, name="search"),
    path("melden/<str:kind>/<slug:slug>/", reports.report_outdated, name="report_outdated"),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "beheer/te-controleren/",
        admin.site.admin_view(curation_admin.review_dashboard),
        name="review_dashboard",
    ),
    path("beheer/voorbeeld/<str:model_name>/<int:pk>/", preview.preview, name="admin_preview"),
    path("beheer/", admin.site.urls),
]

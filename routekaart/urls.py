from django.contrib import admin
from django.urls import include, path

from catalog import search_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("catalog.urls")),
    path("", include("ecosystems.urls")),
    path("zoeken/", search_views.search, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

from django.contrib import admin
from django.urls import path

from catalog import search_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", search_views.search, name="search"),
    path("beheer/", admin.site.urls),
]

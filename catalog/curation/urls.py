"""Curation pages under /beheer/, before the admin's own URLs (routekaart/urls.py includes this)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("te-controleren/", admin.site.admin_view(views.review_dashboard), name="review_dashboard"),
    path("wijzigingen/<int:pk>/", admin.site.admin_view(views.revision), name="admin_revision"),
    path("voorbeeld/<str:model_name>/<int:pk>/", views.preview, name="admin_preview"),
]

from django.contrib import admin
from django.urls import path

from catalog import reports

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("melden/<str:kind>/<slug:slug>/", reports.report_outdated, name="report_outdated"),
    path("beheer/", admin.site.urls),
]

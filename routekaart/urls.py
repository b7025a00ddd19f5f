from django.contrib import admin
from django.urls import path

from catalog import reports

from . import pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("melden/<str:kind>/<slug:slug>/", reports.report_outdated, name="report_outdated"),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("contact/", pages.contact, name="contact"),
    path("beheer/", admin.site.urls),
]

from django.urls import path

from . import views

app_name = "ecosystems"

urlpatterns = [
    path("regio/<slug:slug>/", views.region_detail, name="region_detail"),
]

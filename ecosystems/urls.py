from django.urls import path

from . import views

app_name = "ecosystems"

urlpatterns = [
    path("regio/<slug:slug>/", views.region_detail, name="region_detail"),
    path("dekking/", views.coverage, name="coverage"),
    path("dekking/vraag/", views.demand, name="demand"),
    path("dekking/vraag.csv", views.demand_csv, name="demand_csv"),  # before the matrices' <matrix>.csv
    path("dekking/<str:matrix>.csv", views.coverage_csv, name="coverage_csv"),
]

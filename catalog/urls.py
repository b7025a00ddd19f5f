from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("instrumenten/", views.instrument_list, name="instrument_list"),
    path("instrumenten/<slug:slug>/", views.instrument_detail, name="instrument_detail"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("praktijkvoorbeelden/", views.practiceexample_list, name="practiceexample_list"),
    path("praktijkvoorbeelden/<slug:slug>/", views.practiceexample_detail, name="practiceexample_detail"),
    path("kennisbank/", views.knowledgeoffer_list, name="knowledgeoffer_list"),
    path("kennisbank/<slug:slug>/", views.knowledgeoffer_detail, name="knowledgeoffer_detail"),
    path("leergemeenschappen/", views.learningcommunity_list, name="learningcommunity_list"),
    path("leergemeenschappen/<slug:slug>/", views.learningcommunity_detail, name="learningcommunity_detail"),
    path("ambassadeurs/", views.ambassador_list, name="ambassador_list"),
    path("ambassadeurs/<slug:slug>/", views.ambassador_detail, name="ambassador_detail"),
    path("checklists/<slug:slug>/", views.checklist_detail, name="checklist_detail"),
    path("innovatiefactoren/<slug:slug>/", views.factor_detail, name="factor_detail"),
    path("zoeken/", views.search, name="search"),
    path("melden/<str:kind>/<slug:slug>/", views.report_outdated, name="report_outdated"),
]

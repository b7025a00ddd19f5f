from django.contrib import admin
from django.urls import include, path

from . import bench, views
from .logfilters import PRIVATE_PREFIX

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("kennisbank/delen/", views.share, name="share"),  # before catalog's kennisbank/<slug>/
    path("", include("catalog.urls")),
    path("", include("ecosystems.urls")),
    path("route/", views.route, name="route"),
    path("route/vraag/", views.handoff, name="handoff"),
    # The private link of a question (routekaart/status.py); "ingetrokken" first: tokens are 43 characters.
    path(f"{PRIVATE_PREFIX}ingetrokken/", views.my_question_withdrawn, name="my_question_withdrawn"),
    path(f"{PRIVATE_PREFIX}<str:token>/", views.my_question, name="my_question"),
    path(f"{PRIVATE_PREFIX}<str:token>/intrekken/", views.my_question_withdraw, name="my_question_withdraw"),
    path("leergemeenschappen/<slug:slug>/meedoen/", views.join, name="join"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("beheer/", include("catalog.curation.urls")),
    path("beheer/", admin.site.urls),
    path("bench/baseline/", bench.baseline),  # 404 unless settings.BENCH_BASELINE (bench/run)
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

"""/route/vraag/, included from routekaart/urls.py in one line so the route and the hand-off merge cleanly."""

from django.urls import path

from .handoff import handoff

urlpatterns = [path("", handoff, name="handoff")]

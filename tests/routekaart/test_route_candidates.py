"""The route picks its candidates on record sets (`first_ranked`) and ranks them exactly in Python. For the
organisations the set keys are the whole ranking, so the step reads only the five it shows: on a grown
catalogue it must show what ranking every fitting organisation would show."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict

from routekaart import engine
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile

pytestmark = pytest.mark.django_db

PROFILES = [
    "regio=twente&type=B&factor=kennis&factor=arbeid",
    "regio=rijssen-holten&type=A&factor=kennis&grootte=klein&sector=maakindustrie",
    "regio=zwolle&type=D&factor=netwerk",
    "regio=salland&type=C&factor=financiering&factor=arbeid&grootte=micro",
]


def organisations(query):
    profile, errors = parse_profile(QueryDict(query))
    assert profile is not None, errors
    [step] = [s for s in route_for(profile).steps if s.kind == StepKind.ORGANISATIONS]
    return [org.slug for org in step.items]


def test_the_organisation_step_is_the_exact_ranking_of_every_fitting_organisation(monkeypatch):
    call_command("synthetic_catalog", instruments=300, stdout=StringIO())
    shown = {query: organisations(query) for query in PROFILES}
    assert all(len(slugs) == engine.MAX_ITEMS for slugs in shown.values())

    picked = engine.first_ranked
    monkeypatch.setattr(engine, "first_ranked", lambda records, keys, count: picked(records, keys, 10**6))
    assert {query: organisations(query) for query in PROFILES} == shown

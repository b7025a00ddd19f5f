"""Judged route set (route_profiles.yaml) on the real starting content: recall and violations."""

from pathlib import Path

import pytest
import yaml
from django.http import QueryDict

from catalog.models import Instrument
from routekaart.engine import route_for
from routekaart.profile import parse_profile

pytestmark = pytest.mark.django_db

PROFILES = yaml.safe_load((Path(__file__).parent / "route_profiles.yaml").read_text())["profiles"]


def score():
    not_for_firms = set(Instrument.objects.filter(firms_can_apply=False).values_list("slug", flat=True))
    found = expected = 0
    misses, violations = [], []
    for judged in PROFILES:
        profile, errors = parse_profile(QueryDict(judged["query"]))
        assert errors == {}, judged["name"]
        shown = {item.slug for step in route_for(profile).steps for item in step.items}
        for slug in judged["expect"]:
            expected += 1
            found += slug in shown
            if slug not in shown:
                misses.append((judged["name"], slug))
        for slug in (set(judged["must_not"]) | not_for_firms) & shown:
            violations.append((judged["name"], slug))
    return found / expected, misses, violations


def test_the_set_is_large_and_varied_enough():
    assert len(PROFILES) >= 20
    queries = " ".join(p["query"] for p in PROFILES)
    for part in ["type=A", "type=B", "type=C", "type=D", "grootte=zzp", "grootte=micro", "regio=salland"]:
        assert part in queries
    for factor in ["kennis", "netwerk", "financiering", "arbeid"]:
        assert f"factor={factor}" in queries


def test_route_recall_and_violations():
    recall, misses, violations = score()
    print(f"route recall {recall:.3f}; misses {misses}; violations {violations}")
    assert violations == []
    assert recall >= 0.9, misses

"""Judged: a firm that has not started yet meets entrepreneurs who did (seed 000 r. 2856-2862), those whose
story is about what it lacks first, and reaches them only through its loket; type D is first
invited to share."""

import pytest
from django.http import QueryDict
from django.test import override_settings

from catalog.models import OrganisationKind, PublicationStatus
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile
from tests.factories import (
    AmbassadorFactory,
    FactorFactory,
    OrganisationFactory,
    RegionFactory,
    province_world,
)
from tests.html import page

pytestmark = pytest.mark.django_db

PROVINCE = "ambprovincie"


@pytest.fixture
def world():
    with override_settings(PORTAL_PROVINCE=PROVINCE):
        world = province_world(slug=PROVINCE)
        world["other_region"] = RegionFactory(name="Elders", parents=[world["province"]])
        for slug in ("kennis", "arbeid", "netwerk"):
            world[slug] = FactorFactory(slug=slug)
        yield world


def route(world, query):
    profile, errors = parse_profile(QueryDict(f"regio={world['region'].slug}&{query}"))
    assert errors == {}
    return route_for(profile)


def ambassadors(result):
    found = next((s for s in result.steps if s.kind == StepKind.AMBASSADORS), None)
    return [a.name for a in found.items] if found else []


def test_a_firm_meets_ambassadors_of_its_region_whose_story_is_about_what_it_lacks_first(world):
    AmbassadorFactory(name="Aaa netwerker", regions=[world["region"]], factors=[world["netwerk"]])
    AmbassadorFactory(name="Zzz vakmensen", regions=[world["region"]], factors=[world["arbeid"]])
    AmbassadorFactory(name="Provinciaal", regions=[world["province"]], factors=[world["arbeid"]])
    AmbassadorFactory(name="Elders", regions=[world["other_region"]], factors=[world["arbeid"]])
    AmbassadorFactory(name="Concept", regions=[world["region"]], publication_status=PublicationStatus.CONCEPT)

    result = route(world, "type=C&factor=arbeid")

    assert ambassadors(result) == ["Provinciaal", "Zzz vakmensen", "Aaa netwerker"]
    reasons = [a.route_reason for a in next(s for s in result.steps if s.kind == StepKind.AMBASSADORS).items]
    assert reasons[0] == f"Helpt bij {world['arbeid'].name.lower()} · contact via het innovatieloket"
    assert reasons[2] == "Contact via het innovatieloket"


def test_an_ambassador_without_a_region_serves_where_the_firm_works(world):
    firm = OrganisationFactory(kind=OrganisationKind.BEDRIJF, regions=[world["region"]])
    AmbassadorFactory(name="Via het bedrijf", organisation=firm)
    AmbassadorFactory(name="Nergens bekend")

    assert ambassadors(route(world, "type=A")) == ["Via het bedrijf"]


def test_the_step_follows_the_examples_and_type_d_is_first_invited_to_share(world):
    AmbassadorFactory(name="Pionier", regions=[world["region"]])
    for entrepreneur_type in "ABCD":
        kinds = [s.kind for s in route(world, f"type={entrepreneur_type}&factor=kennis").steps]
        assert StepKind.AMBASSADORS in kinds
        if StepKind.EXAMPLES in kinds:
            assert kinds.index(StepKind.AMBASSADORS) == kinds.index(StepKind.EXAMPLES) + 1
    kinds = [s.kind for s in route(world, "type=D&factor=netwerk").steps]
    assert kinds.index(StepKind.SHARE) < kinds.index(StepKind.AMBASSADORS)


def test_the_route_page_links_to_the_ambassador_with_the_region_chosen_and_no_personal_contact(client, world):
    ambassador = AmbassadorFactory(name="Pionier Jansen", role="directeur", regions=[world["region"]])
    with override_settings(PORTAL_PROVINCE=PROVINCE):
        response = client.get(f"/route/?regio={world['region'].slug}&type=B&factor=kennis")
    html = page(response)
    heading = next(h for h in html.select("h2") if "Praat met een ondernemer die het al deed" in h.get_text())
    section = heading.find_parent("section")
    link = section.find("a", string="Pionier Jansen")
    assert link["href"].endswith(f"/ambassadeurs/{ambassador.slug}/?regio={world['region'].slug}#contact")
    assert "directeur, " in section.get_text()
    assert not section.select('a[href^="mailto:"], a[href^="tel:"]')

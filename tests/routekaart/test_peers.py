"""The route's peers step ("Zo deden andere ondernemers het"): what firms did, nearby first, in any sector
when the firm named none; a school's own agenda or a programme's description is not a peer's practice."""

import pytest
from django.http import QueryDict
from django.test import override_settings

from catalog.models import OrganisationKind, Scope
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile
from tests.factories import (
    FactorFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    ThemeFactory,
    province_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with override_settings(PORTAL_PROVINCE="peerprovincie"):
        world = province_world(slug="peerprovincie")
        world["other_region"] = RegionFactory(parents=[world["province"]], scope=Scope.REGIO)
        world["kennis"] = FactorFactory(slug="kennis")
        world["examples"] = []
        yield world


def peers(world, query=""):
    profile, errors = parse_profile(
        QueryDict(f"regio={world['municipality'].slug}&type=B&factor=kennis{query}")
    )
    assert errors == {}
    step = next(s for s in route_for(profile).steps if s.kind == StepKind.EXAMPLES)
    ours = set(world["examples"])  # the test database also holds the starting content
    return [example.title for example in step.items if example.title in ours]


def example(world, title, region, kinds, **extra):
    organisations = [OrganisationFactory(kind=kind, regions=[region]) for kind in kinds]
    world["examples"].append(title)
    return PracticeExampleFactory(
        title=title, region=region, organisations=organisations, factors=[world["kennis"]], **extra
    )


def test_what_schools_did_among_themselves_comes_after_what_firms_did(world):
    school = OrganisationKind.KENNISINSTELLING
    example(
        world,
        "Aaa kwaliteitsagenda",
        world["region"],
        [school, school, school, OrganisationKind.SAMENWERKING],
    )
    example(world, "Zzz bedrijven en school", world["other_region"], [OrganisationKind.SAMENWERKING])
    # Nearer, but below every peer practice: not among the five the route shows.
    assert peers(world) == ["Zzz bedrijven en school"]


def test_a_peer_nearby_comes_first_in_any_sector_unless_the_firm_named_its_own(world):
    bouw, food = ThemeFactory(slug="bouw"), ThemeFactory(slug="agrifood")
    firm = OrganisationKind.BEDRIJF
    example(world, "Bouwbedrijf dichtbij", world["municipality"], [firm], themes=[bouw])
    example(world, "Bedrijf verderop", world["other_region"], [firm])
    assert peers(world) == ["Bouwbedrijf dichtbij", "Bedrijf verderop"]
    # A food firm: another sector's example goes below those that name none (out of the five shown).
    assert peers(world, f"&sector={food.slug}") == ["Bedrijf verderop"]

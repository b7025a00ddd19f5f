"""A label the source states weighs more on the route than one the editors inferred, and the reason line says
which it is: for an offer who it is for, for an example who did it."""

import pytest
from django.http import QueryDict
from django.test import override_settings

from catalog.models import OrganisationKind
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile
from tests.factories import (
    EntrepreneurTypeFactory,
    FactorFactory,
    InstrumentFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    province_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with override_settings(PORTAL_PROVINCE="labelprovincie"):
        yield province_world(slug="labelprovincie")


def route(region):
    profile, errors = parse_profile(QueryDict(f"regio={region.slug}&type=B&factor=kennis"))
    assert errors == {}
    return route_for(profile)


def step(result, kind):
    return next(s for s in result.steps if s.kind == kind)


def test_a_stated_type_ranks_above_an_inferred_one_and_the_reason_says_which(world):
    region, kennis, type_b = world["region"], FactorFactory(slug="kennis"), EntrepreneurTypeFactory(code="B")
    # The inferred one comes first by name, so only the weight can put the stated one above it.
    inferred = InstrumentFactory(
        name="Aaa-regeling", regions=[region], factors=[kennis], entrepreneur_types=[type_b],
        inferred=["entrepreneur_types"],
    )  # fmt: skip
    stated = InstrumentFactory(
        name="Zzz-regeling", regions=[region], factors=[kennis], entrepreneur_types=[type_b]
    )
    items = step(route(region), StepKind.INSTRUMENTS).items
    assert [i.pk for i in items][:2] == [stated.pk, inferred.pk]
    assert "bedoeld voor ondernemers in uw situatie" in items[0].route_reason
    assert "past volgens de redactie bij uw situatie" in items[1].route_reason
    assert "bedoeld voor" not in items[1].route_reason


def test_an_example_says_it_was_done_by_firms_like_yours(world):
    region, kennis, type_b = world["region"], FactorFactory(slug="kennis"), EntrepreneurTypeFactory(code="B")
    firm = OrganisationFactory(kind=OrganisationKind.BEDRIJF, regions=[region])
    stated = PracticeExampleFactory(
        region=region, organisations=[firm], factors=[kennis], entrepreneur_types=[type_b]
    )
    inferred = PracticeExampleFactory(
        region=region, organisations=[firm], factors=[kennis], entrepreneur_types=[type_b],
        inferred=["entrepreneur_types"],
    )  # fmt: skip
    reasons = {e.pk: e.route_reason for e in step(route(region), StepKind.EXAMPLES).items}
    assert "gedaan door ondernemers in uw situatie" in reasons[stated.pk]
    assert "volgens de redactie gedaan door ondernemers in uw situatie" in reasons[inferred.pk]
    assert "bedoeld voor" not in reasons[stated.pk] + reasons[inferred.pk]

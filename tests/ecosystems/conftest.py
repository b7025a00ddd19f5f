"""Worlds of their own for the coverage tests."""

import pytest
from django.conf import settings
from django.core.cache import cache

from catalog.models import Membership, Region
from tests.factories import (
    EntrepreneurTypeFactory,
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    OrganisationFactory,
    RegionFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the test database rolls back without signals; never reuse another test's matrices
    yield
    cache.clear()


def offer_instrument(regions, factors, *, types=(), sizes=(), **kwargs):
    """An instrument for `regions`, named by factor slugs, type codes and size slugs."""
    return InstrumentFactory(
        regions=regions,
        factors=[FactorFactory(slug=slug) for slug in factors],
        entrepreneur_types=[EntrepreneurTypeFactory(code=code) for code in types],
        firm_sizes=[FirmSizeFactory(slug=slug) for slug in sizes],
        **kwargs,
    )


def offer_organisation(kind, regions, factors, *, types=(), **kwargs):
    return OrganisationFactory(
        kind=kind,
        regions=regions,
        factors=[FactorFactory(slug=slug) for slug in factors],
        entrepreneur_types=[EntrepreneurTypeFactory(code=code) for code in types],
        **kwargs,
    )


@pytest.fixture
def make_instrument():
    return offer_instrument


@pytest.fixture
def make_organisation():
    return offer_organisation


@pytest.fixture
def world():
    """A small country of its own, apart from the real data:
    Testland > Testprov > Noord, West, Zuid; the municipality Midden lies in both Noord and Zuid, so what is
    offered in Noord is offered in part of Zuid too. West has nothing of its own."""
    land = RegionFactory(name="Testland", slug="testland", scope="land")
    prov = RegionFactory(name="Testprov", slug="testprov", scope="provincie", parents=[land])
    noord = RegionFactory(name="Noord", slug="noord", parents=[prov])
    zuid = RegionFactory(name="Zuid", slug="zuid", parents=[prov])
    west = RegionFactory(name="West", slug="west", parents=[prov])
    midden = RegionFactory(name="Midden", slug="midden", scope="gemeente", parents=[noord, zuid])
    offer_instrument([land], ["kennis"], types=["B"], sizes=["klein"])  # serves every row
    offer_instrument([noord, zuid, prov], ["kennis", "netwerk"], types=["B", "C"])  # in each lineage twice
    offer_instrument([zuid], ["financiering"], status="gesloten")  # closed: not counted
    offer_instrument([noord], ["financiering"], publication_status="concept")  # not published
    offer_instrument([midden], ["arbeid"])  # municipal: counts for Midden, Noord, Zuid and Testprov
    offer_instrument([prov], ["arbeid"], firms_can_apply=False)  # a fund for schools: no supply for firms
    offer_organisation(
        "innovatieloket", [noord], ["kennis", "netwerk", "financiering", "arbeid"], types=["B"]
    )
    mbo = OrganisationFactory(kind="kennisinstelling", level="mbo")
    hbo = OrganisationFactory(kind="kennisinstelling", level="hbo", publication_status="concept")
    wo = OrganisationFactory(kind="kennisinstelling", level="wo")
    o2 = offer_organisation("samenwerking", [prov], ["kennis"])
    Membership.objects.create(collaboration=o2, member=mbo)
    Membership.objects.create(collaboration=o2, member=hbo)  # concept member: does not count
    o3 = offer_organisation("samenwerking", [zuid], ["arbeid"])
    Membership.objects.create(collaboration=o3, member=wo)
    offer_organisation("kennisinstelling", [prov], ["kennis"], level="hbo")  # not a loket or collaboration
    return {"land": land, "prov": prov, "noord": noord, "west": west, "zuid": zuid, "midden": midden}


@pytest.fixture
def portal_region():
    """A region of the test's own in the portal's province.

    The /dekking/ page, its CSV and the snapshots always show the portal's province (ecosystems.coverage reads
    no province from the request), so a page test puts its records in a region of its own below it and asserts
    on that region's row only.
    """
    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)
    return RegionFactory(name="Kwelderdal", parents=[province])

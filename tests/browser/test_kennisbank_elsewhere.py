"""The kennisbank where the rest of the portal shows it: the route's steps, an organisation's and a region's
sections, and the coverage table; axe-core finds nothing, nothing overflows a phone's width."""

import re

import pytest

from catalog.models import (
    CommunityStatus,
    Factor,
    KnowledgeForm,
    OfferLevel,
    Organisation,
    OrganisationKind,
    Region,
)
from tests.kb_factories import KnowledgeOfferFactory, LearningCommunityFactory

from .conftest import axe_violations, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def kennisbank(site):
    twente = Region.objects.get(slug="twente")
    arbeid = Factor.objects.get(slug="arbeid")
    school = Organisation.objects.filter(kind=OrganisationKind.KENNISINSTELLING).order_by("name").first()
    KnowledgeOfferFactory(
        name="Testaanbod: stage in de werkplaats",
        provider=school,
        form=KnowledgeForm.STAGE,
        level=OfferLevel.MBO,
        regions=[twente],
        factors=[arbeid],
    )
    LearningCommunityFactory(
        name="Testleerkring vakmanschap",
        contact=school,
        participants=[school],
        status=CommunityStatus.ACTIEF,
        regions=[twente],
        factors=[arbeid],
    )
    return {"site": site, "school": school}


def check(page, url):
    assert page.goto(url).status == 200
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_route_organisation_region_and_coverage_show_the_kennisbank(kennisbank, page):
    url = kennisbank["site"].url
    check(page, url + "/route/?regio=twente&type=C&factor=arbeid&grootte=klein")
    assert page.get_by_role("heading", name="Kennis en mensen van scholen en bedrijven").count() == 1
    assert page.get_by_role("link", name="Testaanbod: stage in de werkplaats").count() == 1
    assert page.get_by_role("link", name="Testleerkring vakmanschap").count() == 1
    shoot(page, f"route-kennisbank-{page.viewport_size['width']}")
    check(page, url + "/route/?regio=regio-zwolle&type=D&factor=netwerk")
    assert page.get_by_role("heading", name="Stap 2: Deel uw kennis").count() == 1
    check(page, url + f"/organisaties/{kennisbank['school'].slug}/")
    assert page.get_by_role("heading", name="Kennisaanbod van deze organisatie (1)").count() == 1
    check(page, url + "/regio/twente/")
    # the test's community and those of the starting data that serve Twente
    assert page.get_by_role("heading", name=re.compile(r"^Leergemeenschappen \(\d+\)$")).count() == 1
    assert page.get_by_role("link", name="Testleerkring vakmanschap").count() == 1
    check(page, url + "/dekking/#kennisaanbod")
    assert page.locator('table[data-matrix="kennisaanbod-table"]').count() == 1

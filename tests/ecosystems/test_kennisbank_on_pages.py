"""Organisation and region pages list the kennisbank: the offers an organisation provides and the learning
communities it takes part in or is the contact for; the offers and communities serving a region. Bounded:
the first few, their number, and a link to the full filtered list."""

import pytest
from django.urls import reverse

from catalog.models import CommunityStatus, KnowledgeForm, OfferLevel, PublicationStatus, Scope
from catalog.selectors import DETAIL_LIMIT
from tests.factories import FactorFactory, OrganisationFactory, RegionFactory
from tests.html import links, page, text
from tests.kb_factories import KnowledgeOfferFactory, LearningCommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    land = RegionFactory(name="Kennisland", scope=Scope.LAND)
    province = RegionFactory(name="Kennisprovincie", scope=Scope.PROVINCIE, parents=[land])
    region = RegionFactory(name="Kennisdal", parents=[province])
    elsewhere = RegionFactory(name="Elders", parents=[province])
    return {"land": land, "province": province, "region": region, "elsewhere": elsewhere}


def organisation_page(client, organisation):
    return client.get(reverse("catalog:organisation_detail", args=[organisation.slug]))


def region_page(client, region):
    return client.get(reverse("ecosystems:region_detail", args=[region.slug]))


def test_a_school_page_lists_its_offers_and_its_communities(client, country):
    school = OrganisationFactory(name="ROC Kennisdal", kind="kennisinstelling", level="mbo")
    KnowledgeOfferFactory(
        name="Stage in de werkplaats", provider=school, form=KnowledgeForm.STAGE, level=OfferLevel.MBO
    )
    KnowledgeOfferFactory(
        name="Concept: gastles", provider=school, publication_status=PublicationStatus.CONCEPT
    )
    KnowledgeOfferFactory(name="Aanbod van een ander")
    LearningCommunityFactory(name="Leerkring techniek", contact=school)
    LearningCommunityFactory(name="Netwerk familiebedrijven", participants=[school])
    LearningCommunityFactory(name="Zonder deze school")

    html = page(organisation_page(client, school))
    body = text(html)

    assert "Kennisaanbod van deze organisatie (1)" in body
    assert "Stage in de werkplaats" in body
    assert "Stage · mbo" in body
    assert "Concept: gastles" not in body and "Aanbod van een ander" not in body
    assert "Leergemeenschappen (2)" in body
    assert "Leerkring techniek" in body and "contactorganisatie" in body
    assert "Netwerk familiebedrijven" in body and "doet mee" in body
    assert "Zonder deze school" not in body
    offer_slug = school.knowledge_offers.get(name="Stage in de werkplaats").slug
    assert f"/kennisbank/{offer_slug}/" in links(html)


def test_an_organisation_page_shows_the_first_offers_and_links_to_all_of_them(client, country):
    school = OrganisationFactory(name="Hogeschool Kennisdal", kind="kennisinstelling", level="hbo")
    for n in range(DETAIL_LIMIT + 3):
        KnowledgeOfferFactory(name=f"Opdracht {n:02d}", provider=school)
    for n in range(DETAIL_LIMIT + 1):
        LearningCommunityFactory(name=f"Kring {n:02d}", participants=[school])

    html = page(organisation_page(client, school))
    body = text(html)

    assert f"Kennisaanbod van deze organisatie ({DETAIL_LIMIT + 3})" in body
    assert len(html.select('section[aria-labelledby="knowledge-title"] .routekaart-card')) == DETAIL_LIMIT
    all_offers = links(html)[f"/kennisbank/?aanbieder={school.slug}"]
    assert (
        all_offers
        == f"Bekijk al het kennisaanbod van Hogeschool Kennisdal ({DETAIL_LIMIT + 3}) in de kennisbank"
    )
    assert len(html.select('section[aria-labelledby="communities-title"] .routekaart-card')) == DETAIL_LIMIT
    assert f"U ziet hier {DETAIL_LIMIT} van de {DETAIL_LIMIT + 1}." in body


def test_an_organisation_without_offers_or_communities_has_no_such_sections(client):
    body = text(page(organisation_page(client, OrganisationFactory())).find("main"))
    assert "Kennisaanbod van deze organisatie" not in body
    assert "Leergemeenschappen" not in body  # (the site's menu has them)


def test_a_region_page_lists_the_offers_and_communities_serving_it(client, country):
    KnowledgeOfferFactory(name="Landelijke gastles", regions=[country["land"]])
    KnowledgeOfferFactory(name="Stage in Kennisdal", regions=[country["region"]])
    KnowledgeOfferFactory(name="Stage elders", regions=[country["elsewhere"]])
    KnowledgeOfferFactory(
        name="Concept in Kennisdal", regions=[country["region"]], publication_status=PublicationStatus.CONCEPT
    )
    LearningCommunityFactory(name="Leerkring Kennisdal", regions=[country["region"]])
    LearningCommunityFactory(
        name="Afgelopen kring", regions=[country["province"]], status=CommunityStatus.AFGELOPEN
    )
    LearningCommunityFactory(name="Kring elders", regions=[country["elsewhere"]])

    body = text(region_page(client, country["region"]))

    assert "Kennisaanbod van scholen en bedrijven (2)" in body
    assert "Landelijke gastles" in body and "Stage in Kennisdal" in body
    assert "Stage elders" not in body and "Concept in Kennisdal" not in body
    assert "Leergemeenschappen (2)" in body
    assert "Leerkring Kennisdal" in body
    assert "Afgelopen kring" in body and "Afgelopen" in body  # its status says it is over
    assert "Kring elders" not in body


def test_a_region_page_shows_a_few_and_links_to_the_filtered_lists(client, country):
    for n in range(8):
        KnowledgeOfferFactory(name=f"Aanbod {n}", regions=[country["region"]])
        LearningCommunityFactory(name=f"Kring {n}", regions=[country["province"]])
    html = page(region_page(client, country["region"]))
    slug = country["region"].slug
    found = links(html)
    assert found[f"/kennisbank/?regio={slug}"] == "Al het kennisaanbod voor bedrijven in Kennisdal (8)"
    assert (
        found[f"/leergemeenschappen/?regio={slug}"]
        == "Alle leergemeenschappen voor bedrijven in Kennisdal (8)"
    )
    assert len(html.select('section[aria-labelledby="knowledge-title"] .routekaart-card')) == 6
    assert len(html.select('section[aria-labelledby="communities-title"] .routekaart-card')) == 6


def test_queries_of_both_pages_do_not_grow_with_the_kennisbank(
    client, country, django_assert_max_num_queries, record_sets_kept
):
    kennis = FactorFactory(slug="kennis")
    school = OrganisationFactory(kind="kennisinstelling", level="mbo", regions=[country["region"]])

    def add(n):
        for _ in range(n):
            KnowledgeOfferFactory(provider=school, regions=[country["region"]], factors=[kennis])
            LearningCommunityFactory(contact=school, participants=[school], regions=[country["region"]])

    def counts():
        found = []
        for response in (organisation_page, region_page):
            target = school if response is organisation_page else country["region"]
            response(client, target)  # the first visit after a change reads the record sets
            with django_assert_max_num_queries(30) as queries:
                assert response(client, target).status_code == 200
            found.append(len(queries))
        return found

    add(1)
    few = counts()
    add(30)
    assert counts() == few

"""Judged on the real starting content, then grown with `synthetic_catalog`: the route and the detail pages
make as many queries and show as many records on the larger catalogue as on the starting data (issue 12)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from catalog.models import Instrument, Organisation, PracticeExample, PublicationStatus
from catalog.selectors import DETAIL_LIMIT
from routekaart.engine import MAX_ITEMS
from tests.html import page, text
from tests.test_bounded_lists_and_search import FIRST_VISIT

# (page, the most queries it may make at any size of the catalogue)
PAGES = [
    # the route: each step reads the few records it shows, no relations for the reason lines (record sets
    # answer those); the examples also their organisations and instruments, the ambassadors their regions and
    # factors
    ("/route/?regio=twente&type=B&factor=kennis&factor=arbeid", 19),
    ("/route/?regio=salland&type=C&factor=financiering&factor=arbeid", 19),
    (
        "/route/?regio=rijssen-holten&type=A&factor=kennis&factor=netwerk&grootte=klein&sector=maakindustrie"
        "&doel=nieuw",
        20,
    ),
    ("/route/?regio=zwolle&type=D&factor=netwerk", 17),
    ("/route/?regio=twente&type=A", 17),
    # with the kennisbank: the organisation's offers and communities
    ("/organisaties/novel-t/", 14),
    ("/organisaties/kennispoort-regio-zwolle/", 15),
    ("/organisaties/windesheim/", 13),
    ("/instrumenten/mit-haalbaarheidsproject/", 14),
    ("/praktijkvoorbeelden/civ-polymeren-coatings-en-composieten/", 11),
    ("/innovatiefactoren/kennis/", 10),
    ("/checklists/samenwerken-met-een-hogeschool-of-mbo-school/", 5),
]


# A route's first visit after a change reads the sets of instruments, organisations, examples, knowledge
# offers and communities that its ranking and reason lines need.
ROUTE_FIRST_VISIT = 55


def _visit_every_page(client, django_assert_max_num_queries):
    """Each page twice: a first visit reads the record sets it needs (catalog.recordsets), the next not."""
    for url, limit in PAGES:
        first_visit = ROUTE_FIRST_VISIT if url.startswith("/route/") else FIRST_VISIT
        with django_assert_max_num_queries(limit + first_visit):
            response = client.get(url)
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


def _grow():
    call_command("synthetic_catalog", instruments=400, stdout=StringIO())


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_catalogue(client, django_assert_max_num_queries, record_sets_kept):
    _visit_every_page(client, django_assert_max_num_queries)
    _grow()
    _visit_every_page(client, django_assert_max_num_queries)


@pytest.mark.django_db
def test_the_route_shows_a_few_items_per_step_on_a_large_catalogue(client):
    _grow()
    for url, _limit in PAGES[:5]:
        steps = page(client.get(url)).select(".routekaart-route__step")
        assert steps, url
        for step in steps:
            assert 0 < len(step.select(".routekaart-route__item")) <= MAX_ITEMS, url


@pytest.mark.django_db
def test_a_network_page_shows_the_first_members_and_says_how_many_there_are(client, monkeypatch):
    limit = 5  # a smaller bound than the pages', so that the small grown catalogue exceeds it
    monkeypatch.setattr("catalog.selectors.DETAIL_LIMIT", limit)
    _grow()
    network = (
        Organisation.objects.published()
        .annotate(
            members=Count(
                "memberships", filter=Q(memberships__member__publication_status=PublicationStatus.PUBLISHED)
            )
        )
        .order_by("-members")
        .first()
    )
    assert network.members > limit

    response = client.get(f"/organisaties/{network.slug}/")

    section = page(response).select_one("section[aria-labelledby=members-title]")
    assert len(section.select("li")) == limit
    assert f"U ziet hier {limit} van de {network.members}." in text(section)


@pytest.mark.django_db
def test_the_link_to_a_providers_offer_counts_what_the_list_shows(client):
    _grow()
    response = client.get("/organisaties/novel-t/")
    [link] = [a for a in page(response).select("a") if "?aanbieder=novel-t" in a.get("href", "")]
    count = int(re.search(r"\d[\d.]*", link.get_text()).group().replace(".", ""))

    listed = client.get(link["href"])

    novel_t = Organisation.objects.get(slug="novel-t")
    assert count == Instrument.objects.on_offer().provided_by(novel_t).distinct().count()
    assert str(count) in text(page(listed).select_one("h1").parent)


@pytest.mark.django_db
def test_pages_with_short_lists_do_not_count_them(client):
    example = PracticeExample.objects.published().filter(slug="civ-polymeren-coatings-en-composieten").get()
    assert example.organisations.count() <= DETAIL_LIMIT

    assert "U ziet hier" not in text(client.get(f"/praktijkvoorbeelden/{example.slug}/"))


@pytest.mark.django_db
def test_an_organisations_page_shows_the_first_of_its_long_lists_by_name_and_how_many_there_are(
    client, monkeypatch
):
    limit = 5
    monkeypatch.setattr("catalog.selectors.DETAIL_LIMIT", limit)
    _grow()
    windesheim = Organisation.objects.get(slug="windesheim")
    collaborations = (
        Organisation.objects.published().filter(memberships__member=windesheim).order_by("name", "pk")
    )
    partner_in = PracticeExample.objects.published().filter(partners=windesheim).order_by("title", "pk")
    assert collaborations.count() > limit and partner_in.count() > limit

    response = client.get("/organisaties/windesheim/")

    section = page(response).select_one("section[aria-labelledby=participations-title]")
    assert [text(a) for a in section.select("li a")] == [c.name for c in collaborations[:limit]]
    assert f"U ziet hier {limit} van de {collaborations.count()}." in text(section)
    examples = page(response).select_one("section[aria-labelledby=examples-title]")
    assert [text(a) for a in examples.select("h3 a")] == [e.title for e in partner_in[:limit]]
    assert f"U ziet hier {limit} van de {partner_in.count()}." in text(examples)

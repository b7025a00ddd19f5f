"""Search, the lists, home and the region pages read a bounded number of queries and show bounded sections,
on the starting data and on a catalogue grown with `synthetic_catalog` (the same limits at both sizes)."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from catalog import search
from catalog.models import Organisation, Region
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

# (page, the most queries it may read whatever the size of the catalogue, once the record sets of the
# catalogue version are read: catalog.recordsets). Search: synonyms, vocabulary, candidates; a list: the
# version, the form's options, the page's records; a region page: the region, its coverage (cached), one read
# per model for its sections and the loketten kept per version (ecosystems.selectors.region_overview).
PAGES = [
    ("/zoeken/?q=kennisvoucher", 3),
    ("/zoeken/?q=subsidie+innovatie", 3),
    ("/zoeken/?q=samenwerken+hogeschool+twente", 3),
    ("/zoeken/?q=subsidei", 3),  # a typo: "Bedoelde u ...?"
    ("/instrumenten/", 6),
    ("/instrumenten/?factor=kennis&factor=netwerk&regio=twente", 8),
    ("/instrumenten/?soort=subsidie&grootte=klein&q=innovatie", 7),
    ("/organisaties/", 5),
    ("/organisaties/?soort=kennisinstelling&regio=overijssel", 6),
    ("/praktijkvoorbeelden/", 6),
    ("/praktijkvoorbeelden/?thema=maakindustrie&factor=arbeid", 8),
    ("/kennisbank/", 6),
    ("/kennisbank/?vorm=stage&niveau=mbo&regio=twente&doel=exploreren", 7),
    ("/leergemeenschappen/", 6),
    ("/leergemeenschappen/?status=actief&regio=overijssel&thema=familiebedrijven", 8),  # empty: the loket
    ("/ambassadeurs/", 5),
    ("/ambassadeurs/?factor=arbeid&regio=twente", 7),
    ("/ambassadeurs/elbert-jan-hesse/?regio=twente", 10),
    ("/", 5),
    ("/regio/twente/", 19),  # with the kennisbank's two sections
    ("/regio/overijssel/", 19),
    ("/regio/rijssen-holten/", 18),
    ("/dekking/", 2),
]
# What a first visit after a change reads more: the record sets the page needs (positions, groups), and
# /dekking/ its matrices (cached per version). A route reads more (tests/test_bounded_detail_pages.py).
FIRST_VISIT = 40
REGION_LIMIT = 6  # ecosystems.selectors.region_overview
HOME_LIMIT = 3  # ecosystems.selectors.regions_with_loket


def grow(instruments):
    call_command("synthetic_catalog", instruments=instruments, stdout=StringIO())


def assert_pages_within_limits(client, django_assert_max_num_queries):
    for path, limit in PAGES:
        cache.clear()  # a new catalogue version: count the queries of a first visit, then of the next one
        with django_assert_max_num_queries(limit + FIRST_VISIT, info=path):
            response = client.get(path)
        assert response.status_code == 200, path
        with django_assert_max_num_queries(limit, info=path):
            response = client.get(path)
        assert response.status_code == 200, path


def loketten(region):
    return Organisation.objects.loketten_serving(region).count()


def test_every_page_reads_the_same_number_of_queries_on_a_grown_catalogue(
    client, django_assert_max_num_queries, record_sets_kept
):
    assert_pages_within_limits(client, django_assert_max_num_queries)
    grow(300)
    assert_pages_within_limits(client, django_assert_max_num_queries)


def test_the_region_page_shows_a_few_loketten_and_links_to_all_of_them(client):
    grow(300)
    twente = Region.objects.get(slug="twente")
    total = loketten(twente)
    assert total > REGION_LIMIT  # the grown catalogue has more loketten than the page shows
    response = client.get("/regio/twente/")
    section = page(response).find("section", attrs={"aria-labelledby": "loket-title"})
    assert len(section.find_all("h3")) == REGION_LIMIT
    assert links(response)["/organisaties/?soort=innovatieloket&regio=twente"] == (
        f"Bekijk alle {total} innovatieloketten"
    )
    # The link opens the list of exactly those loketten.
    listed = client.get("/organisaties/", {"soort": "innovatieloket", "regio": "twente"})
    assert text(page(listed).select_one("h1 .routekaart-count")) == f"({total})"


def test_home_names_a_few_loketten_per_region_and_links_to_all_of_them(client):
    grow(300)
    twente = Region.objects.get(slug="twente")
    total = loketten(twente)
    response = client.get("/")
    card = next(item for item in page(response).select("#regions-title ~ ul li") if text(item.h3) == "Twente")
    names = [a for a in card.find_all("a") if a["href"].startswith("/organisaties/") and "?" not in a["href"]]
    assert len(names) == HOME_LIMIT
    assert links(response)["/organisaties/?soort=innovatieloket&regio=twente"] == f"bekijk alle {total}"


def test_a_broad_search_ranks_a_bounded_set_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 5)
    response = client.get("/zoeken/", {"q": "subsidie"})
    assert text(page(response).h1) == "Meer dan 5 resultaten voor “subsidie”"
    status = text(page(response).find(role="status"))
    assert status.startswith("Meer dan 5 resultaten gevonden.")
    assert len(page(response).select(".routekaart-search__result")) == 5
    # Fewer matches than it ranks: the exact number.
    monkeypatch.setattr(search, "MAX_CANDIDATES", 10_000)
    response = client.get("/zoeken/", {"q": "subsidie"})
    assert int(text(page(response).h1).split()[0]) > 5

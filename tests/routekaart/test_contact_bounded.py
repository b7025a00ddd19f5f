"""/contact/ and the question to a loket (the form, GET) on the real starting content and on a catalogue grown
with `synthetic_catalog`: the same number of queries at both sizes, and /contact/ shows a few loketten per
region with a link to all of them (issue 12), while on the starting data it still shows every loket."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from catalog.models import Organisation, Region
from catalog.regions import in_area
from routekaart.engine import MAX_ITEMS
from routekaart.handoff import CONTACT_LIMIT
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

FORM = "/route/vraag/?regio=twente&type=B&factor=kennis&factor=arbeid"
# (page, the most queries it reads once the record sets of the catalogue version are read). /contact/: the
# version, the page cache, the regions, the loketten and their werkgebied; the form: the region, the version
# and the loket; Salland's form: the loketten to choose from (those the route names), with their werkgebied.
SALLAND_FORM = "/route/vraag/?regio=salland&type=B&factor=kennis"
PAGES = [("/contact/", 6), (FORM, 4), (SALLAND_FORM, 6)]
FIRST_VISIT = 6  # the record sets: positions, published, kinds, one per region, the province's area
LOKETTEN = ["Cleantech Regio", "Kennispoort Regio Zwolle", "Novel-T"]


def grow(instruments):
    call_command("synthetic_catalog", instruments=instruments, stdout=StringIO())


def loket_section(response):
    return page(response).find(id="loket-title").find_parent("section")


def assert_within_limits(client, django_assert_max_num_queries):
    for path, limit in PAGES:
        cache.clear()  # a new catalogue version: a first visit, then the next one
        with django_assert_max_num_queries(limit + FIRST_VISIT, info=path):
            assert client.get(path).status_code == 200
        with django_assert_max_num_queries(limit, info=path):
            assert client.get(path).status_code == 200


def test_contact_and_the_form_read_the_same_number_of_queries_on_a_grown_catalogue(
    client, django_assert_max_num_queries, record_sets_kept
):
    assert_within_limits(client, django_assert_max_num_queries)
    grow(300)
    assert_within_limits(client, django_assert_max_num_queries)


def test_contact_page_on_the_starting_data_shows_every_loket_and_how_to_reach_it(client):
    section = loket_section(client.get("/contact/"))
    headings = section.find_all("h3")
    assert [text(h3) for h3 in headings] == LOKETTEN
    werkgebied = [text(h3.find_next_sibling("p")) for h3 in headings]
    assert werkgebied == ["Werkgebied: Cleantech Regio", "Werkgebied: Regio Zwolle", "Werkgebied: Twente"]
    for h3 in headings:  # whom to call: what the sources give, and a note for what they do not
        loket = Organisation.objects.get(name=text(h3))
        details = h3.find_next_sibling("dl")
        assert "Telefoonnummer" in text(details)
        if loket.phone:
            assert links(details)[loket.phone_link] == loket.phone
        if loket.website:
            assert links(details)[loket.website] == loket.website
        else:
            assert "Website Nog niet bekend." in text(details)
    assert "Voor Salland noemen onze bronnen geen eigen innovatieloket." in text(section)
    assert "Bekijk alle" not in text(section)  # nothing left out


def test_where_a_region_has_no_loket_the_form_offers_those_the_route_names(client):
    """Salland has no loket of its own: the form offers the province's loketten the route's first step names,
    all of them on the starting data, the first few of a grown catalogue's thousands."""

    def offered():
        return [
            text(o) for o in page(client.get(SALLAND_FORM)).select("select[name=loket] option") if o["value"]
        ]

    def on_route():
        step = page(client.get("/route/?regio=salland&type=B&factor=kennis")).find(id="step-1")
        return [text(h3) for h3 in step.find_parent("section").find_all("h3")]

    assert offered() == LOKETTEN == on_route()
    grow(300)
    assert len(offered()) == MAX_ITEMS
    assert offered() == on_route()


def test_the_form_names_the_loket_of_the_region_on_a_grown_catalogue(client):
    grow(300)
    first = Organisation.objects.loketten_serving(Region.objects.get(slug="twente")).first()
    assert text(page(client.get(FORM)).h1) == f"Leg uw vraag voor aan {first.name}"


def test_contact_page_on_a_grown_catalogue_shows_a_few_per_region_and_links_to_all(client):
    before = len(client.get("/contact/").content)
    grow(300)
    response = client.get("/contact/")
    section = loket_section(response)
    regions = Region.objects.filter(slug__in=["twente", "regio-zwolle", "cleantech-regio", "salland"])
    assert len(section.find_all("h3")) <= CONTACT_LIMIT * len(regions)
    assert len(response.content) < before + 10_000  # bounded: a few loketten more than on the starting data
    twente = regions.get(slug="twente")
    total = Organisation.objects.loketten_serving(twente).count()
    assert total > CONTACT_LIMIT
    url = "/organisaties/?soort=innovatieloket&regio=twente"
    assert links(section)[url] == f"Bekijk alle {total} innovatieloketten voor Twente"
    listed = client.get("/organisaties/", {"soort": "innovatieloket", "regio": "twente"})
    assert text(page(listed).select_one("h1 .routekaart-count")) == f"({total})"
    # every loket a firm in the province can go to, behind one link
    province = Region.objects.get(slug="overijssel")
    everywhere = in_area(Organisation.objects.published().innovatieloketten(), province).count()
    assert links(section)["/organisaties/?soort=innovatieloket&gebied=overijssel"] == (
        f"Bekijk alle {everywhere} innovatieloketten voor bedrijven in Overijssel"
    )
    listed = client.get("/organisaties/", {"soort": "innovatieloket", "gebied": "overijssel"})
    assert text(page(listed).select_one("h1 .routekaart-count")) == f"({everywhere})"

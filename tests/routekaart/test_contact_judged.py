"""Judged checks on the real starting content (fixtures/*.yaml, loaded once per session): the contact details
of organisations come from the lines they cite, and a firm in Salland, which no seed gives a loket of its own,
is told so and offered the loketten of Overijssel on the region page, the route and the hand-off."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from catalog.models import Organisation
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
LOKETTEN = ["Cleantech Regio", "Kennispoort Regio Zwolle", "Novel-T"]


def _cited_text(organisation):
    """The seed lines `organisation` cites, joined."""
    lines = []
    for source in organisation.sources.select_related("document"):
        if source.document is None:
            continue
        path = SEEDS_DIR / source.document.file_name
        seed = path.read_text(encoding="utf-8").splitlines()
        lines += seed[source.line_start - 1 : source.line_end]
    return "\n".join(lines)


def _bare(url):
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed documents are not next to this checkout")
def test_every_contact_detail_is_printed_in_a_line_the_organisation_cites():
    checked = 0
    for organisation in Organisation.objects.exclude(email="", phone="", visiting_address="", contact_url=""):
        cited = _cited_text(organisation)
        for value in (organisation.email, organisation.phone):
            assert not value or value in cited, (organisation.slug, value)
        if organisation.visiting_address:
            street = organisation.visiting_address.split(",")[0]
            assert street in cited, (organisation.slug, street)
        if organisation.contact_url:
            assert _bare(organisation.contact_url) in cited, (organisation.slug, organisation.contact_url)
        checked += 1
    assert checked  # the province's letterhead at least


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed documents are not next to this checkout")
def test_the_loketten_and_oost_nl_have_only_a_website_a_seed_prints():
    for organisation in Organisation.objects.filter(
        slug__in=["novel-t", "kennispoort-regio-zwolle", "cleantech-regio", "oost-nl"]
    ):
        assert not (organisation.email or organisation.phone or organisation.visiting_address), (
            organisation.slug
        )
        if organisation.website:
            assert _bare(organisation.website) in _cited_text(organisation), organisation.slug


def test_the_province_page_gives_its_number_and_address(client):
    response = client.get("/organisaties/provincie-overijssel/")
    section = page(response).find(id="contact-title").find_parent("section")
    assert links(section)["tel:0384998899"] == "038 499 88 99"
    assert links(section)["mailto:postbus@overijssel.nl"] == "postbus@overijssel.nl"
    assert "Bezoekadres Luttenbergstraat 2, Zwolle" in text(section)


def test_the_loket_page_of_novel_t_says_what_is_not_known_yet(client):
    section = page(client.get("/organisaties/novel-t/")).find(id="contact-title").find_parent("section")
    assert "Telefoonnummer Nog niet bekend." in text(section)
    assert not [href for href in links(section) if href.startswith(("tel:", "mailto:"))]


def test_salland_region_page_says_no_loket_is_named_and_lists_the_three(client):
    section = page(client.get("/regio/salland/")).find(id="loket-title").find_parent("section")
    assert "Voor Salland noemen onze bronnen geen eigen innovatieloket." in text(section)
    assert [text(a) for a in section.select("h3 a")] == LOKETTEN
    assert "Werkgebied: Twente" in text(section)


def test_rijssen_holten_region_page_names_novel_t(client):
    section = page(client.get("/regio/rijssen-holten/")).find(id="loket-title").find_parent("section")
    assert [text(a) for a in section.select("h3 a")] == ["Novel-T"]
    assert "geen eigen innovatieloket" not in text(section)


def test_salland_route_and_hand_off_offer_the_three_loketten(client):
    cache.clear()
    query = "regio=salland&type=B&factor=kennis&factor=arbeid"
    step = page(client.get(f"/route/?{query}")).find(id="step-1").find_parent("section")
    assert "Er is geen innovatieloket bekend voor Salland." in text(step)
    assert [text(h3) for h3 in step.find_all("h3")] == LOKETTEN
    response = client.get(f"/route/vraag/?{query}")
    assert "Voor Salland kennen we geen eigen innovatieloket." in text(response)
    options = [text(o) for o in page(response).select("select[name=loket] option") if o.get("value")]
    assert options == LOKETTEN

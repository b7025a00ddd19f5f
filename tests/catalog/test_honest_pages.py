"""Honest pages: an unknown status says so and is never green, freshness stands at the top of a detail page,
amounts and dates show "onbekend" where not known, lists say "Verouderd" in words, and the note for curators
never reaches a public page."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from catalog.models import Instrument, InstrumentStatus
from tests.factories import (
    ChecklistFactory,
    FactorFactory,
    InstrumentFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def test_a_new_instrument_has_an_unknown_status():
    assert Instrument().status == InstrumentStatus.ONBEKEND


def test_an_unknown_status_says_so_and_sends_the_firm_to_the_loket():
    instrument = InstrumentFactory(status=InstrumentStatus.ONBEKEND)
    words = str(instrument.status_in_words(today=TODAY))
    assert words == "Wij weten niet of u dit nu kunt aanvragen. Vraag het innovatieloket of het nog loopt."
    assert str(instrument.status_label) == "Status onbekend"
    # known statuses keep their own words
    instrument.status = InstrumentStatus.DOORLOPEND
    assert str(instrument.status_in_words(today=TODAY)).startswith("Doorlopend")
    assert str(instrument.status_label) == "Doorlopend"


def test_an_unknown_status_is_not_closed_it_stays_on_offer():
    long_ago = TODAY - datetime.timedelta(days=400)
    unknown = InstrumentFactory(status=InstrumentStatus.ONBEKEND, closes_on=long_ago)
    closed = InstrumentFactory(status=InstrumentStatus.GESLOTEN)
    on_offer = set(Instrument.objects.on_offer(TODAY).filter(pk__in=[unknown.pk, closed.pk]))
    assert on_offer == {unknown}


def test_the_status_filter_offers_onbekend(client):
    region = RegionFactory()
    InstrumentFactory(name="Onbekende regeling", status=InstrumentStatus.ONBEKEND, regions=[region])
    InstrumentFactory(name="Open regeling", status=InstrumentStatus.OPEN, regions=[region])
    response = client.get(reverse("catalog:instrument_list"), {"regio": region.slug, "status": "onbekend"})
    names = [text(h3) for h3 in page(response).select(".routekaart-card h3")]
    assert names == ["Onbekende regeling"]
    assert page(response).select_one('input[name="status"][value="onbekend"]') is not None


def _badge_colours():
    """{status: colour} from the stylesheet's badge rules."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "routekaart.css").read_text()
    # an unclosed rule nests every rule after it (CSS nesting), and the badges lose their colours
    assert css.count("{") == css.count("}")
    colours = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        colour = re.search(r"(?<![-\w])color:\s*([^;]+);", body)
        for status in re.findall(r"\.routekaart-status--([\w-]+)", selectors):
            if colour:
                colours[status] = colour[1].strip()
    return colours


def test_only_a_status_a_source_gives_may_look_positive():
    colours = _badge_colours()
    green = colours["open"]
    assert colours["doorlopend"] == green
    assert colours["onbekend"] != green
    assert set(colours) >= set(InstrumentStatus.values)  # every status has a badge colour of its own


def test_the_badge_of_an_unknown_status_says_status_onbekend(client):
    instrument = InstrumentFactory(status=InstrumentStatus.ONBEKEND, last_reviewed=datetime.date(2021, 5, 25))
    html = page(client.get(reverse("catalog:instrument_detail", args=[instrument.slug])))
    badge = html.select_one(".routekaart-record-state .routekaart-status")
    assert text(badge) == "Status onbekend"
    assert "routekaart-status--onbekend" in badge["class"]
    assert "Vraag het innovatieloket of het nog loopt." in text(html.select_one(".routekaart-status-line"))

    listed = page(client.get(reverse("catalog:instrument_list")))
    card_badge = listed.select_one(".routekaart-card .routekaart-status")
    assert text(card_badge) == "Status onbekend"


def test_status_and_freshness_come_first_on_the_instrument_page(client):
    instrument = InstrumentFactory(status=InstrumentStatus.ONBEKEND, last_reviewed=datetime.date(2021, 5, 25))
    html = page(client.get(reverse("catalog:instrument_detail", args=[instrument.slug])))
    state = html.select_one(".routekaart-record-state")
    assert text(state) == (
        "Status onbekend Wij weten niet of u dit nu kunt aanvragen. "
        "Vraag het innovatieloket of het nog loopt. "
        "Verouderd. Laatst gecontroleerd mei 2021: vraag het loket of dit nog klopt."
    )
    first_section = html.select_one("main section")
    assert state.find_next("section") is first_section  # above "Voor wie en voor wat"
    assert "Verouderd" not in text(html.select_one(".routekaart-sources"))  # said once, at the top


def test_amounts_and_dates_show_onbekend_where_not_known(client):
    unknown = InstrumentFactory()
    known = InstrumentFactory(
        amount_max=20000, opens_on=datetime.date(2017, 3, 1), closes_on=datetime.date(2019, 12, 31)
    )

    def facts(instrument):
        html = page(client.get(reverse("catalog:instrument_detail", args=[instrument.slug])))
        return {text(dt): text(dt.find_next_sibling("dd")) for dt in html.select(".routekaart-facts dt")}

    assert facts(unknown)["Bedrag"] == "Onbekend"
    assert facts(unknown)["Looptijd"] == "Onbekend"
    assert facts(known)["Bedrag"] == "tot € 20000"
    assert facts(known)["Looptijd"] == "vanaf 1 maart 2017, tot en met 31 december 2019"


def test_an_inferred_provider_is_shown_as_not_certain(client):
    sure = InstrumentFactory()
    inferred = InstrumentFactory(inferred=["provider"])
    for instrument, shown in ((sure, False), (inferred, True)):
        html = page(client.get(reverse("catalog:instrument_detail", args=[instrument.slug])))
        meta = text(html.select_one("h1 + .routekaart-card__meta"))
        assert ("niet zeker" in meta) is shown


@pytest.mark.parametrize(
    ("factory", "list_name"),
    [
        (InstrumentFactory, "catalog:instrument_list"),
        (OrganisationFactory, "catalog:organisation_list"),
        (PracticeExampleFactory, "catalog:practiceexample_list"),
    ],
)
def test_cards_say_in_words_when_a_record_is_unverified(client, factory, list_name):
    region = RegionFactory()
    where = {"region": region} if factory is PracticeExampleFactory else {"regions": [region]}
    stale = factory(last_reviewed=datetime.date(2021, 5, 25), **where)
    never = factory(last_reviewed=None, **where)
    fresh = factory(last_reviewed=timezone.localdate(), **where)
    html = page(client.get(reverse(list_name), {"regio": region.slug}))
    marks = {}
    for card in html.select(".routekaart-card"):
        mark = card.select_one(".routekaart-card__stale")
        marks[text(card.h3)] = text(mark) if mark else None
    name = "title" if hasattr(stale, "title") else "name"
    assert marks[getattr(stale, name)] == "Verouderd: laatst gecontroleerd mei 2021"
    assert marks[getattr(never, name)] == "Nog niet gecontroleerd"
    assert marks[getattr(fresh, name)] is None


SECRET = "Notitie-alleen-voor-redacteuren"


def test_the_internal_note_never_reaches_a_public_page(client):
    region = RegionFactory(internal_note=SECRET)
    organisation = OrganisationFactory(internal_note=SECRET, regions=[region], factors=[FactorFactory()])
    instrument = InstrumentFactory(internal_note=SECRET, provider=organisation, regions=[region])
    example = PracticeExampleFactory(internal_note=SECRET, region=region, instruments=[instrument])
    checklist = ChecklistFactory(internal_note=SECRET)
    urls = [
        reverse("catalog:instrument_detail", args=[instrument.slug]),
        reverse("catalog:organisation_detail", args=[organisation.slug]),
        reverse("catalog:practiceexample_detail", args=[example.slug]),
        reverse("catalog:checklist_detail", args=[checklist.slug]),
        reverse("ecosystems:region_detail", args=[region.slug]),
        reverse("catalog:instrument_list"),
        reverse("catalog:organisation_list"),
        reverse("catalog:practiceexample_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    found = client.get(reverse("catalog:search"), {"q": SECRET})
    assert not set(links(found)) & set(urls[:5])  # search does not read the note either


def test_curators_see_and_edit_the_internal_note_in_the_admin(admin_client):
    instrument = InstrumentFactory(internal_note=SECRET, inferred=["provider"])
    html = page(admin_client.get(reverse("admin:catalog_instrument_change", args=[instrument.pk])))
    note = html.select_one('textarea[name="internal_note"]')
    assert text(note) == SECRET
    assert "Notitie voor redacteuren (niet openbaar)" in text(html.select_one("label[for=id_internal_note]"))
    assert html.select_one('[name="inferred"]') is not None

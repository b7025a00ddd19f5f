"""The two forms of the kennisbank in a browser: "Ik wil meedoen" from a learning community's page and
"Deel uw kennis" from the kennisbank, at 360 and 1280 px and without JavaScript; axe-core finds nothing."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from routekaart.models import JoinRequest, KnowledgeShare

from .conftest import axe_violations, shoot

pytestmark = pytest.mark.browser

COMMUNITY = "/leergemeenschappen/leren-van-elkaar-kring-familiebedrijven-saxion/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_joining_a_learning_community_from_its_page(site, page):
    page.goto(site.url + COMMUNITY)
    page.get_by_role("link", name="Ik wil meedoen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meedoen met")
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    shoot(page, f"meedoen-{page.viewport_size['width']}")

    page.get_by_label("Uw naam", exact=True).fill("Anna de Vries")
    page.get_by_label("Uw e-mailadres", exact=True).fill("geen-adres")
    page.get_by_label("Wat wilt u leren of inbrengen? (niet verplicht)").fill("Hoe regelen we de opvolging?")
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Wat wilt u leren of inbrengen? (niet verplicht)").input_value() == (
        "Hoe regelen we de opvolging?"
    )
    assert axe_violations(page) == []

    page.get_by_label("Uw e-mailadres", exact=True).fill("anna@voorbeeld.nl")
    page.get_by_label("Naam van uw bedrijf, school of organisatie").fill("De Vries Metaal")
    page.get_by_label("Ja, de organisatie mag mijn gegevens hiervoor gebruiken.").check()
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    expect(page.get_by_role("heading", level=1, name="Uw aanmelding is verstuurd")).to_be_visible()
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    stored = JoinRequest.objects.get()
    assert (stored.community.contact.slug, stored.organisation_name) == ("saxion", "De Vries Metaal")


def test_sharing_knowledge_without_javascript(site, browser):
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto(site.url + "/kennisbank/")
    page.get_by_role("link", name="Deel uw kennis").click()
    page.get_by_label("Waar zit uw bedrijf?").select_option(label="Twente")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Novel-T is het innovatieloket voor Twente.")).to_be_visible()
    assert no_sideways_scroll(page)
    page.get_by_label("Uw naam", exact=True).fill("Piet Jansen")
    page.get_by_label("Uw e-mailadres", exact=True).fill("piet@voorbeeld.nl")
    page.get_by_label("Naam van uw bedrijf", exact=True).fill("Jansen Kunststof")
    page.get_by_label("Wat wilt u aanbieden? (niet verplicht)").select_option(label="Bedrijfsbezoek")
    page.get_by_label("Wat kunnen andere ondernemers bij u leren of zien?").fill(
        "Onze nieuwe spuitgietmachine."
    )
    page.get_by_label("Ja, het loket mag mijn gegevens hiervoor gebruiken.").check()
    page.get_by_role("button", name="Verstuur mijn aanbod").click()
    expect(page.get_by_role("heading", level=1, name="Uw aanbod is verstuurd")).to_be_visible()
    share = KnowledgeShare.objects.get()
    assert (share.loket.slug, share.form, share.ambassador) == ("novel-t", "bedrijfsbezoek", False)
    context.close()


def test_the_share_form_passes_axe(site, page):
    page.goto(site.url + "/kennisbank/delen/")
    assert axe_violations(page) == []
    page.goto(site.url + "/kennisbank/delen/?regio=salland")
    expect(page.get_by_label("Via welk innovatieloket wilt u uw kennis delen?")).to_be_visible()
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    shoot(page, f"kennis-delen-{page.viewport_size['width']}")
    page.get_by_role("button", name="Verstuur mijn aanbod").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []

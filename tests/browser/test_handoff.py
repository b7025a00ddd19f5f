import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from routekaart.models import HandoffRequest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

URL = "/route/vraag/?regio=twente&type=B&factor=kennis"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def fill_and_send(page, *, question):
    page.get_by_label("Uw naam", exact=True).fill("Anna de Vries")
    page.get_by_label("Uw e-mailadres", exact=True).fill("anna@voorbeeld.nl")
    page.get_by_label("Naam van uw bedrijf", exact=True).fill("De Vries Metaal")
    page.get_by_label("Uw vraag", exact=True).fill(question)
    page.get_by_label("Ja, het loket mag mijn gegevens en vraag hiervoor gebruiken.", exact=True).check()
    page.get_by_role("button", name="Verstuur mijn vraag").click()


def test_handoff_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + URL)
    fill_and_send(page, question="Wie helpt mij zonder JavaScript?")
    expect(page.get_by_role("heading", level=1, name="Uw vraag is verstuurd")).to_be_visible()
    stored = HandoffRequest.objects.get()
    assert (stored.loket.slug, stored.question) == ("novel-t", "Wie helpt mij zonder JavaScript?")
    context.close()


def test_form_and_confirmation_pass_axe(site, page):
    page.goto(site.url + URL)
    expect(page.get_by_role("heading", level=1, name="Leg uw vraag voor aan Novel-T")).to_be_visible()
    assert axe_violations(page) == []

    # Nothing is marked wrong before the form is sent.
    question = page.get_by_label("Uw vraag", exact=True)
    assert question.get_attribute("aria-invalid") is None
    assert question.evaluate("e => getComputedStyle(e).borderColor") == page.get_by_label(
        "Uw naam", exact=True
    ).evaluate("e => getComputedStyle(e).borderColor")

    # A mistake first: the alert names it, and what was typed stays.
    page.get_by_label("Uw e-mailadres", exact=True).fill("geen-adres")
    page.get_by_label("Uw vraag", exact=True).fill("Hoe vind ik een hogeschool?")
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Uw vraag", exact=True).input_value() == "Hoe vind ik een hogeschool?"
    # The consent error reads as a line beside the checkbox, not a column of single words.
    consent_error = page.locator("#id_consent-error")
    expect(consent_error).to_be_visible()
    consent_label = page.get_by_text("Ja, het loket mag mijn gegevens en vraag hiervoor gebruiken.")
    assert consent_error.bounding_box()["width"] >= 0.8 * consent_label.bounding_box()["width"]
    assert axe_violations(page) == []

    fill_and_send(page, question="Hoe vind ik een hogeschool?")
    expect(page.get_by_role("heading", level=1, name="Uw vraag is verstuurd")).to_be_visible()
    expect(page.get_by_role("status")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert HandoffRequest.objects.get().company == "De Vries Metaal"


def test_a_firm_in_salland_chooses_a_loket_and_gets_its_contact_details_and_a_confirmation(
    site, page, mailoutbox
):
    page.goto(site.url + "/route/vraag/?regio=salland&type=B&factor=kennis")
    expect(page.get_by_text("Voor Salland kennen we geen eigen innovatieloket.")).to_be_visible()
    page.get_by_label("Aan welk innovatieloket wilt u uw vraag stellen?").select_option(
        label="Cleantech Regio"
    )
    fill_and_send(page, question="Wie helpt een bouwbedrijf in Raalte?")
    expect(page.get_by_role("heading", level=1, name="Uw vraag is verstuurd")).to_be_visible()
    contact = page.get_by_role("heading", level=2, name="Zelf contact opnemen met Cleantech Regio")
    expect(contact).to_be_visible()
    expect(page.get_by_text("Telefoonnummer", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    [mail] = [mail for mail in mailoutbox if mail.to == ["anna@voorbeeld.nl"]]
    assert "Dit hebben we naar Cleantech Regio gestuurd" in mail.body
    assert "- Regio: Salland" in mail.body

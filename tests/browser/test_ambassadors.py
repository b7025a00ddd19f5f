"""The ambassadors' pages in Chromium, on the real starting content (Elbert Jan Hesse): axe-core finds
nothing at 390 and 1280 px, with and without JavaScript, nothing scrolls sideways, and a firm reaches the
loket of its region by choosing it on the page (no e-mail or phone of the ambassador anywhere)."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, shoot
from .test_kennisbank import axe_on_markup

pytestmark = pytest.mark.browser

PAGES = [
    ("ambassadeurs", "/ambassadeurs/"),
    ("ambassadeur", "/ambassadeurs/elbert-jan-hesse/"),
    ("ambassadeur-loket", "/ambassadeurs/elbert-jan-hesse/?regio=twente"),
    ("ambassadeurs-leeg", "/ambassadeurs/?factor=financiering"),
]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_ambassador_pages_pass_axe_and_fit_the_screen(site, browser, width, javascript):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale="nl-NL"
    )
    page = context.new_page()
    for name, path in PAGES:
        url = site.url + path
        response = page.goto(url)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if width == 390 and javascript:
            shoot(page, f"{name}-390")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        if javascript:
            assert axe_violations(page) == [], path
        else:
            assert axe_on_markup(browser, url, page.content(), width) == [], path
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_firm_reaches_its_loket_from_the_ambassadors_page(site, browser, javascript):
    context = browser.new_context(
        viewport={"width": 390, "height": 900}, java_script_enabled=javascript, locale="nl-NL"
    )
    page = context.new_page()
    page.goto(site.url + "/ambassadeurs/")
    page.get_by_role("link", name="Elbert Jan Hesse").click()
    expect(page.get_by_role("heading", name="Wilt u met deze ondernemer praten?")).to_be_visible()
    assert page.locator("a[href^='mailto:'], a[href^='tel:']").count() == 0
    page.get_by_label("Waar zit uw bedrijf?").select_option("twente")
    page.get_by_role("button", name="Toon mijn innovatieloket").click()
    page.wait_for_load_state()
    assert "regio=twente" in page.url
    contact = page.locator("#contact")
    expect(contact.get_by_text("Zeg erbij dat u met Elbert Jan Hesse wilt praten.")).to_be_visible()
    expect(contact.get_by_role("link", name="Novel-T")).to_be_visible()
    contact.get_by_role("link", name="Of stel uw vraag aan het loket via de routekaart").click()
    page.wait_for_load_state()
    assert "/route/" in page.url
    expect(page.locator("select[name=regio]")).to_have_value("twente")
    context.close()

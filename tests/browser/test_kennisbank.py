"""The kennisbank's four pages in Chromium: axe-core finds nothing at 390 and 1280 px, with and without
JavaScript, nothing scrolls sideways, and filtering works by clicking. The starting content has no kennisbank
records yet, so the test adds a few of its own beside it."""

import pytest
from playwright.sync_api import expect

from catalog.models import OrganisationKind, Region
from tests.factories import (
    FactorFactory,
    KnowledgeOfferFactory,
    LearningCommunityFactory,
    OrganisationFactory,
)

from .conftest import axe_violations, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def kennisbank(site):
    twente = Region.objects.get(slug="twente")
    school = OrganisationFactory(name="Kwelder College", kind=OrganisationKind.KENNISINSTELLING, level="mbo")
    firm = OrganisationFactory(name="Kwelder Metaalbewerking", kind=OrganisationKind.BEDRIJF)
    kennis = FactorFactory(slug="kennis")
    offer = KnowledgeOfferFactory(
        name="Stage bij een mbo-opleiding techniek",
        slug="stage-kwelder-college",
        provider=school,
        level="mbo",
        duration="kort",
        aim="exploiteren",
        regions=[twente],
        factors=[kennis],
        starts="Twee keer per jaar: in september en februari",
        inferred=["aim"],
    )
    KnowledgeOfferFactory(
        name="Kijken bij een lasrobot in bedrijf",
        form="bedrijfsbezoek",
        provider=firm,
        level="bedrijf",
        regions=[twente],
    )
    community = LearningCommunityFactory(
        name="Leerkring familiebedrijven",
        slug="leerkring-familiebedrijven",
        theme="Opvolging en vernieuwing in familiebedrijven",
        contact=school,
        participants=[firm],
        participants_note="En een handvol familiebedrijven uit de regio.",
        rhythm="Vier keer per jaar",
        regions=[twente],
        factors=[kennis],
    )
    return {"site": site, "offer": offer, "community": community}


PAGES = [
    ("kennisbank", "/kennisbank/?regio=twente"),
    ("kennisaanbod", "/kennisbank/stage-kwelder-college/"),
    ("leergemeenschappen", "/leergemeenschappen/"),
    ("leergemeenschap", "/leergemeenschappen/leerkring-familiebedrijven/"),
    ("kennisbank-leeg", "/kennisbank/?vorm=gastles&regio=twente"),
]


def axe_on_markup(browser, url, html, width):
    """axe-core over the markup a browser without JavaScript received (axe needs scripts to run, so it runs
    in a second page that is served exactly that markup at the same address)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.goto(url)
    found = axe_violations(page)
    context.close()
    return found


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_kennisbank_pages_pass_axe_and_fit_the_screen(kennisbank, browser, width, javascript):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale="nl-NL"
    )
    page = context.new_page()
    for name, path in PAGES:
        url = kennisbank["site"].url + path
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


def test_filtering_the_kennisbank_by_clicking(kennisbank, browser):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(kennisbank["site"].url + "/kennisbank/")
    everything = int(page.get_by_role("status").inner_text().split()[0])
    page.locator('input[name="niveau"][value="bedrijf"]').check()
    page.get_by_role("button", name="Toon resultaten").click()
    page.wait_for_load_state()
    assert "niveau=bedrijf" in page.url
    assert 0 < int(page.get_by_role("status").inner_text().split()[0]) < everything
    expect(page.get_by_role("link", name="Kijken bij een lasrobot in bedrijf")).to_be_visible()
    page.close()

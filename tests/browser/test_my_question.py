"""Mijn vraag in the browser: the status page and the withdrawal, with and without JavaScript, at 390 and
1280 px (routekaart/status.py)."""

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from catalog.models import Organisation, Region
from routekaart import status as status_services
from routekaart.models import HandoffAddition, HandoffRequest

from .conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def token(site):
    token, digest = status_services.new_token()
    HandoffRequest.objects.create(
        loket=Organisation.objects.get(slug="novel-t"),
        profile="regio=twente&type=B&factor=kennis",
        region=Region.objects.get(slug="twente"),
        entrepreneur_type="B",
        factors="kennis",
        name="Anna de Vries",
        email="anna@voorbeeld.nl",
        company="De Vries Metaal",
        question="Wie helpt mij aan een stagiair voor een onderzoek naar lichtere onderdelen? " + "lang" * 30,
        consent=True,
        status_token_hash=digest,
    )
    return token


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def check(page, name):
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    if SCREENSHOTS:
        page.screenshot(
            path=str(Path(SCREENSHOTS) / f"{name}-{page.viewport_size['width']}.png"), full_page=True
        )


@pytest.mark.parametrize("width", WIDTHS)
def test_status_page_add_and_withdraw_pass_axe(site, browser, token, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{site.url}/mijn-vraag/{token}/?verzonden=1")  # where the question form leads
    expect(page.get_by_role("heading", level=1, name="Uw vraag is verstuurd")).to_be_visible()
    expect(page.get_by_role("link", name=f"{site.url}/mijn-vraag/{token}/")).to_be_visible()
    check(page, "vraag-verstuurd")
    page.goto(f"{site.url}/mijn-vraag/{token}/")
    expect(page.get_by_role("heading", level=1, name="Mijn vraag")).to_be_visible()
    expect(page.get_by_text("Uw vraag is binnen bij Novel-T.")).to_be_visible()
    check(page, "mijn-vraag")

    page.get_by_role("button", name="Toevoegen").click()  # empty: the error, linked to the field
    expect(page.get_by_role("alert")).to_contain_text("Schrijf op wat u wilt toevoegen.")
    assert axe_violations(page) == []
    page.get_by_label("Wat wilt u toevoegen?").fill("Bel me liever na 14.00 uur.")
    page.get_by_role("button", name="Toevoegen").click()  # same-origin: the browser sends our Origin
    expect(page.get_by_role("status")).to_contain_text("Uw aanvulling is bewaard")
    assert HandoffAddition.objects.get().text == "Bel me liever na 14.00 uur."

    page.get_by_role("link", name="Mijn vraag intrekken").click()
    expect(page.get_by_role("heading", level=1, name="Wilt u uw vraag echt intrekken?")).to_be_visible()
    check(page, "mijn-vraag-intrekken")
    page.get_by_role("button", name="Ja, trek mijn vraag in").click()
    expect(page.get_by_role("heading", level=1, name="Uw vraag is ingetrokken")).to_be_visible()
    check(page, "mijn-vraag-ingetrokken")
    assert HandoffRequest.objects.get().question == ""

    page.goto(f"{site.url}/mijn-vraag/{token}/")
    expect(page.get_by_role("heading", level=1, name="Deze link werkt niet (meer)")).to_be_visible()
    check(page, "mijn-vraag-404")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_too(site, browser, token, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{site.url}/mijn-vraag/{token}/")
    assert no_sideways_scroll(page)
    page.get_by_label("Wat wilt u toevoegen?").fill("Zonder JavaScript toegevoegd.")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Zonder JavaScript toegevoegd.")).to_be_visible()
    page.get_by_role("link", name="Mijn vraag intrekken").click()
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Ja, trek mijn vraag in").click()
    expect(page.get_by_role("heading", level=1, name="Uw vraag is ingetrokken")).to_be_visible()
    assert HandoffRequest.objects.get().withdrawn_at is not None
    context.close()

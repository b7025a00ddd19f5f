"""Walking the quickscan to a personal route, in a phone and a desktop window, and printing it."""

import pytest

from .conftest import axe_violations, shoot

pytestmark = pytest.mark.browser


def walk(page, url, *, plan, obstacles, region):
    page.goto(url + "/")
    page.get_by_role("link", name="Start de routekaart").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("group", name="Wilt u iets vernieuwen in uw bedrijf?").get_by_label("Ja").check()
    page.get_by_role("group", name="Heeft u al een concreet plan?").get_by_label(
        "Ja" if plan else "Nee"
    ).check()
    for obstacle in obstacles:
        page.get_by_label(obstacle).check()
    page.get_by_label("Waar zit uw bedrijf?").select_option(label=region)
    page.get_by_role("button", name="Toon mijn route").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("plan", "obstacles", "region", "query", "loket"),
    [
        (
            False,
            ["Ik ken de juiste partners niet om mee samen te werken"],
            "Twente",
            "regio=twente&type=B&factor=netwerk",
            "Novel-T",
        ),
        (
            True,
            ["Ik heb er (nog) geen geld voor"],
            "Regio Zwolle",
            "regio=regio-zwolle&type=C&factor=financiering",
            "Kennispoort Regio Zwolle",
        ),
    ],
    ids=["B-twente", "C-regio-zwolle"],
)
def test_quickscan_to_route_and_print(site, page, plan, obstacles, region, query, loket):
    walk(page, site.url, plan=plan, obstacles=obstacles, region=region)
    assert page.url.endswith("/route/?" + query)
    assert page.get_by_role("heading", level=1).inner_text() == f"Uw route in {region}"
    assert (
        loket in page.get_by_role("heading", level=2).first.inner_text()
        or loket in page.locator("#step-1").locator("xpath=..").inner_text()
    )
    assert page.get_by_role("link", name=f"Leg mijn vraag voor aan {loket}").get_attribute("href") == (
        "/route/vraag/?" + query
    )
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.emulate_media(media="print")
    assert not page.locator("nav.routekaart-nav").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("link", name=f"Leg mijn vraag voor aan {loket}").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    after = page.evaluate(
        """() => getComputedStyle(
            document.querySelector('.routekaart-route a[href^="http"]'), '::after').content"""
    )
    assert "http" in after
    assert axe_violations(page) == []
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Wijzig uw antwoorden").click()
    page.wait_for_load_state()
    assert page.get_by_label(obstacles[0]).is_checked()
    assert axe_violations(page) == []


def test_missing_answers_keep_what_was_typed(site, page):
    page.goto(site.url + "/route/")
    page.get_by_label("Ik heb niet de juiste mensen om het uit te voeren").check()
    page.get_by_role("button", name="Toon mijn route").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert "Zeg of u iets wilt vernieuwen" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Ik heb niet de juiste mensen om het uit te voeren").is_checked()
    assert axe_violations(page) == []


def test_the_route_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/route/?regio=twente&type=B&factor=kennis")
    assert page.get_by_text("Novel-T").first.is_visible()
    context.close()


def test_from_quickscan_to_a_question_at_the_loket(site, browser):
    """The whole way: quickscan, route, "Leg mijn vraag voor", confirmation; stored for Novel-T only."""
    from routekaart.models import HandoffRequest

    from .test_handoff import fill_and_send

    page = browser.new_page(viewport={"width": 360, "height": 780})
    walk(
        page,
        site.url,
        plan=False,
        obstacles=["Ik ken de juiste partners niet om mee samen te werken"],
        region="Twente",
    )
    page.get_by_role("link", name="Leg mijn vraag voor aan Novel-T").click()
    page.wait_for_load_state()
    fill_and_send(page, question="Welke hogeschool helpt met een proef?")
    assert page.get_by_role("heading", level=1, name="Uw vraag is verstuurd").is_visible()
    assert axe_violations(page) == []
    stored = HandoffRequest.objects.get()
    assert (stored.loket.slug, stored.entrepreneur_type) == ("novel-t", "B")
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_whole_way_with_its_mistakes(site, browser, width, javascript):
    """Quickscan → route → question to the loket, each with a mistake first, on a phone and a desktop, with
    and without JavaScript; axe-core finds nothing in any state it can run in, no page scrolls sideways."""
    from playwright.sync_api import expect

    from routekaart.models import HandoffRequest

    from .test_handoff import fill_and_send

    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale="nl-NL"
    )
    page = context.new_page()

    def check(state):
        page.wait_for_load_state()
        shoot(page, f"journey-{state}-{width}{'' if javascript else '-no-js'}")
        if javascript:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert axe_violations(page) == []

    page.goto(site.url + "/route/")
    page.get_by_label("Ik heb niet de juiste mensen om het uit te voeren").check()
    page.get_by_role("button", name="Toon mijn route").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("1-quickscan-error")
    page.get_by_role("group", name="Wilt u iets vernieuwen in uw bedrijf?").get_by_label("Ja").check()
    page.get_by_role("group", name="Heeft u al een concreet plan?").get_by_label("Nee").check()
    page.get_by_label("Ik weet niet goed hoe ik het moet aanpakken, of ik mis kennis of technologie").check()
    page.get_by_label("Waar zit uw bedrijf?").select_option(label="Rijssen-Holten")
    page.get_by_role("button", name="Toon mijn route").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw route")
    expect(page.get_by_role("link", name="Twents Fonds voor Vakmanschap").first).to_be_visible()
    check("2-route")

    page.get_by_role("link", name="Leg mijn vraag voor aan Novel-T").click()
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("3-question-error")
    fill_and_send(page, question="Wie helpt ons aan vakmensen voor een nieuw product?")
    expect(page.get_by_role("heading", level=1, name="Uw vraag is verstuurd")).to_be_visible()
    check("4-question-sent")
    stored = HandoffRequest.objects.get()
    assert (stored.loket.slug, stored.entrepreneur_type, stored.factors) == ("novel-t", "B", "kennis, arbeid")
    context.close()

"""/dekking/vraag/ in Chromium on the real starting content with demand counted on top: axe-core finds nothing
at 390 and 1280 px, with and without JavaScript, nothing scrolls sideways, small numbers read "< 5"."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Organisation, Region, SearchMiss
from ecosystems import demand
from routekaart.models import HandoffRequest

from .conftest import axe_violations
from .test_kennisbank import axe_on_markup

pytestmark = pytest.mark.browser
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "vraag-en-aanbod-390.png"


def _demand():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    twente, zwolle = Region.objects.get(slug="twente"), Region.objects.get(slug="zwolle")
    for _ in range(7):
        demand.count_quickscan(
            region=twente, entrepreneur_type="C", factors=["financiering"], firm_size="klein", day=yesterday
        )
    demand.count_quickscan(region=zwolle, entrepreneur_type="B", factors=["kennis"], day=yesterday)
    loket = Organisation.objects.filter(kind="innovatieloket", regions=twente).first()
    for _ in range(5):
        HandoffRequest.objects.create(
            loket=loket,
            profile="regio=twente&type=C&factor=financiering",
            region=twente,
            entrepreneur_type="C",
            factors="financiering",
            name="Test",
            email="test@voorbeeld.nl",
            company="Test BV",
            question="Een vraag",
            consent=True,
            status="afgerond",
            outcome="budget-op",
        )
    SearchMiss.objects.create(
        text="waterstof opslag", first_kept=yesterday, last_searched=yesterday, searches=6
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_demand_page_passes_axe_and_fits_the_screen(site, browser, width, javascript):
    _demand()
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale="nl-NL"
    )
    page = context.new_page()
    url = site.url + "/dekking/vraag/"
    assert page.goto(url).status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    twente = page.locator('td[data-cell="twente:financiering"]')
    assert twente.locator('[data-part="quickscans"]').inner_text() == "7"
    assert twente.locator('[data-part="signalen"]').inner_text() == "5"
    assert page.locator('td[data-cell="regio-zwolle:kennis"] [data-part="quickscans"]').inner_text() == "< 5"
    assert "waterstof opslag" in page.locator("#zoekvragen").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/dekking/vraag/ scrolls sideways by {overflow}px at {width}px"
    if javascript:
        assert axe_violations(page) == []
        if width == 390:
            page.screenshot(path=str(SCREENSHOT), full_page=True)
    else:
        assert axe_on_markup(browser, url, page.content(), width) == []
    context.close()

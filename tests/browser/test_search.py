import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "query",
    ["", "kennisvoucher", "xyzzyqwrtplk", "subsidei", "subsidie&pagina=2"],
    ids=["empty", "results", "none", "did-you-mean", "page-2"],
)
def test_search_page_passes_axe_and_fits_the_screen(site, page, query):
    response = page.goto(f"{site.url}/zoeken/?q={query}")
    assert response.status == 200
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the search page scrolls sideways by {overflow}px"


def test_search_form_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/zoeken/")
    page.get_by_role("searchbox", name="Zoeken").fill("Kennis Voucher")
    page.get_by_role("button", name="Zoeken").click()
    assert "q=Kennis+Voucher" in page.url
    assert page.get_by_role("status").is_visible()
    assert page.get_by_text("MIT-kennisvoucher").first.is_visible()
    context.close()


def test_search_page_at_390_px_with_a_suggestion_and_pages(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/zoeken/?q=subsidei")
    assert page.get_by_text("Bedoelde u:").is_visible()
    page.get_by_role("link", name="subsidie").first.click()
    assert "q=subsidie" in page.url
    page.get_by_role("link", name="Volgende").click()
    assert "pagina=2" in page.url
    page.goto(site.url + "/zoeken/?q=subsidei")
    page.screenshot(path="docs/screenshots/search-390.png")
    context.close()

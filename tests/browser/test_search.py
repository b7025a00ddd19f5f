import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query", ["", "kennisvoucher", "xyzzyqwrtplk"], ids=["empty", "results", "none"])
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

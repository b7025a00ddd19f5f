import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    ("/", 200),
    ("/instrumenten/", 200),
    ("/instrumenten/?factor=kennis&factor=netwerk&regio=twente&sorteer=-naam", 200),
    ("/instrumenten/?factor=onbekend", 400),
    ("/instrumenten/mit-kennisvoucher/", 200),
    ("/instrumenten/kennisvoucher-agro-food/", 200),  # unknown status, inferred provider and type, stale
    ("/instrumenten/efro/", 200),  # inferred kind
    ("/instrumenten/investeringsprogramma-mkb/", 200),  # a provider with co-providers
    ("/instrumenten/?aanbieder=oost-nl", 200),  # the provider filter, shown as chosen
    ("/organisaties/?soort=kennisinstelling", 200),
    ("/organisaties/novel-t/", 200),
    ("/organisaties/provincie-overijssel/", 200),  # contact details with tel: and mailto: links
    ("/organisaties/oost-nl/", 200),  # schemes it offers together with others
    ("/praktijkvoorbeelden/", 200),
    ("/praktijkvoorbeelden/move2social/", 200),  # types inferred by the editors
    ("/praktijkvoorbeelden/niverplast-sociaal-innovatief/", 200),  # a stated type: done by
    ("/praktijkvoorbeelden/stichting-mkbdoorgaan-nl/", 200),  # also in other regions
    ("/regio/twente/", 200),
    ("/regio/salland/", 200),
    ("/regio/rijssen-holten/", 200),
    ("/innovatiefactoren/arbeid/", 200),
    ("/bestaat-niet/", 404),
    ("/toegankelijkheid/", 200),
    ("/privacy/", 200),
    ("/contact/", 200),
    ("/melden/instrument/mit-kennisvoucher/", 200),
    ("/route/", 200),
    ("/route/?regio=twente&type=B&factor=kennis&factor=netwerk", 200),
    ("/route/?regio=salland&type=C&factor=financiering&factor=arbeid", 200),
    ("/route/?vernieuwen=ja&regio=onbekend", 400),
    ("/checklists/samenwerken-met-een-hogeschool-of-mbo-school/", 200),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_passes_axe_and_fits_the_screen(site, page, path, status):
    response = page.goto(site.url + path)
    assert response.status == status
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_skip_link_appears_on_focus_and_moves_to_the_content(site, page):
    page.goto(site.url + "/")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_text("Novel-T").first.is_visible()
    context.close()


def test_filtering_by_clicking_and_submitting(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/instrumenten/")
    everything = int(page.get_by_role("status").inner_text().split()[0])
    page.get_by_label("Arbeid", exact=False).first.check()
    page.get_by_role("button", name="Toon resultaten").click()
    page.wait_for_load_state()
    assert "factor=arbeid" in page.url
    filtered = int(page.get_by_role("status").inner_text().split()[0])
    assert 0 < filtered < everything
    assert f"({filtered})" in page.title()
    assert page.get_by_label("Arbeid", exact=False).first.is_checked()
    page.go_back()
    assert int(page.get_by_role("status").inner_text().split()[0]) == everything
    page.close()

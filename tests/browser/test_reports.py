import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from catalog.models import OutdatedReport

from .conftest import axe_violations

pytestmark = pytest.mark.browser

URL = "/melden/instrument/mit-kennisvoucher/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_report_form_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + URL)
    page.get_by_label("Wat klopt er niet?").fill("De regeling is gesloten.")
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page.get_by_role("heading", level=1, name="Bedankt voor uw melding")).to_be_visible()
    assert OutdatedReport.objects.get().message == "De regeling is gesloten."
    context.close()


def test_form_with_errors_passes_axe_and_keeps_the_input(site, page):
    page.goto(site.url + URL)
    page.get_by_label("Uw e-mailadres (niet verplicht)").fill("geen-adres")
    page.get_by_role("button", name="Verstuur melding").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Uw e-mailadres (niet verplicht)").input_value() == "geen-adres"
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

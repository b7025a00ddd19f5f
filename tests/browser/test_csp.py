"""The Content Security Policy refuses nothing the site itself uses: public and admin pages load without a
violation or console error in Chromium, and axe stays at zero (settings.CONTENT_SECURITY_POLICY)."""

import pytest
from django.contrib.auth.models import User

from .conftest import DESKTOP, axe_violations, csp_problems, watch_csp

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
PUBLIC = [
    "/",
    "/instrumenten/?factor=financiering",
    "/instrumenten/mit-kennisvoucher/",
    "/zoeken/?q=subsidie",
    "/dekking/",
    "/regio/twente/",
    "/route/?regio=twente&type=B&factor=kennis",
    "/route/vraag/?regio=twente&type=B&factor=kennis",
]
ADMIN = [
    "/beheer/",
    "/beheer/catalog/instrument/",
    "/beheer/catalog/instrument/add/",
    "/beheer/catalog/instrument/export/",
    "/beheer/catalog/instrument/import/",
    "/beheer/catalog/knowledgeoffer/",
    "/beheer/catalog/knowledgeoffer/add/",
    "/beheer/catalog/learningcommunity/",
    "/beheer/catalog/learningcommunity/add/",
    "/beheer/catalog/ambassador/",
    "/beheer/catalog/ambassador/add/",
    "/beheer/routekaart/handoffrequest/",
    "/beheer/te-controleren/",
]


def test_public_pages_load_without_a_csp_violation(site, browser):
    context = watch_csp(browser.new_context(viewport=DESKTOP, locale="nl-NL"))
    page = context.new_page()
    for url in PUBLIC:
        response = page.goto(site.url + url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert csp_problems(page) == [], url
        assert axe_violations(page) == [], url
    context.close()


def test_admin_pages_load_without_a_csp_violation(site, browser):
    User.objects.create_superuser("beheerder", "beheer@example.org", PASSWORD)
    context = watch_csp(browser.new_context(viewport=DESKTOP, locale="nl-NL"))
    page = context.new_page()
    page.goto(site.url + "/beheer/login/")
    assert csp_problems(page) == []
    page.fill("input[name=username]", "beheerder")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    for url in ADMIN:
        response = page.goto(site.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert csp_problems(page) == [], url
    page.goto(site.url + "/beheer/catalog/instrument/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert fields.count() > 1
    page.locator(".select-toggle:visible").uncheck()  # its handler moved out of an inline onchange
    assert all(not box.is_checked() for box in fields.all())
    assert csp_problems(page) == []
    context.close()

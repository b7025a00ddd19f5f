"""The review dashboard works on a phone and a desktop, and passes axe."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def test_dashboard_is_accessible(site, page, django_user_model):
    django_user_model.objects.create_superuser("beheer", "beheer@example.org", "een-lang-wachtwoord")
    page.goto(f"{site.url}/beheer/te-controleren/")
    page.fill("#id_username", "beheer")
    page.fill("#id_password", "een-lang-wachtwoord")
    page.click("input[type=submit]")
    page.wait_for_url("**/beheer/te-controleren/")
    expect(page.get_by_role("table").first).to_be_visible()
    assert page.locator("caption", has_text="Nooit gecontroleerd").count() == 1
    assert axe_violations(page) == []

"""The admin works for its users (issue 14 item 6): every column of a record list is visible at 1280 px, and
the pages an editor, curator or provincial admin reaches pass axe without sideways scroll at 390 px."""

import pytest
from django.contrib.auth.models import User

from .conftest import DESKTOP, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
RECORD_LISTS = [
    "region",
    "organisation",
    "instrument",
    "practiceexample",
    "knowledgeoffer",
    "learningcommunity",
    "ambassador",
    "membership",
    "checklist",
]


def log_in(page, url, username):
    page.goto(url + "/beheer/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")


def test_every_column_of_a_record_list_is_visible_at_1280_px(site, browser):
    User.objects.create_superuser("beheerder", "beheer@example.org", PASSWORD)
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    log_in(page, site.url, "beheerder")
    cut_off = {}
    for model in RECORD_LISTS:
        page.goto(f"{site.url}/beheer/catalog/{model}/")
        box = page.locator(".results").bounding_box()
        hidden = page.evaluate(
            """(right) => [...document.querySelectorAll('#result_list thead th')]
                .filter(th => th.getBoundingClientRect().right > right + 1)
                .map(th => th.textContent.trim())""",
            box["x"] + box["width"],
        )
        if model == "instrument":
            shoot(page, "admin-changelist-1280")
        if hidden or page.evaluate("document.querySelector('.results').scrollWidth") > box["width"] + 1:
            cut_off[model] = hidden
    assert cut_off == {}
    context.close()

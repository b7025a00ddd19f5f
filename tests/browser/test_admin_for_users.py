"""The admin works for its users (issue 14 item 6): every column of a record list is visible at 1280 px, and
the pages an editor, curator or provincial admin reaches pass axe without sideways scroll at 390 px."""

import pytest
from django.contrib.auth.models import Group, User

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR
from catalog.models import CuratorRegion, Instrument, Organisation, OrganisationEditor, Region
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
PHONE_390 = {"width": 390, "height": 844}
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


def role_users():
    """An editor of Novel-T, Twente's curator and a provincial administrator, on the starting content."""
    setup_roles()  # transactional tests start without the migration's groups
    editor = User.objects.create_user("redacteur", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=editor, organisation=Organisation.objects.get(slug="novel-t"))
    curator = User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name=REGIONAL_CURATOR))
    CuratorRegion.objects.create(user=curator, region=Region.objects.get(slug="twente"))
    province = User.objects.create_user("provincie", password=PASSWORD, is_staff=True)
    province.groups.add(Group.objects.get(name=PROVINCIAL_ADMIN))
    return {"redacteur": editor, "curator": curator, "provincie": province}


def pages_of(username, editor):
    instrument = Instrument.objects.filter(provider__slug="novel-t").order_by("pk").first()
    version = instrument.history.order_by("history_id").first()
    organisation = Organisation.objects.get(slug="novel-t")
    pages = [
        "/beheer/",
        "/beheer/te-controleren/",
        "/beheer/catalog/instrument/",
        "/beheer/catalog/instrument/add/",
        f"/beheer/catalog/instrument/{instrument.pk}/change/",
        f"/beheer/catalog/instrument/{instrument.pk}/history/",
        f"/beheer/catalog/instrument/{instrument.pk}/history/{version.history_id}/",
        "/beheer/catalog/instrument/export/",
        "/beheer/catalog/organisation/",
        f"/beheer/catalog/organisation/{organisation.pk}/change/",
        "/beheer/catalog/membership/",
        "/beheer/password_change/",
    ]
    if username == "provincie":
        pages += [
            "/beheer/catalog/instrument/import/",
            "/beheer/auth/user/",
            "/beheer/auth/user/add/",
            f"/beheer/auth/user/{editor.pk}/change/",
            f"/beheer/auth/group/{Group.objects.get(name=LOKET_EDITOR).pk}/change/",
        ]
    return pages


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_every_admin_page_of_each_role_passes_axe_without_sideways_scroll(site, browser, viewport):
    users = role_users()
    problems = {}
    for username in users:
        context = browser.new_context(viewport=viewport, locale="nl-NL")
        page = context.new_page()
        log_in(page, site.url, username)
        for url in pages_of(username, users["redacteur"]):
            response = page.goto(site.url + url)
            assert response.status == 200, (username, url)
            page.wait_for_load_state("load")
            found = axe_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                found.append(f"scrolls sideways: {width} px")
            if found:
                problems[f"{username} {url}"] = found
        if viewport == PHONE_390:
            page.goto(site.url + "/beheer/")
            shoot(page, f"admin-index-390-{username}")
        context.close()
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())

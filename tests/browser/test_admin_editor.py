"""A loket editor logs in at /beheer/, edits an instrument of their own organisation, submits it for review.

With SCREENSHOTS=<directory> set, the test also saves the admin screenshots of docs/screenshots/
(see docs/screenshots/make.sh).
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import Instrument, Organisation, OrganisationEditor
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"


@pytest.fixture
def editor(site):
    setup_roles()  # transactional tests start from an empty database, without the migration's groups
    user = User.objects.create_user("redacteur-twente", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=user, organisation=Organisation.objects.get(slug="novel-t"))
    Instrument.objects.filter(slug="events-novel-t").update(publication_status="concept")
    return user


def test_loket_editor_edits_and_submits_for_review(site, browser, editor):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/beheer/")
    page.fill("input[name=username]", "redacteur-twente")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")

    page.goto(site.url + "/beheer/catalog/instrument/")
    expect(page.get_by_role("link", name="Events van Novel-T")).to_be_visible()
    assert (
        page.get_by_role("link", name="Innovatieadvies van Kennispoort Regio Zwolle (innovatieloket)").count()
        == 0
    )

    page.get_by_role("link", name="Events van Novel-T").click()
    expect(page.get_by_role("link", name="Bekijk als voorbeeld")).to_be_visible()
    page.fill("textarea[name=description]", "Novel-T organiseert elke maand een bijeenkomst over innoveren.")
    options = page.locator("select[name=publication_status] option").all_inner_texts()
    assert options == ["Concept", "Ter review"]  # publishing is for curators
    page.select_option("select[name=publication_status]", label="Ter review")
    shoot(page, "admin-editor-change-form")
    page.locator("input[name=_save]").last.click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    row = page.locator("#result_list tr", has_text="Events van Novel-T")
    assert "Ter review" in row.inner_text()
    shoot(page, "admin-editor-changelist")
    record = Instrument.objects.get(slug="events-novel-t")
    assert record.publication_status == "ter-review"
    assert record.description.startswith("Novel-T organiseert elke maand")
    assert record.history.latest().history_user == editor

    page.goto(site.url + f"/beheer/catalog/instrument/{record.pk}/history/")
    expect(page.get_by_text("redacteur-twente").first).to_be_visible()
    shoot(page, "admin-history")

    page.goto(site.url + f"/beheer/voorbeeld/instrument/{record.pk}/")
    expect(page.get_by_text("Voorbeeld — nog niet gepubliceerd")).to_be_visible()
    assert axe_violations(page) == []  # the preview is our own page: it must be clean
    shoot(page, "admin-preview")

    # What this editor should review: their own stale records, nobody else's.
    page.goto(site.url + "/beheer/te-controleren/")
    expect(page.get_by_role("link", name="Events van Novel-T").first).to_be_visible()
    assert page.get_by_role("link", name="Kennispoort Regio Zwolle").count() == 0
    assert axe_violations(page) == []
    shoot(page, "admin-review-dashboard")

    # The editor's changelist and change form are clean (static/js/admin-a11y.js names what Django's
    # autocomplete and tabular inline leave unnamed), also after adding a source row.
    page.goto(site.url + "/beheer/catalog/instrument/")
    assert axe_violations(page) == []
    page.goto(site.url + f"/beheer/catalog/instrument/{record.pk}/change/")
    assert page.get_by_role("searchbox", name="Voor bedrijven in").count() == 1
    page.get_by_role("link", name="Nog een Bron toevoegen").click()
    assert axe_violations(page) == []
    context.close()

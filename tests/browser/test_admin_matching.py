"""A loket editor opens a question handed to the loket: the change page with "Suggesties voor dit loket"
(routekaart.matching) passes axe at 390 and 1280 px and fits a phone, and its links lead to the records."""

import pytest
from django.contrib.auth.models import Group, User

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import Organisation, OrganisationEditor, Region
from routekaart.models import HandoffRequest
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def handoff(site):
    setup_roles()  # transactional tests start from an empty database, without the migration's groups
    twente = Region.objects.get(slug="twente")
    loket = Organisation.objects.loketten_serving(twente).order_by("name").first()
    user = User.objects.create_user("loket-twente", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=user, organisation=loket)
    return HandoffRequest.objects.create(
        loket=loket,
        profile="regio=twente&type=B&factor=kennis&factor=arbeid&grootte=klein",
        region=twente,
        entrepreneur_type="B",
        factors="kennis, arbeid",
        name="Anna de Vries",
        email="anna@voorbeeld.nl",
        company="De Vries Metaal",
        question="We zoeken een stagiair voor onze CNC-afdeling en willen leren van andere familiebedrijven.",
        consent=True,
    )


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["390", "1280"])
def test_the_change_page_with_suggestions_passes_axe(site, browser, handoff, viewport):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/beheer/")
    page.fill("input[name=username]", "loket-twente")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    url = f"/beheer/routekaart/handoffrequest/{handoff.pk}/change/"
    assert page.goto(site.url + url).status == 200
    section = page.locator(".routekaart-suggestions")
    assert section.locator("h3").all_inner_texts() == [
        "Kennisaanbod",
        "Leergemeenschappen",
        "Praktijkvoorbeelden",
    ]
    assert section.locator("ol > li").count() >= 3
    assert "woorden uit de vraag" in section.inner_text()
    assert axe_violations(page) == []
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, f"admin-handoff-suggestions-{viewport['width']}")
    section.locator("ol > li > a").first.click()  # the public page of the first suggestion
    assert page.locator("h1").count() == 1
    assert "stagiair" not in page.url
    context.close()

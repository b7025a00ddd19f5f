"""The kennisbank's admin pages (knowledge offers, learning communities, ambassadors): list, add and change
forms pass axe at 390 and 1280 px, for a loket editor of the provider."""

import pytest
from django.contrib.auth.models import Group, User

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import (
    Ambassador,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    OrganisationEditor,
    Region,
)
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def editor(site):
    setup_roles()  # transactional tests start from an empty database, without the migration's groups
    novel_t = Organisation.objects.get(slug="novel-t")
    twente = Region.objects.get(slug="twente")
    offer = KnowledgeOffer.objects.create(
        name="Testaanbod: stage bij Novel-T",
        slug="testaanbod-stage-novel-t",
        provider=novel_t,
        form="stage",
        summary="Een student loopt een half jaar mee.",
        publication_status="concept",
    )
    offer.regions.set([twente])
    community = LearningCommunity.objects.create(
        name="Testleerkring Twente",
        slug="testleerkring-twente",
        theme="Digitaliseren",
        contact=novel_t,
        summary="Ondernemers leren samen.",
        publication_status="concept",
    )
    community.regions.set([twente])
    ambassador = Ambassador.objects.create(
        name="Testambassadeur Twente",
        slug="testambassadeur-twente",
        company="Novel-T",
        organisation=novel_t,
        programme="Testpioniers",
        summary="Zij vertelt hoe haar team vernieuwt.",
        publication_status="concept",
    )
    user = User.objects.create_user("redacteur-twente", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=user, organisation=novel_t)
    return user, offer, community, ambassador


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["390", "1280"])
def test_the_kennisbank_admin_pages_pass_axe(site, browser, editor, viewport):
    _user, offer, community, ambassador = editor
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/beheer/")
    page.fill("input[name=username]", "redacteur-twente")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    width = viewport["width"]
    records = (("knowledgeoffer", offer), ("learningcommunity", community), ("ambassador", ambassador))
    for model, record in records:
        for path in ("", "add/", f"{record.pk}/change/"):
            url = f"/beheer/catalog/{model}/{path}"
            response = page.goto(site.url + url)
            assert response.status == 200, url
            assert axe_violations(page) == [], url
        assert page.get_by_text(record.name).count() >= 1
        shoot(page, f"admin-{model}-change-{width}")
        page.locator(".add-row a").first.click()  # the sources inline, a row added
        assert axe_violations(page) == []
    page.goto(site.url + "/beheer/catalog/knowledgeoffer/")
    assert page.get_by_role("link", name=offer.name).count() == 1
    shoot(page, f"admin-knowledgeoffer-changelist-{width}")
    context.close()

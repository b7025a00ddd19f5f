"""Warm referral (issue 14 item 2) in the browser: the change page with the referral form, the answer form and
the chain passes axe at 390 and 1280 px, for the loket and for the receiving organisation, and does not
scroll sideways at 390 px."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import Organisation, OrganisationEditor, OrganisationKind, Region
from routekaart.models import HandoffRequest, Referral
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
NARROW = {"width": 390, "height": 844}


def _user(username, organisation, first, last):
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def chain(site):
    """A question the Twente loket referred to a knowledge institution, which sent it back, then to Oost NL
    (or another organisation), where it is open now."""
    setup_roles()
    twente = Region.objects.get(slug="twente")
    loket = Organisation.objects.loketten_serving(twente).order_by("name").first()
    first = Organisation.objects.filter(kind=OrganisationKind.KENNISINSTELLING).order_by("name").first()
    now_with = (
        Organisation.objects.filter(name__icontains="Oost NL").first()
        or Organisation.objects.exclude(pk__in=[loket.pk, first.pk]).order_by("name").first()
    )
    editor = _user("loket-twente", loket, "Sanne", "Jansen")
    first_user = _user("kennis", first, "Pieter", "Smit")
    _user("ontvanger", now_with, "Fatima", "El Amrani")
    handoff = HandoffRequest.objects.create(
        loket=loket,
        profile="regio=twente&type=C&factor=financiering&grootte=klein&doel=nieuw",
        region=twente,
        entrepreneur_type="C",
        factors="financiering",
        name="Anna de Vries",
        email="anna@voorbeeld.nl",
        phone="06 12 34 56 78",
        company="De Vries Metaal",
        question="We willen een nieuwe lasrobot ontwikkelen en zoeken financiering voor de eerste serie.",
        consent=True,
        referral_consent=True,
        status="doorverwezen",
        assignee=editor,
    )
    Referral.objects.create(
        handoff=handoff,
        from_organisation=loket,
        to_organisation=first,
        note="Past dit bij een lectoraat robotica? Anna wil graag een stagiair.",
        created_by=editor,
        state="teruggestuurd",
        answer="Wij doen geen financiering; probeer een regionale financier.",
        answered_by=first_user,
        answered_at=timezone.now(),
    )
    Referral.objects.create(
        handoff=handoff,
        from_organisation=loket,
        to_organisation=now_with,
        note="Financieringsvraag voor een eerste serie lasrobots, zie de vraag.",
        created_by=editor,
    )
    return handoff


def _login(page, site, username):
    page.goto(site.url + "/beheer/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("username", ["ontvanger", "loket-twente"])
def test_the_referral_and_the_chain_pass_axe(site, browser, chain, viewport, username):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    _login(page, site, username)
    assert page.goto(site.url + f"/beheer/routekaart/handoffrequest/{chain.pk}/change/").status == 200
    shown = page.locator("#content").inner_text()
    assert "Wij doen geen financiering" in shown and "Financieringsvraag voor een eerste serie" in shown
    if username == "ontvanger":
        assert page.locator("select[name=reply]").count() == 1
        assert page.locator("select[name=status]").count() == 0
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if username == "ontvanger":
        shoot(page, f"doorverwijzing-{viewport['width']}")
    context.close()

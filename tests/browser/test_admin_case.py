"""A question as a case (issue 14 item 1) in the browser: the change page (status, outcome, assignee, first
contact, notes, the profile in words) and the changelist (share met, filters) pass axe at 390 and 1280 px and
do not scroll sideways at 390 px."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import Organisation, OrganisationEditor, Region
from routekaart.models import HandoffAddition, HandoffNote, HandoffRequest
from routekaart.role_setup import setup_roles

from .conftest import DESKTOP, axe_violations, shoot

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-testwachtwoord-42"
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def case(site):
    setup_roles()
    twente = Region.objects.get(slug="twente")
    loket = Organisation.objects.loketten_serving(twente).order_by("name").first()
    user = User.objects.create_user(
        "loket-twente", password=PASSWORD, is_staff=True, first_name="Sanne", last_name="Jansen"
    )
    user.groups.add(Group.objects.get(name=LOKET_EDITOR))
    OrganisationEditor.objects.create(user=user, organisation=loket)
    fields = {
        "loket": loket,
        "profile": "regio=twente&type=C&factor=financiering&factor=arbeid&grootte=klein&doel=nieuw",
        "region": twente,
        "entrepreneur_type": "C",
        "factors": "financiering, arbeid",
        "name": "Anna de Vries",
        "email": "anna@voorbeeld.nl",
        "phone": "06 12 34 56 78",
        "company": "De Vries Metaal",
        "question": "We willen een nieuwe lasrobot ontwikkelen en zoeken financiering en een stagiair.",
        "consent": True,
    }
    handoff = HandoffRequest.objects.create(**fields, assignee=user)
    HandoffNote.objects.create(handoff=handoff, author=user, text="Gebeld, voicemail ingesproken.")
    HandoffAddition.objects.create(handoff=handoff, text="Bel me liever na 14.00 uur.")  # from Mijn vraag
    late = HandoffRequest.objects.create(**{**fields, "company": "Jansen Kunststof"})
    HandoffRequest.objects.filter(pk=late.pk).update(created_at=timezone.now() - datetime.timedelta(days=12))
    return handoff


def _login(page, site):
    page.goto(site.url + "/beheer/")
    page.fill("input[name=username]", "loket-twente")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["390", "1280"])
def test_the_case_page_and_list_pass_axe(site, browser, case, viewport):
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    _login(page, site)
    assert "Te laat voor eerste contact" in page.locator("#vragen-aan-het-loket").inner_text()

    assert page.goto(site.url + f"/beheer/routekaart/handoffrequest/{case.pk}/change/").status == 200
    shown = page.locator("#content").inner_text()
    assert "Type C:" in shown and "Wat het bedrijf mist" in shown
    assert "regio=twente" not in shown
    assert page.locator("a[href^='mailto:']").count() == 1
    assert page.locator("a[href^='tel:']").count() == 1
    assert "Gebeld, voicemail ingesproken." in shown
    assert "Bel me liever na 14.00 uur." in shown  # the entrepreneur's addition
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, f"vraag-als-zaak-{viewport['width']}")

    assert page.goto(site.url + "/beheer/routekaart/handoffrequest/").status == 200
    assert page.locator("#eerste-contact-op-tijd").count() == 1
    assert axe_violations(page) == []
    if viewport is DESKTOP:  # every column visible, beside the filters or below them
        right = page.evaluate(
            "Math.max(...[...document.querySelectorAll('#result_list th')]"
            ".map(th => th.getBoundingClientRect().right))"
        )
        table_top = page.evaluate("document.querySelector('#result_list').getBoundingClientRect().top")
        filters = page.evaluate(
            "(() => { const r = document.querySelector('#changelist-filter').getBoundingClientRect();"
            " return {left: r.left, bottom: r.bottom}; })()"
        )
        assert right <= viewport["width"]
        assert right <= filters["left"] or filters["bottom"] <= table_top
    else:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, f"vraag-als-zaak-lijst-{viewport['width']}")
    context.close()

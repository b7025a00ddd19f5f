"""Four eyes (issue 14 item 4): the review dashboard, the diff/approve page and the editor's list of changes
pass axe without sideways scroll at 390 px, for the curator and the editor."""

import pytest
from django.contrib.contenttypes.models import ContentType

from catalog.models import Instrument, PendingRevision, PublicationStatus, Region

from .conftest import DESKTOP, axe_violations, shoot
from .test_admin_for_users import PHONE_390, log_in, role_users

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_four_eyes_pages_pass_axe_without_sideways_scroll(site, browser, viewport):
    users = role_users()
    editor = users["redacteur"]
    published, in_review = Instrument.objects.filter(
        provider__slug="novel-t", publication_status=PublicationStatus.PUBLISHED, regions__slug="twente"
    ).order_by("pk")[:2]
    Instrument.objects.filter(pk=in_review.pk).update(publication_status=PublicationStatus.REVIEW)
    revision = PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(Instrument),
        object_id=published.pk,
        record_name=published.name,
        proposed={
            "name": f"{published.name} (nieuwe ronde)",
            "status_note": "De nieuwe ronde opent in maart; aanvragen kan tot en met 30 juni bij het loket.",
            "regions": sorted(
                [*published.regions.values_list("pk", flat=True), Region.objects.get(slug="overijssel").pk]
            ),
        },
        # the name changed on the website after submitting: the page shows it and asks for a confirmation
        base={"name": f"{published.name} (eerdere naam)"},
        author=editor,
    )
    pages = {
        "curator": ["/beheer/te-controleren/", f"/beheer/wijzigingen/{revision.pk}/"],
        "redacteur": ["/beheer/catalog/pendingrevision/", f"/beheer/wijzigingen/{revision.pk}/"],
    }
    problems = {}
    for username, urls in pages.items():
        context = browser.new_context(viewport=viewport, locale="nl-NL")
        page = context.new_page()
        log_in(page, site.url, username)
        for url in urls:
            response = page.goto(site.url + url)
            assert response.status == 200, (username, url)
            page.wait_for_load_state("load")
            found = axe_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                found.append(f"scrolls sideways: {width} px")
            if found:
                problems[f"{username} {url}"] = found
            if username == "curator" and url.startswith("/beheer/wijzigingen/") and viewport == DESKTOP:
                assert page.get_by_role("button", name="Goedkeuren en publiceren").is_visible()
                assert page.get_by_label("Ik heb de verschillen gezien", exact=False).is_visible()
                shoot(page, "vier-ogen-1280")
            if username == "curator" and url == "/beheer/te-controleren/" and viewport == DESKTOP:
                shoot(page, "vier-ogen-dashboard-1280")
        context.close()
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())

"""A person to reach (issue 11, item 5): the contact details of a loket on its page, in the route's first
step, on /contact/ and on the hand-off's confirmation page; the confirmation e-mail to the entrepreneur; and
what a firm in a region without a loket of its own is told on the region page, the route and the hand-off.

The world is the role world (tests/fixtures_roles.py): `loket` serves `region` of the portal's province for
the test; `bare` is a region of that province that no loket serves.
"""

import logging
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from routekaart import handoff as handoff_services
from routekaart.models import HandoffRequest
from routekaart.profile import Profile
from tests.factories import OrganisationFactory, RegionFactory, ThemeFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

CONTACT = {
    "phone": "038 123 45 67",
    "email": "info@eigenloket.example",
    "website": "https://eigenloket.example/",
    "visiting_address": "Marktstraat 1, Eigenstad",
}
UNKNOWN_PHONE = "Telefoonnummer Nog niet bekend."
QUESTION = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "company": "De Vries Metaal",
    "question": "Hoe vind ik een hogeschool voor een onderzoek?",
    "phone": "",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the hand-off's rate limit


@pytest.fixture
def reachable(loket):
    """`loket` with every contact field filled in."""
    for field, value in CONTACT.items():
        setattr(loket, field, value)
    loket.save()
    return loket


@pytest.fixture
def bare(province):
    return RegionFactory(name="Kwelderhoek", parents=[province])


def route_query(region, kind="B", factors=("kennis",)):
    return urlencode([("regio", region.slug), ("type", kind), *(("factor", f) for f in factors)])


def assert_reachable(node):
    """The contact details of CONTACT as a visitor's phone would use them."""
    found = links(node)
    assert found["tel:0381234567"] == "038 123 45 67"
    assert found["mailto:info@eigenloket.example"] == "info@eigenloket.example"
    assert found["https://eigenloket.example/"] == "https://eigenloket.example/"
    assert "Bezoekadres Marktstraat 1, Eigenstad" in text(node)
    assert "nog niet bekend" not in text(node).lower()


def assert_unknown(node):
    """A loket without contact details: a plain note for each, no link and no made-up value."""
    shown = text(node)
    assert UNKNOWN_PHONE in shown
    assert "E-mailadres Nog niet bekend." in shown
    assert "Website Nog niet bekend." in shown
    assert "Bezoekadres Nog niet bekend." in shown
    assert not [href for href in links(node) if href.startswith(("tel:", "mailto:"))]


def contact_section(response):
    return page(response).find(id="contact-title").find_parent("section")


def first_step(response):
    return page(response).find(id="step-1").find_parent("section")


# --- The four pages ----------------------------------------------------------------------------------------


def test_loket_page_shows_how_to_reach_it(client, reachable, django_assert_max_num_queries):
    url = reverse("catalog:organisation_detail", args=[reachable.slug])
    # record sets read afresh (tests do not keep them): 5 of them the kennisbank's (its offers, communities)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert text(contact_section(response).h2) == "Contact met Eigen loket"
    assert_reachable(contact_section(response))


def test_loket_page_without_contact_details_says_so_and_points_to_the_route(client, loket):
    response = client.get(reverse("catalog:organisation_detail", args=[loket.slug]))
    section = contact_section(response)
    assert_unknown(section)
    assert links(section)["/route/"] == "beantwoord een paar vragen over uw bedrijf"


def test_a_known_website_is_where_the_note_sends_the_visitor(client, loket):
    loket.website = "https://eigenloket.example/"
    loket.save()
    shown = text(contact_section(client.get(reverse("catalog:organisation_detail", args=[loket.slug]))))
    assert "Telefoonnummer Nog niet bekend. Kijk op de website van het loket." in shown


def test_other_organisations_show_only_what_is_known(client, region):
    school = OrganisationFactory(name="Kwelderschool", regions=[region])
    assert (
        page(client.get(reverse("catalog:organisation_detail", args=[school.slug]))).find(id="contact-title")
        is None
    )
    school.phone = "038 123 45 67"
    school.save()
    section = contact_section(client.get(reverse("catalog:organisation_detail", args=[school.slug])))
    assert links(section) == {"tel:0381234567": "038 123 45 67"}
    assert "nog niet bekend" not in text(section).lower()


def test_route_first_step_shows_how_to_reach_the_loket(
    client, region, reachable, django_assert_max_num_queries, record_sets_kept
):
    client.get(f"/route/?{route_query(region)}")  # reads the record sets of this catalogue version
    with django_assert_max_num_queries(35):
        response = client.get(f"/route/?{route_query(region)}")
    step = first_step(response)
    assert text(step.h2) == "Stap 1: Bel of mail eerst uw innovatieloket"
    assert_reachable(step)


def test_route_first_step_without_contact_details(client, region, loket):
    assert_unknown(first_step(client.get(f"/route/?{route_query(region)}")))


def test_contact_page_lists_each_loket_with_its_werkgebied_and_contact(
    client, region, reachable, other_loket, bare, django_assert_max_num_queries, record_sets_kept
):
    client.get("/contact/")  # the first visit reads the record sets of the loketten (catalog.recordsets)
    with django_assert_max_num_queries(8):
        response = client.get("/contact/")
    section = page(response).find(id="loket-title").find_parent("section")
    headings = {text(h3): h3 for h3 in section.find_all("h3")}
    assert set(headings) == {"Eigen loket", "Ander loket"}
    assert "Werkgebied: Eigen regio" in text(headings["Eigen loket"].find_next_sibling("p"))
    assert_reachable(headings["Eigen loket"].find_next_sibling("dl"))
    assert_unknown(headings["Ander loket"].find_next_sibling("dl"))
    assert "Voor Kwelderhoek noemen onze bronnen geen eigen innovatieloket." in text(section)


def test_confirmation_page_shows_how_to_reach_the_loket_and_mentions_the_email(
    client, region, reachable, django_assert_max_num_queries
):
    url = f"/route/vraag/?{route_query(region)}&verzonden={reachable.slug}"
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert "U krijgt ook een e-mail van ons." in text(response)
    section = contact_section(response)
    assert text(section.h2) == "Zelf contact opnemen met Eigen loket"
    assert_reachable(section)


def test_confirmation_page_without_contact_details(client, region, loket):
    response = client.get(f"/route/vraag/?{route_query(region)}&verzonden={loket.slug}")
    assert_unknown(contact_section(response))


# --- The confirmation e-mail -------------------------------------------------------------------------------


def test_the_entrepreneur_gets_a_confirmation_of_what_went_to_whom(
    client, region, reachable, mailoutbox, django_capture_on_commit_callbacks
):
    sector = ThemeFactory(name="Maakindustrie")
    query = route_query(region, "C", ("financiering", "arbeid")) + f"&grootte=klein&sector={sector.slug}"
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out once the question is stored
        response = client.post(f"/route/vraag/?{query}", QUESTION)
    assert response.status_code == 302

    [mail] = [mail for mail in mailoutbox if mail.to == ["anna@voorbeeld.nl"]]
    assert mail.subject == "Uw vraag aan Eigen loket is verstuurd"
    body = mail.body
    assert body.startswith("Beste Anna de Vries,")
    assert "Dit hebben we naar Eigen loket gestuurd" in body
    assert QUESTION["question"] in body
    # the quickscan answers in words, not as a query string
    assert "- Regio: Eigen regio" in body
    assert "- U mist: financiering, arbeid" in body
    assert "- Bedrijfsgrootte: Klein" in body
    assert "- Sector: Maakindustrie" in body
    assert "regio=" not in body
    # what happens next, how to reach the loket, how long the data is kept
    assert "Een medewerker van Eigen loket leest uw vraag en neemt zelf contact met u op" in body
    assert "Telefoonnummer: 038 123 45 67" in body
    assert "E-mailadres: info@eigenloket.example" in body
    assert f"http://testserver/organisaties/{reachable.slug}/" in body
    assert "Na 180 dagen wissen we alles automatisch." in body
    assert "http://testserver/privacy/" in body
    # no personal data beyond what they typed: their company name and phone are not repeated
    assert "De Vries Metaal" not in body
    assert "&amp;" not in body and "&#x27;" not in body  # plain text, not HTML-escaped


def test_the_confirmation_says_what_is_not_known_about_the_loket(
    region, loket, mailoutbox, django_capture_on_commit_callbacks
):
    profile = Profile(region, "B", ("kennis",))
    with django_capture_on_commit_callbacks(execute=True):
        handoff_services.submit_handoff(
            profile=profile, loket=loket, name="Bert", email="bert@voorbeeld.nl", company="B",
            question="Vraag", consent=True,
        )  # fmt: skip
    [mail] = mailoutbox  # the loket has no staff: only the confirmation
    assert mail.to == ["bert@voorbeeld.nl"]
    assert "Telefoonnummer: nog niet bekend" in mail.body
    assert "Website: nog niet bekend" in mail.body
    assert "En uw naam, bedrijf en e-mailadres, zodat het loket u kan bereiken." in mail.body


def test_a_failing_mail_server_still_stores_the_question(
    client, region, loket, monkeypatch, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    mail_server_down(handoff_services)
    with (
        caplog.at_level(logging.ERROR, logger="routekaart.handoff"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/route/vraag/?{route_query(region)}", QUESTION)
    assert response.status_code == 302
    assert HandoffRequest.objects.get().question == QUESTION["question"]
    assert "confirmation mail to the entrepreneur failed" in caplog.text


def test_no_confirmation_for_the_honeypot(client, region, loket, mailoutbox):
    client.post(f"/route/vraag/?{route_query(region)}", {**QUESTION, "website": "http://spam.example"})
    assert mailoutbox == []


def test_the_confirmation_is_in_the_language_the_visitor_chose(
    region, loket, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, translation.override("en"):
        handoff_services.submit_handoff(
            profile=Profile(region, "B", ("kennis",)), loket=loket, name="Bert", email="b@voorbeeld.nl",
            company="B", question="Vraag", consent=True,
        )  # fmt: skip
    for callback in callbacks:  # after the request, in whatever language is active then
        callback()
    assert mailoutbox[0].body.startswith("Dear Bert,")


# --- A region without a loket of its own -------------------------------------------------------------------


def test_region_page_of_a_region_without_loket_lists_the_provinces_loketten(client, bare, loket, other_loket):
    response = client.get(reverse("ecosystems:region_detail", args=[bare.slug]))
    section = page(response).find(id="loket-title").find_parent("section")
    assert (
        "Voor Kwelderhoek noemen onze bronnen geen eigen innovatieloket. "
        "Deze innovatieloketten in Rolprovincie helpen u ook verder" in text(section)
    )
    assert [text(a) for a in section.select("h3 a")] == ["Ander loket", "Eigen loket"]
    assert "Werkgebied: Eigen regio" in text(section)
    assert UNKNOWN_PHONE in text(section)


def test_region_page_of_a_region_with_its_own_loket(client, municipality, reachable, other_loket):
    response = client.get(reverse("ecosystems:region_detail", args=[municipality.slug]))
    section = page(response).find(id="loket-title").find_parent("section")
    assert [text(a) for a in section.select("h3 a")] == ["Eigen loket"]
    assert "geen eigen innovatieloket" not in text(section)
    assert_reachable(section)


def test_route_of_a_region_without_loket_offers_the_provinces_loketten(client, bare, loket, other_loket):
    step = first_step(client.get(f"/route/?{route_query(bare)}"))
    assert "Er is geen innovatieloket bekend voor Kwelderhoek." in text(step)
    assert [text(h3) for h3 in step.find_all("h3")] == ["Ander loket", "Eigen loket"]
    assert "Werkgebied: Eigen regio" in text(step)
    assert links(step)[f"/route/vraag/?{route_query(bare)}"] == "Leg mijn vraag voor aan een innovatieloket"


def test_handoff_of_a_region_without_loket_lets_the_firm_choose_and_confirms_the_choice(
    client, bare, loket, other_loket, mailoutbox, django_capture_on_commit_callbacks
):
    url = f"/route/vraag/?{route_query(bare)}"
    response = client.get(url)
    assert "Voor Kwelderhoek kennen we geen eigen innovatieloket." in text(response)
    options = [text(o) for o in page(response).select("select[name=loket] option") if o.get("value")]
    assert options == ["Ander loket", "Eigen loket"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**QUESTION, "loket": other_loket.pk})
    assert response["Location"].endswith("/?verzonden=1")
    [mail] = [mail for mail in mailoutbox if mail.to == ["anna@voorbeeld.nl"]]
    assert "Dit hebben we naar Ander loket gestuurd" in mail.body
    assert "- Regio: Kwelderhoek" in mail.body

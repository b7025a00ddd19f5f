"""The project's own pages (routekaart.views): home, the pages a Dutch public website owes its users, and the
error pages. The route and the hand-off have modules of their own.

Home and contact list the regions of the portal's province with their loketten; the tests put a region of
their own below that province (settings.PORTAL_PROVINCE) and look for it.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from catalog.models import Factor, Region
from routekaart.views import server_error
from tests.factories import LoketFactory, RegionFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db


def region_with_loket(name, loket_name):
    """A region of the portal's province with a loket of its own."""
    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)
    region = RegionFactory(name=name, parents=[province])
    return region, LoketFactory(name=loket_name, regions=[region])


# --- Home --------------------------------------------------------------------------------------------------


def test_home_shows_the_factors_and_each_regions_loket(client):
    region, loket = region_with_loket("Kwelderdal", "Loket Kwelderdal")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = page(response)
    factors = html.find(id="factors-title").find_parent("section")
    assert [text(a) for a in factors.select("h3 a")] == [f.name for f in Factor.objects.order_by("order")]
    card = html.find("a", href=reverse("ecosystems:region_detail", args=[region.slug])).find_parent("li")
    assert text(card.h3) == "Kwelderdal"
    assert {a["href"]: text(a) for a in card.select("p a")} == {
        reverse("catalog:organisation_detail", args=[loket.slug]): "Loket Kwelderdal"
    }
    assert html.html["lang"] == "nl"
    assert links(response)["#main"] == "Naar de inhoud"


def test_home_says_when_a_region_has_no_loket_of_its_own(client):
    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)
    region = RegionFactory(name="Kwelderhoek", parents=[province])
    html = page(client.get(reverse("home")))
    card = html.find("a", href=reverse("ecosystems:region_detail", args=[region.slug])).find_parent("li")
    assert "Geen eigen loket bekend." in text(card)


def test_home_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, record_sets_kept
):
    client.get(reverse("home"))  # the first visit reads the counted record sets (catalog.recordsets)
    with django_assert_max_num_queries(5):
        client.get(reverse("home"))
    for n in range(10):
        region_with_loket(f"Extra regio {n}", f"Extra loket {n}")
    client.get(reverse("home"))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("home"))
    shown = text(response)
    assert all(f"Extra regio {n}" in shown and f"Extra loket {n}" in shown for n in range(10))


# --- The pages a Dutch public website owes its users -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "texts"),
    [
        (
            "accessibility",
            "/toegankelijkheid/",
            ["Toegankelijkheidsverklaring", "voldoet gedeeltelijk", "WCAG 2.1", "axe-core", "met de hand"],
        ),
        (
            "privacy",
            "/privacy/",
            [
                "Privacyverklaring",
                "90 dagen",
                "30 dagen",
                "AVG",
                "IP-adres",
                "csrftoken",
                "Autoriteit Persoonsgegevens",
            ],
        ),
        ("contact", "/contact/", ["Contact", "innovatieloket", "Meld verouderde informatie"]),
    ],
)
def test_page_is_dutch(client, name, path, texts):
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    assert page(response).html["lang"] == "nl"
    shown = text(response)
    for expected in texts:
        assert expected in shown


def test_contact_page_names_each_regions_loket(client):
    region_with_loket("Kwelderdal", "Loket Kwelderdal")
    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)
    RegionFactory(name="Kwelderhoek", parents=[province])  # no loket (tests/routekaart/test_contact.py)
    section = page(client.get("/contact/")).find(id="loket-title").find_parent("section")
    heading = next(h3 for h3 in section.find_all("h3") if text(h3) == "Loket Kwelderdal")
    assert text(heading.find_next_sibling("p")) == "Werkgebied: Kwelderdal"
    assert not any(text(h3) == "Kwelderhoek" for h3 in section.find_all("h3"))


def test_contact_page_invents_no_phone_number_or_address(client):
    html = client.get("/contact/").content.decode()
    assert "mailto:" not in html
    assert "tel:" not in html
    assert "@" not in html


def test_footer_links_to_the_three_pages_and_the_ambassadors(client):
    footer = page(client.get(reverse("home"))).find("footer")
    assert {a["href"]: text(a) for a in footer.find("nav").find_all("a")} == {
        "/contact/": "Contact",
        "/privacy/": "Privacy",
        "/toegankelijkheid/": "Toegankelijkheid",
    }
    assert {a["href"]: text(a) for a in footer.find_all("a")}["/ambassadeurs/"] == "Ambassadeurs"


# --- Error pages -------------------------------------------------------------------------------------------


def test_not_found_page_is_dutch_and_leads_home(client):
    response = client.get("/regelingen/bestaat-niet/")
    assert response.status_code == 404
    assert text(page(response).h1) == "Deze pagina bestaat niet"
    assert links(response)["/"] == "Naar de startpagina"


def test_a_page_denied_and_an_expired_form_answer_in_dutch(client, django_user_model):
    from django.test import Client

    staff = django_user_model.objects.create_user("zonder-rechten", password="x" * 16, is_staff=True)
    client.force_login(staff)
    response = client.get("/beheer/catalog/instrument/add/")
    assert response.status_code == 403
    assert text(page(response).h1) == "U hebt geen toegang tot deze pagina"

    response = Client(enforce_csrf_checks=True).post("/melden/regeling/x/", {"message": "x"})
    assert response.status_code == 403
    assert text(page(response).h1) == "Het formulier is verlopen"
    assert links(response)["/"] == "Naar de startpagina"


@pytest.mark.parametrize("render", [lambda: render_to_string("500.html"), lambda: server_error(None).content])
def test_server_error_page_is_in_house_style_without_a_database(django_assert_num_queries, render):
    with django_assert_num_queries(0):
        html = BeautifulSoup(render(), "html.parser")
    assert text(html.h1) == "Er ging iets mis"
    assert any("routekaart.css" in link["href"] for link in html.find_all("link", rel="stylesheet"))
    assert html.find("a", string="Naar de startpagina")["href"] == "/"

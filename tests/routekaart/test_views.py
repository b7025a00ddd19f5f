"""The project's own pages: home, the pages a Dutch public website owes its users, and the error pages."""

import pytest
from django.urls import reverse

from catalog.models import Factor, Organisation, Region

pytestmark = pytest.mark.django_db


def test_home_shows_the_factors_and_each_regions_loket(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for factor in Factor.objects.all():
        assert factor.name in html
    twente = Region.objects.get(slug="twente")
    assert twente.name in html
    assert Organisation.objects.get(slug="novel-t").name in html
    assert 'lang="nl"' in html
    assert 'href="#main"' in html


def test_home_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    overijssel = Region.objects.get(slug="overijssel")
    for n in range(10):
        region = Region.objects.create(
            name=f"Extra regio {n}", slug=f"extra-{n}", scope="regio", publication_status="gepubliceerd"
        )
        region.parents.add(overijssel)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert "Extra regio 9" in response.content.decode()


def test_not_found_page_is_dutch_and_leads_home(client):
    response = client.get("/regelingen/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert 'href="/"' in html


def test_server_error_page_is_in_house_style_without_a_database(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html
    assert "routekaart.css" in html


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
        ("contact", "/contact/", ["Contact", "innovatieloket", "Meld verouderde informatie", "Novel-T"]),
    ],
)
def test_page_is_dutch(client, name, path, texts):
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nl"' in html
    for text in texts:
        assert text in html


def test_contact_page_invents_no_phone_number_or_address(client):
    html = client.get("/contact/").content.decode()
    assert "mailto:" not in html
    assert "tel:" not in html
    assert "@" not in html


def test_footer_links_to_the_three_pages(client):
    html = client.get(reverse("home")).content.decode()
    for path in ["/toegankelijkheid/", "/privacy/", "/contact/"]:
        assert f'href="{path}"' in html

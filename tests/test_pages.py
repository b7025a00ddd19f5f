"""The pages a Dutch public website owes its users."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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

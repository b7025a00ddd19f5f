"""The language choice (routekaart.middleware): Dutch unless the visitor picks English with the switch."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.html import links, page, text

pytestmark = pytest.mark.django_db


def test_dutch_by_default_english_after_choosing_it(client):
    dutch = page(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en"))
    assert text(dutch.h1) == "Vind de weg naar innovatie voor uw bedrijf"  # the browser's language is ignored
    assert dutch.html["lang"] == "nl"

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get(reverse("home"))
    html = page(english)
    assert html.html["lang"] == "en"
    assert text(html.h1) == "Find the route to innovation for your business"
    assert links(english)["#main"] == "Skip to content"
    switch = html.find("form", class_="routekaart-language").find("button", attrs={"name": "language"})
    assert (switch["value"], text(switch)) == ("nl", "Nederlands")  # the switch back


def test_the_response_names_its_language_and_varies_by_cookie(client):
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "nl"
    assert "Cookie" in response["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_an_unknown_language_in_the_cookie_gives_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "nl"
    assert page(response).html["lang"] == "nl"

"""The language choice (routekaart.middleware): Dutch unless the visitor picks English with the switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_by_default_english_after_choosing_it(client):
    dutch = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Vind de weg naar innovatie voor uw bedrijf" in dutch  # the browser's language does not switch it

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Find the route to innovation for your business" in html
    assert "Skip to content" in html
    assert 'value="nl"' in html  # the switch back

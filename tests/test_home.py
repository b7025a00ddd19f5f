import pytest
from django.urls import reverse

from catalog.models import Factor, Organisation, Region

pytestmark = pytest.mark.django_db


def test_home_shows_the_factors_and_each_regions_loket(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
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
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    assert "Extra regio 9" in response.content.decode()


def test_not_found_page_is_dutch_and_leads_home(client):
    response = client.get("/regelingen/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert 'href="/"' in html


def test_home_speaks_english_to_a_browser_that_asks_for_it(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    assert "Find the route to innovation for your business" in html
    assert "Skip to content" in html
    dutch = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Vind de weg naar innovatie voor uw bedrijf" in dutch

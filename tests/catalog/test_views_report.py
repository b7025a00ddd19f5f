"""The report form /melden/<soort>/<slug>/ (catalog.views.report_outdated), its rate limit and its link."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from catalog.models import OutdatedReport, PublicationStatus
from catalog.reports import RATE_LIMIT, _rate_key
from tests.factories import InstrumentFactory, OrganisationFactory, PracticeExampleFactory, RegionFactory
from tests.html import form_data, links, page, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def instrument():
    return InstrumentFactory(name="Testvoucher voor meldingen")


@pytest.fixture
def url(instrument):
    return reverse("catalog:report_outdated", args=["instrument", instrument.slug])


def post(client, url, *, ip="127.0.0.1", **data):
    data = {"message": "De sluitingsdatum is veranderd.", "email": "", **data}
    return client.post(url, data, REMOTE_ADDR=ip)


def node_links(node):
    return {a["href"]: text(a) for a in node.find_all("a", href=True)}


def field_errors(response):
    return [text(error) for error in page(response).select(".utrecht-form-field-error-message")]


# --- The form page ---------------------------------------------------------------------------------------


def test_form_page_shows_the_form(client, instrument, url):
    response = client.get(url)
    assert response.status_code == 200
    html = page(response)
    assert text(html.h1) == "Meld verouderde informatie"
    form = html.find("main").find("form", method="post")
    assert text(form.find("label", attrs={"for": "id_message"})) == "Wat klopt er niet?"
    assert form.find("textarea", attrs={"name": "message"})
    assert form.find("input", attrs={"name": "email"})["type"] == "email"
    assert set(form_data(form)) == {"csrfmiddlewaretoken", "message", "email", "website"}
    assert "90 dagen" in text(form)
    detail = reverse("catalog:instrument_detail", args=[instrument.slug])
    assert node_links(html)[detail] == "Testvoucher voor meldingen"


@pytest.mark.parametrize(
    "path",
    [
        "/melden/document/{slug}/",
        "/melden/instrument/bestaat-niet/",
        "/melden/organisatie/{slug}/",  # the test's instrument is no organisation
        "/melden/instrument/geen%20slug/",
        "/melden/instrument/",
    ],
)
def test_unknown_kind_or_record_is_404(client, instrument, path):
    path = path.format(slug=instrument.slug)
    assert client.get(path).status_code == 404
    assert client.post(path, {"message": "Klopt niet."}).status_code == 404
    assert not OutdatedReport.objects.exists()


def test_unpublished_record_is_404(client):
    concept = InstrumentFactory(publication_status=PublicationStatus.CONCEPT)
    assert client.get(f"/melden/instrument/{concept.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "factory"),
    [
        ("organisatie", OrganisationFactory),
        ("regio", RegionFactory),
        ("instrument", InstrumentFactory),
        ("praktijkvoorbeeld", PracticeExampleFactory),
    ],
)
def test_each_dutch_kind_has_a_form(client, kind, factory):
    record = factory()
    response = client.get(f"/melden/{kind}/{record.slug}/")
    assert response.status_code == 200
    assert str(record) in text(page(response).find("main"))


def test_valid_report_redirects_to_a_thank_you(client, instrument, url):
    response = post(client, url, email="vraag@example.org")
    assert response.status_code == 302
    assert response["Location"] == url + "?verzonden=1"
    report = OutdatedReport.objects.get()
    assert report.email == "vraag@example.org"
    assert report.record_slug == instrument.slug
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert text(page(thanks).h1) == "Bedankt voor uw melding"
    detail = reverse("catalog:instrument_detail", args=[instrument.slug])
    assert links(thanks)[detail] == "Terug naar Testvoucher voor meldingen"


def test_invalid_report_keeps_what_was_typed_and_explains_in_dutch(client, url):
    response = post(client, url, message="De link <werkt> niet.", email="geen-adres")
    assert response.status_code == 200
    assert "De link &lt;werkt&gt; niet." in response.content.decode()  # escaped, not markup
    html = page(response)
    assert html.find("textarea", attrs={"name": "message"}).get_text() == "De link <werkt> niet."
    email = html.find("input", attrs={"name": "email"})
    assert email["value"] == "geen-adres"
    assert email["aria-invalid"] == "true"
    assert field_errors(response) == [
        "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl. Of laat het veld leeg."
    ]
    assert text(html.title).startswith("Fout:")
    assert not OutdatedReport.objects.exists()


def test_empty_report_asks_what_is_wrong(client, url):
    response = post(client, url, message="   ", email="vraag@example.org")
    assert response.status_code == 200
    assert field_errors(response) == ["Schrijf op wat er niet klopt."]
    assert page(response).find("input", attrs={"name": "email"})["value"] == "vraag@example.org"


def test_too_long_report_gets_a_clear_error_not_a_500(client, url):
    response = post(client, url, message="x" * 5000)
    assert response.status_code == 200
    assert field_errors(response) == ["Uw bericht is te lang. Gebruik hoogstens 2000 tekens (nu 5000)."]
    assert not OutdatedReport.objects.exists()


def test_line_breaks_count_as_one_character_like_in_the_browser(client, url):
    message = ("regel\r\n" * 285)[:2000]  # 2000 characters as sent, fewer than 2000 as typed
    assert post(client, url, message=message).status_code == 302
    assert "\r" not in OutdatedReport.objects.get().message


def test_absurdly_large_post_is_refused_with_400_not_500(client, url):
    response = post(client, url, message="x" * 3_000_000)
    assert response.status_code == 400


def test_honeypot_pretends_success_but_stores_nothing(client, url):
    response = post(client, url, website="https://spam.example")
    assert response.status_code == 302
    assert not OutdatedReport.objects.exists()


def test_csrf_is_enforced(url):
    client = Client(enforce_csrf_checks=True)
    assert post(client, url).status_code == 403
    assert not OutdatedReport.objects.exists()


def test_other_methods_are_refused(client, url):
    assert client.put(url).status_code == 405


# --- Rate limit ------------------------------------------------------------------------------------------


def test_sixth_report_in_an_hour_gets_a_friendly_429(client, url):
    for _ in range(RATE_LIMIT):
        assert post(client, url).status_code == 302
    response = post(client, url, message="Nog een melding.")
    assert response.status_code == 429
    assert "hoogstens vijf meldingen per uur" in text(response)
    assert "Nog een melding." in text(response)  # the text is not lost
    assert OutdatedReport.objects.count() == RATE_LIMIT
    assert client.get(url).status_code == 200  # reading still works


def test_rate_limit_is_per_client_and_keeps_no_ip_address(client, url):
    for _ in range(RATE_LIMIT):
        post(client, url, ip="192.0.2.10")
    assert post(client, url, ip="192.0.2.10").status_code == 429
    assert post(client, url, ip="192.0.2.99").status_code == 302
    assert not any("192.0.2" in key for key in cache._cache)


def test_invalid_attempts_do_not_use_up_the_limit(client, url):
    for _ in range(RATE_LIMIT + 2):
        assert post(client, url, message="").status_code == 200
    assert post(client, url).status_code == 302


def test_a_broken_cache_does_not_break_reporting(client, url, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    assert post(client, url).status_code == 302
    assert OutdatedReport.objects.count() == 1


def test_rate_limit_counts_the_visitor_behind_the_proxy(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    one = RequestFactory().get("/", HTTP_X_REAL_IP="192.0.2.1", REMOTE_ADDR="10.0.0.1")
    other = RequestFactory().get("/", HTTP_X_REAL_IP="192.0.2.2", REMOTE_ADDR="10.0.0.1")
    same_visitor = RequestFactory().get("/", HTTP_X_REAL_IP="192.0.2.1", REMOTE_ADDR="10.0.0.2")
    assert _rate_key(one) != _rate_key(other)
    assert _rate_key(one) == _rate_key(same_visitor)


# --- The link on every detail page -----------------------------------------------------------------------


def test_report_link_include():
    html = Template(
        '{% include "includes/report_link.html" with kind="praktijkvoorbeeld" slug="abc" %}'
    ).render(Context())
    parsed = BeautifulSoup(html, "html.parser")
    assert node_links(parsed) == {"/melden/praktijkvoorbeeld/abc/": "Meld verouderde informatie"}

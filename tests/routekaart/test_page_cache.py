"""Anonymous public pages set no cookie, may be held by a shared cache and are served from Django's cache
until a record changes (common.pagecache); forms keep their CSRF protection; staff and POST are never
cached."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalog.models import LearningCommunity, PublicationStatus
from tests.factories import InstrumentFactory, LearningCommunityFactory
from tests.html import page, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600  # off in the test settings


PAGES = [
    "/",
    "/instrumenten/",
    "/instrumenten/?status=open&q=test",
    "/organisaties/",
    "/praktijkvoorbeelden/",
    "/zoeken/?q=regeling",
    "/dekking/",
    "/route/",
    "/route/?regio=twente&type=B&factor=kennis",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_pages_set_no_cookie_and_are_public(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in cache_control


def test_detail_and_region_pages_too(client):
    instrument = InstrumentFactory()
    detail = reverse("catalog:instrument_detail", args=[instrument.slug])
    for url in (detail, reverse("ecosystems:region_detail", args=["overijssel"])):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cookies == {}
        assert "public" in response["Cache-Control"]


def test_a_cached_page_costs_no_query_and_a_saved_record_shows_at_once(client, django_assert_num_queries):
    instrument = InstrumentFactory(name="Voucher voor proeftuinen")
    url = reverse("catalog:instrument_detail", args=[instrument.slug])
    assert "Voucher voor proeftuinen" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200

    instrument.name = "Voucher voor testlabs"
    instrument.save()
    shown = client.get(url).content.decode()
    assert "Voucher voor testlabs" in shown
    assert "Voucher voor proeftuinen" not in shown

    listed = reverse("catalog:instrument_list") + "?q=testlabs"
    assert "Voucher voor testlabs" in client.get(listed).content.decode()
    instrument.publication_status = PublicationStatus.CONCEPT
    instrument.save()
    assert client.get(url).status_code == 404
    assert "Voucher voor testlabs" not in client.get(listed).content.decode()


def test_the_key_includes_the_query_and_the_language(client):
    InstrumentFactory(name="Regeling Alfa")
    dutch = client.get("/zoeken/?q=alfa")
    assert page(client.get("/zoeken/?q=beta")).h1 is not None
    assert client.get("/zoeken/?q=alfa").content == dutch.content
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = english.get("/zoeken/?q=alfa")
    assert response["Content-Language"] == "en"
    assert page(response).html["lang"] == "en"
    assert response.content != dutch.content


def test_staff_pages_are_private_and_never_from_the_cache(client):
    url = reverse("catalog:instrument_list")
    client.get(url)  # cached for anonymous visitors
    staff = Client()
    staff.force_login(get_user_model().objects.create_user("redacteur", password="x", is_staff=True))
    response = staff.get(url)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_forms_still_set_and_check_their_csrf_token():
    instrument = InstrumentFactory()
    browser = Client(enforce_csrf_checks=True)
    report_url = reverse("catalog:report_outdated", args=["instrument", instrument.slug])
    response = browser.get(report_url)
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")
    refused = Client(enforce_csrf_checks=True).post(report_url, {"message": "Klopt niet meer"})
    assert refused.status_code == 403

    handoff = browser.get(reverse("handoff") + "?regio=twente&type=B&factor=kennis")
    assert "csrfmiddlewaretoken" in handoff.content.decode()
    login = Client(enforce_csrf_checks=True).get(reverse("admin:login"))
    assert "csrftoken" in login.cookies


def test_the_language_switch_works_without_a_token():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("set_language"), {"language": "en", "next": "/instrumenten/"})
    assert response.status_code == 302
    assert text(page(browser.get("/instrumenten/")).h1) != text(page(Client().get("/instrumenten/")).h1)


def test_post_is_never_answered_from_the_cache(client):
    instrument = InstrumentFactory()
    url = reverse("catalog:report_outdated", args=["instrument", instrument.slug])
    client.get(url)
    response = client.post(url, {})
    assert response.status_code in {200, 400}
    assert "public" not in response.get("Cache-Control", "")


def test_an_edit_in_another_process_shows_once_the_version_is_read_again(client, settings, monkeypatch):
    """Each process reads the shared version at most every PAGE_CACHE_VERSION_SECONDS, and keeps pages in
    its own memory: a repeated page reads nothing, and another process's edit shows after that interval."""
    from django.core.cache import cache

    from catalog.models import Instrument
    from common import pagecache

    settings.PAGE_CACHE_VERSION_SECONDS = 60
    instrument = InstrumentFactory(name="Regeling Gamma")
    url = reverse("catalog:instrument_detail", args=[instrument.slug])
    assert "Regeling Gamma" in client.get(url).content.decode()
    cache.clear()  # the shared copy is gone: only this process's own copy is left

    # Another process saves: the row changes and the shared version is replaced.
    Instrument.objects.filter(pk=instrument.pk).update(name="Regeling Delta")
    cache.set(pagecache.VERSION_KEY, "changed-elsewhere", None)
    assert "Regeling Gamma" in client.get(url).content.decode()  # this process's copy, within the interval

    later = pagecache.time.monotonic() + 61
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Regeling Delta" in client.get(url).content.decode()


def _token(response):
    return page(response).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def test_a_form_page_is_served_from_the_cache_with_each_visitors_own_working_token(django_assert_num_queries):
    instrument = InstrumentFactory(name="Regeling Epsilon")
    url = reverse("catalog:report_outdated", args=["instrument", instrument.slug])
    first = Client(enforce_csrf_checks=True)
    first_token = _token(first.get(url))

    second = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = second.get(url)
    assert "Regeling Epsilon" in response.content.decode()
    assert "csrftoken" in response.cookies
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    second_token = _token(response)
    assert second_token not in {first_token, "", "@@csrf-token@@"}

    sent = second.post(url, {"message": "De regeling is gesloten", "csrfmiddlewaretoken": second_token})
    assert sent.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(url)
    refused = stranger.post(url, {"message": "Gesloten", "csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403


def test_a_cached_form_page_shows_a_change_at_once(client):
    instrument = InstrumentFactory(name="Regeling Zeta")
    url = reverse("catalog:report_outdated", args=["instrument", instrument.slug])
    assert "Regeling Zeta" in client.get(url).content.decode()
    instrument.name = "Regeling Eta"
    instrument.save()
    assert "Regeling Eta" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    ["/route/vraag/?regio=twente&type=B&factor=kennis", "/kennisbank/delen/?regio=twente", "meedoen"],
)
def test_the_other_forms_come_from_the_cache_too(url, django_assert_num_queries):
    if url == "meedoen":
        community = LearningCommunityFactory(status=LearningCommunity.Status.ACTIEF)
        url = reverse("join", args=[community.slug])
    Client().get(url)
    browser = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = browser.get(url)
    assert response.status_code == 200
    assert _token(response) != "@@csrf-token@@"

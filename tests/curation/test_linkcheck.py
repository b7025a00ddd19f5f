"""check_links requests every address of published records and keeps the latest result per record and address.

A local HTTP server started in the test answers; the internet is never contacted.
"""

import datetime
import http.server
import threading
import time
import urllib.parse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from catalog.curation import linkcheck
from catalog.models import (
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    LinkCheck,
    Organisation,
    PublicationStatus,
    Source,
)
from tests.factories import InstrumentFactory, OrganisationFactory
from tests.html import page

pytestmark = pytest.mark.django_db


class Handler(http.server.BaseHTTPRequestHandler):
    seen = []  # (method, path, user agent)

    def log_message(self, *args):
        pass

    def _answer(self):
        Handler.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        path = urllib.parse.urlsplit(self.path).path
        if path == "/ok":
            self._send(200)
        elif path == "/redirect":
            self._send(302, location="/ok")
        elif path == "/loop":
            self._send(302, location="/loop")
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(2)
            self._send(200)
        elif path == "/error":
            self._send(500)
        else:
            self._send(404)

    def _send(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _only_local_addresses(monkeypatch, server, settings):
    """check_links requests every published record: point the starting content's addresses at the local
    server too, and refuse any other host, so that no test ever contacts the internet."""
    settings.LINKCHECK_ALLOW_PRIVATE_ADDRESSES = True  # the test server listens on 127.0.0.1
    Organisation.objects.exclude(website="").update(website=f"{server}/ok")
    Instrument.objects.exclude(website="").update(website=f"{server}/ok")
    KnowledgeOffer.objects.exclude(website="").update(website=f"{server}/ok")
    LearningCommunity.objects.exclude(website="").update(website=f"{server}/ok")
    Source.objects.exclude(url="").update(url=f"{server}/ok")
    real_request = linkcheck._request

    def local_only(url, method, timeout):
        assert urllib.parse.urlsplit(url).hostname == "127.0.0.1", url
        return real_request(url, method, timeout)

    monkeypatch.setattr(linkcheck, "_request", local_only)


def result(record, url):
    content_type = ContentType.objects.get_for_model(record)
    return LinkCheck.objects.get(content_type=content_type, object_id=record.pk, url=url)


@pytest.mark.parametrize(
    ("path", "status", "ok", "error"),
    [
        ("/ok", 200, True, ""),
        ("/redirect", 200, True, ""),
        ("/no-head", 200, True, ""),
        ("/missing", 404, False, "HTTP 404"),
        ("/error", 500, False, "HTTP 500"),
        ("/loop", 302, False, "te veel doorverwijzingen"),
        ("/slow", None, False, "time-out"),
    ],
)
def test_check_url(server, path, status, ok, error):
    assert linkcheck.check_url(server + path, timeout=0.5) == linkcheck.Result(status, ok, error)


def test_addresses_in_our_own_network_are_not_requested(server, settings):
    settings.LINKCHECK_ALLOW_PRIVATE_ADDRESSES = False
    assert linkcheck.check_url(f"{server}/ok") == linkcheck.Result(
        None, False, "niet gecontroleerd: adres in een intern netwerk"
    )
    assert Handler.seen == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.1.2.3/", "adres in een intern netwerk"),
        ("http://169.254.169.254/latest/meta-data/", "adres in een intern netwerk"),
        ("http://[::1]:8000/", "adres in een intern netwerk"),
        ("file:///etc/passwd", "alleen http en https"),
        ("ftp://93.184.215.14/", "alleen http en https"),
        ("https://93.184.215.14/", ""),
        # a port above 65535 wraps around in http.client (74329 -> 8793, 65616 -> 80)
        ("http://93.184.215.14:74329/", "ongeldig adres"),
        ("http://169.254.169.254:65616/latest/meta-data/", "ongeldig adres"),
        ("http://93.184.215.14:0/", "ongeldig adres"),
        # IPv6 link-local with a zone id, v4-mapped, multicast, unspecified, reserved, shared (CGNAT)
        ("http://[fe80::1%25eth0]/", "adres in een intern netwerk"),
        ("http://[fe80::1%eth0]:8080/", "adres in een intern netwerk"),
        ("http://[::ffff:169.254.169.254]/", "adres in een intern netwerk"),
        ("http://[::ffff:127.0.0.1]:8000/", "adres in een intern netwerk"),
        ("http://224.0.0.1/", "adres in een intern netwerk"),
        ("http://[ff02::1]/", "adres in een intern netwerk"),
        ("http://0.0.0.0:8000/", "adres in een intern netwerk"),
        ("http://[::]/", "adres in een intern netwerk"),
        ("http://240.0.0.1/", "adres in een intern netwerk"),
        ("http://100.64.0.1/", "adres in een intern netwerk"),
        ("http://2130706433/", "adres in een intern netwerk"),  # 127.0.0.1 as one number
        ("http://localhost:8793/", "adres in een intern netwerk"),
        # read differently by urlsplit (host "x") and http.client (host "host", port "8793\\@x")
        ("http://host:8793\\@x/", "ongeldig adres"),
        ("http://93.184.215.14/a b", "ongeldig adres"),
        ("http://93.184.215.14/\x00", "ongeldig adres"),
        ("http:///no-host", "ongeldig adres"),
        ("http://does-not-exist.invalid/", "onbekende host"),
    ],
)
def test_refusal(settings, url, reason):
    settings.LINKCHECK_ALLOW_PRIVATE_ADDRESSES = False
    assert linkcheck.refusal(url) == reason


def test_refused_even_where_private_addresses_are_allowed(settings):
    settings.LINKCHECK_ALLOW_PRIVATE_ADDRESSES = True
    assert linkcheck.refusal("http://127.0.0.1:74329/") == "ongeldig adres"
    assert linkcheck.refusal("http://host:8793\\@x/") == "ongeldig adres"


def test_a_malformed_or_failing_address_is_one_failure_and_the_run_goes_on(server, monkeypatch):
    """One address Django's URL validator accepts but urllib cannot use, and one whose check raises something
    unforeseen, are each recorded as a failure of that link; every other result is stored."""
    malformed = OrganisationFactory(website="http://host:8793\\@x/")
    crashing = OrganisationFactory(website=f"{server}/crash")
    good = OrganisationFactory(website=f"{server}/ok")
    real_request = linkcheck._request

    def crash_on_one(url, method, timeout):
        if url.endswith("/crash"):
            raise RuntimeError("unexpected")
        return real_request(url, method, timeout)

    monkeypatch.setattr(linkcheck, "_request", crash_on_one)
    call_command("check_links", "--timeout", "1", verbosity=0)

    assert result(malformed, "http://host:8793\\@x/").error == "niet gecontroleerd: ongeldig adres"
    assert result(crashing, f"{server}/crash").error == "controle mislukt: RuntimeError"
    assert result(good, f"{server}/ok").ok


def test_check_url_sends_a_user_agent_and_falls_back_to_get(server):
    linkcheck.check_url(f"{server}/no-head")
    assert [(method, path) for method, path, _ in Handler.seen] == [("HEAD", "/no-head"), ("GET", "/no-head")]
    assert all(agent == linkcheck.USER_AGENT for _, _, agent in Handler.seen)


def test_nothing_listening_is_an_error_not_a_crash():
    outcome = linkcheck.check_url("http://127.0.0.1:9/", timeout=1)
    assert outcome.ok is False and outcome.status_code is None and outcome.error


def test_command_records_results_per_record_and_address(server, capsys):
    good = OrganisationFactory(website=f"{server}/ok")
    same_address = InstrumentFactory(website=f"{server}/ok", provider=good)
    broken = InstrumentFactory(website=f"{server}/missing", provider=good)
    source = Source.objects.create(url=f"{server}/redirect", retrieved_on=datetime.date(2026, 1, 5))
    broken.sources.add(source)
    draft = OrganisationFactory(website=f"{server}/missing", publication_status=PublicationStatus.CONCEPT)

    call_command("check_links", "--timeout", "1")

    assert result(good, f"{server}/ok").ok
    assert result(same_address, f"{server}/ok").ok
    assert result(broken, f"{server}/missing").status_code == 404
    assert result(broken, f"{server}/redirect").ok
    assert not LinkCheck.objects.filter(object_id=draft.pk, content_type__model="organisation").exists()
    out = capsys.readouterr().out
    assert f"Werkt niet: {server}/missing (404)" in out
    assert "1 werkt niet." in out  # every other address in the database is the local /ok
    # every distinct address was requested once, however many records cite it
    requested = [path for method, path, _ in Handler.seen if method == "HEAD"]
    assert requested.count("/ok") == 1
    assert requested.count("/missing") == 1


def test_a_new_run_overwrites_the_result_and_forgets_old_addresses(server):
    organisation = OrganisationFactory(website=f"{server}/missing")
    call_command("check_links", verbosity=0)
    first = result(organisation, f"{server}/missing")
    assert not first.ok

    organisation.website = f"{server}/ok"
    organisation.save()
    call_command("check_links", verbosity=0)
    content_type = ContentType.objects.get_for_model(organisation)
    rows = LinkCheck.objects.filter(content_type=content_type, object_id=organisation.pk)
    assert [(row.url, row.ok) for row in rows] == [(f"{server}/ok", True)]

    organisation.website = ""
    organisation.save()
    call_command("check_links", verbosity=0)
    assert not rows.all().exists()


def test_only_stale_checks_only_records_due_for_review(server):
    fresh = OrganisationFactory(website=f"{server}/missing", last_reviewed=timezone.localdate())
    stale = OrganisationFactory(website=f"{server}/missing", last_reviewed=None)
    call_command("check_links", "--only-stale", verbosity=0)
    content_type = ContentType.objects.get_for_model(Organisation)
    checked = set(LinkCheck.objects.filter(content_type=content_type).values_list("object_id", flat=True))
    assert stale.pk in checked and fresh.pk not in checked


def test_a_limited_run_checks_records_never_checked_before_the_ones_just_checked(server):
    call_command("check_links", verbosity=0)  # every record there is has been checked once
    first, second, third = (OrganisationFactory(website=f"{server}/ok") for _ in range(3))
    content_type = ContentType.objects.get_for_model(Organisation)

    def checked_at(record):
        row = LinkCheck.objects.filter(content_type=content_type, object_id=record.pk).first()
        return row and row.checked_at

    call_command("check_links", "--limit", "2", verbosity=0)
    assert checked_at(first) and checked_at(second) and not checked_at(third)
    first_round = checked_at(first)
    call_command("check_links", "--limit", "2", verbosity=0)
    assert checked_at(third)
    assert checked_at(first) == first_round  # checked just now: not again before all others


@pytest.mark.parametrize("args", [["--limit", "0"], ["--timeout", "0"]])
def test_bad_options_are_refused(args):
    with pytest.raises(CommandError):
        call_command("check_links", *args)


def test_admin_shows_and_filters_broken_links(admin_client, server):
    broken = OrganisationFactory(name="Linktest kapotte site", website=f"{server}/missing")
    working = OrganisationFactory(name="Linktest werkende site", website=f"{server}/ok")
    call_command("check_links", verbosity=0)
    url = reverse("admin:catalog_organisation_changelist")

    def listed(value):
        response = admin_client.get(url, {"link_werkt_niet": value, "q": "Linktest"})
        return {row.th.get_text(strip=True) for row in page(response).select("#result_list tbody tr")}

    changelist = page(admin_client.get(url))
    assert "Link werkt niet" in changelist.find(id="changelist-filter").get_text()
    assert changelist.select_one("#result_list th.column-broken_link_mark")
    assert listed("ja") == {broken.name}
    assert listed("nee") == {working.name}

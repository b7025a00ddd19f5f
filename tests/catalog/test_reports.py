"""Meld verouderde informatie: the service, the model's rules, the retention command and the form page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import OutdatedReport, PublicationStatus, RecordKind, ReportStatus
from catalog.reports import RATE_LIMIT, UnknownRecord, purge_report_emails, submit_report
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db

URL = "/melden/instrument/mit-kennisvoucher/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, url=URL, *, ip="127.0.0.1", **data):
    data = {"message": "De sluitingsdatum is veranderd.", "email": "", **data}
    return client.post(url, data, REMOTE_ADDR=ip)


# --- Service ---------------------------------------------------------------------------------------------


def test_submit_report_stores_a_new_report():
    report = submit_report(
        kind=RecordKind.INSTRUMENT, slug="mit-kennisvoucher", message="  Bedrag klopt niet.  ", email="a@b.nl"
    )
    report.refresh_from_db()
    assert (report.record_kind, report.record_slug) == ("instrument", "mit-kennisvoucher")
    assert report.message == "Bedrag klopt niet."
    assert report.email == "a@b.nl"
    assert report.status == ReportStatus.NIEUW
    assert report.created_at is not None


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("instrument", "bestaat-niet"),
        ("organisation", "mit-kennisvoucher"),
        ("instrumenten", "mit-kennisvoucher"),
    ],
)
def test_submit_report_refuses_unknown_records(kind, slug):
    with pytest.raises(UnknownRecord):
        submit_report(kind=kind, slug=slug, message="Klopt niet.", email="")
    assert not OutdatedReport.objects.exists()


def test_submit_report_refuses_unpublished_records():
    concept = InstrumentFactory(publication_status=PublicationStatus.CONCEPT)
    with pytest.raises(UnknownRecord):
        submit_report(kind=RecordKind.INSTRUMENT, slug=concept.slug, message="Klopt niet.", email="")


@pytest.mark.parametrize(
    ("message", "email"), [("", ""), ("   ", ""), ("x" * 2001, ""), ("Klopt niet.", "geen-adres")]
)
def test_submit_report_validates(message, email):
    with pytest.raises(ValidationError):
        submit_report(kind=RecordKind.INSTRUMENT, slug="mit-kennisvoucher", message=message, email=email)
    assert not OutdatedReport.objects.exists()


def test_every_kind_of_record_can_be_reported():
    for kind, slug in [
        (RecordKind.ORGANISATION, "novel-t"),
        (RecordKind.REGION, "twente"),
        (RecordKind.INSTRUMENT, "mit-kennisvoucher"),
    ]:
        submit_report(kind=kind, slug=slug, message="Klopt niet.")
    assert OutdatedReport.objects.count() == 3


# --- Model -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"status": "weg"},
        {"record_kind": "document"},
        {"message": ""},
        {"record_slug": ""},
    ],
    ids=["status", "record_kind", "message", "record_slug"],
)
def test_database_refuses_bad_reports(values):
    fields = {
        "record_kind": "instrument",
        "record_slug": "mit-kennisvoucher",
        "message": "Klopt niet.",
        **values,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        OutdatedReport.objects.create(**fields)


def test_report_has_dutch_names():
    assert OutdatedReport._meta.verbose_name == "melding verouderde informatie"
    assert ReportStatus.IN_BEHANDELING.label == "In behandeling"
    assert not any("ip" in field.name.split("_") for field in OutdatedReport._meta.get_fields())


# --- Retention -------------------------------------------------------------------------------------------


def _report(*, days_old, status=ReportStatus.NIEUW, email="iemand@example.org"):
    report = OutdatedReport.objects.create(
        record_kind="instrument",
        record_slug="mit-kennisvoucher",
        message="Klopt niet.",
        email=email,
        status=status,
    )
    OutdatedReport.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return report


def test_purge_erases_email_after_90_days_or_30_days_once_handled():
    fresh = _report(days_old=10)
    old = _report(days_old=91)
    handled_recent = _report(days_old=20, status=ReportStatus.AFGEHANDELD)
    handled_old = _report(days_old=31, status=ReportStatus.AFGEHANDELD)
    busy = _report(days_old=60, status=ReportStatus.IN_BEHANDELING)

    call_command("purge_reports", verbosity=0)

    emails = dict(OutdatedReport.objects.values_list("pk", "email"))
    assert emails[fresh.pk] == "iemand@example.org"
    assert emails[handled_recent.pk] == "iemand@example.org"
    assert emails[busy.pk] == "iemand@example.org"
    assert emails[old.pk] == ""
    assert emails[handled_old.pk] == ""
    assert OutdatedReport.objects.count() == 5  # the reports themselves stay


def test_purge_reports_says_how_many_and_is_idempotent(capsys):
    _report(days_old=100)
    _report(days_old=100, email="")
    call_command("purge_reports")
    assert "1 melding" in capsys.readouterr().out
    assert purge_report_emails() == 0


# --- The form page ---------------------------------------------------------------------------------------


def test_form_page_shows_the_form(client):
    response = client.get(reverse("catalog:report_outdated", args=["instrument", "mit-kennisvoucher"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wat klopt er niet?" in html
    assert "<textarea" in html
    assert 'type="email"' in html
    assert "90 dagen" in html
    assert "csrfmiddlewaretoken" in html
    assert 'href="/instrumenten/mit-kennisvoucher/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/melden/document/mit-kennisvoucher/",
        "/melden/instrument/bestaat-niet/",
        "/melden/organisatie/mit-kennisvoucher/",
        "/melden/instrument/geen%20slug/",
        "/melden/instrument/",
    ],
)
def test_unknown_kind_or_record_is_404(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"message": "Klopt niet."}).status_code == 404
    assert not OutdatedReport.objects.exists()


def test_unpublished_record_is_404(client):
    concept = InstrumentFactory(publication_status=PublicationStatus.CONCEPT)
    assert client.get(f"/melden/instrument/{concept.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "slug"), [("organisatie", "novel-t"), ("regio", "twente"), ("instrument", "mit-kennisvoucher")]
)
def test_each_dutch_kind_has_a_form(client, kind, slug):
    assert client.get(f"/melden/{kind}/{slug}/").status_code == 200


def test_valid_report_redirects_to_a_thank_you(client):
    response = post(client, email="vraag@example.org")
    assert response.status_code == 302
    assert response["Location"] == URL + "?verzonden=1"
    report = OutdatedReport.objects.get()
    assert report.email == "vraag@example.org"
    assert report.record_slug == "mit-kennisvoucher"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Bedankt voor uw melding" in thanks.content.decode()


def test_invalid_report_keeps_what_was_typed_and_explains_in_dutch(client):
    response = post(client, message="De link <werkt> niet.", email="geen-adres")
    assert response.status_code == 200
    html = response.content.decode()
    assert "De link &lt;werkt&gt; niet." in html
    assert 'value="geen-adres"' in html
    assert "Vul een geldig e-mailadres in" in html
    assert 'aria-invalid="true"' in html
    assert "<title>Fout:" in html
    assert not OutdatedReport.objects.exists()


def test_empty_report_asks_what_is_wrong(client):
    response = post(client, message="   ", email="vraag@example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf op wat er niet klopt." in html
    assert 'value="vraag@example.org"' in html


def test_too_long_report_gets_a_clear_error_not_a_500(client):
    response = post(client, message="x" * 5000)
    assert response.status_code == 200
    assert "Uw bericht is te lang. Gebruik hoogstens 2000 tekens (nu 5000)." in response.content.decode()
    assert not OutdatedReport.objects.exists()


def test_line_breaks_count_as_one_character_like_in_the_browser(client):
    message = ("regel\r\n" * 285)[:2000]  # 2000 characters as sent, fewer than 2000 as typed
    assert post(client, message=message).status_code == 302
    assert "\r" not in OutdatedReport.objects.get().message


def test_absurdly_large_post_is_refused_with_400_not_500(client):
    response = post(client, message="x" * 3_000_000)
    assert response.status_code == 400


def test_honeypot_pretends_success_but_stores_nothing(client):
    response = post(client, website="https://spam.example")
    assert response.status_code == 302
    assert not OutdatedReport.objects.exists()


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    assert post(client).status_code == 403
    assert not OutdatedReport.objects.exists()


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


# --- Rate limit ------------------------------------------------------------------------------------------


def test_sixth_report_in_an_hour_gets_a_friendly_429(client):
    for _ in range(RATE_LIMIT):
        assert post(client).status_code == 302
    response = post(client, message="Nog een melding.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "hoogstens vijf meldingen per uur" in html
    assert "Nog een melding." in html  # the text is not lost
    assert OutdatedReport.objects.count() == RATE_LIMIT
    assert client.get(URL).status_code == 200  # reading still works


def test_rate_limit_is_per_client_and_keeps_no_ip_address(client):
    for _ in range(RATE_LIMIT):
        post(client, ip="192.0.2.10")
    assert post(client, ip="192.0.2.10").status_code == 429
    assert post(client, ip="192.0.2.99").status_code == 302
    assert not any("192.0.2" in key for key in cache._cache)


def test_invalid_attempts_do_not_use_up_the_limit(client):
    for _ in range(RATE_LIMIT + 2):
        assert post(client, message="").status_code == 200
    assert post(client).status_code == 302


def test_a_broken_cache_does_not_break_reporting(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    assert post(client).status_code == 302
    assert OutdatedReport.objects.count() == 1


# --- Include and admin -----------------------------------------------------------------------------------


def test_report_link_include():
    html = Template(
        '{% include "includes/report_link.html" with kind="praktijkvoorbeeld" slug="abc" %}'
    ).render(Context())
    assert 'href="/melden/praktijkvoorbeeld/abc/"' in html
    assert "Meld verouderde informatie" in html


def test_admin_lists_reports_and_links_to_the_record(admin_client):
    report = submit_report(kind=RecordKind.INSTRUMENT, slug="mit-kennisvoucher", message="Bedrag klopt niet.")
    gone = OutdatedReport.objects.create(record_kind="region", record_slug="verdwenen", message="Weg.")
    changelist = admin_client.get(reverse("admin:catalog_outdatedreport_changelist"), {"status": "nieuw"})
    assert "Bedrag klopt niet." in changelist.content.decode()
    change = admin_client.get(reverse("admin:catalog_outdatedreport_change", args=[report.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert "/beheer/catalog/instrument/" in html
    assert 'name="message"' not in html  # what the visitor wrote is read-only
    assert (
        "Niet (meer) gevonden"
        in admin_client.get(reverse("admin:catalog_outdatedreport_change", args=[gone.pk])).content.decode()
    )


def test_rate_limit_counts_the_visitor_behind_the_proxy(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    from django.test import RequestFactory

    from catalog.reports import _rate_key

    one = RequestFactory().get("/", HTTP_X_REAL_IP="192.0.2.1", REMOTE_ADDR="10.0.0.1")
    other = RequestFactory().get("/", HTTP_X_REAL_IP="192.0.2.2", REMOTE_ADDR="10.0.0.1")
    assert _rate_key(one) != _rate_key(other)

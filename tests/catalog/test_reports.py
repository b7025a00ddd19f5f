"""catalog.reports (Meld verouderde informatie): the service, the model's rules and the retention command.

The form page /melden/... is tested in test_views_report.py, the admin list in test_admin.py.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import OutdatedReport, PublicationStatus, RecordKind, ReportStatus
from catalog.reports import UnknownRecord, purge_report_emails, submit_report
from tests.factories import InstrumentFactory, OrganisationFactory, PracticeExampleFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return InstrumentFactory()


# --- Service ---------------------------------------------------------------------------------------------


def test_submit_report_stores_a_new_report(instrument):
    report = submit_report(
        kind=RecordKind.INSTRUMENT, slug=instrument.slug, message="  Bedrag klopt niet.  ", email="a@b.nl"
    )
    report.refresh_from_db()
    assert (report.record_kind, report.record_slug) == ("instrument", instrument.slug)
    assert report.message == "Bedrag klopt niet."
    assert report.email == "a@b.nl"
    assert report.status == ReportStatus.NIEUW
    assert report.created_at is not None


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("instrument", "bestaat-niet"),
        ("organisation", None),  # None: the slug of the test's instrument, under another kind
        ("instrumenten", None),
    ],
)
def test_submit_report_refuses_unknown_records(instrument, kind, slug):
    with pytest.raises(UnknownRecord):
        submit_report(kind=kind, slug=slug or instrument.slug, message="Klopt niet.", email="")
    assert not OutdatedReport.objects.exists()


@pytest.mark.parametrize("status", [PublicationStatus.CONCEPT, PublicationStatus.ARCHIVED])
def test_submit_report_refuses_unpublished_records(status):
    unpublished = InstrumentFactory(publication_status=status)
    with pytest.raises(UnknownRecord):
        submit_report(kind=RecordKind.INSTRUMENT, slug=unpublished.slug, message="Klopt niet.", email="")


@pytest.mark.parametrize(
    ("message", "email"), [("", ""), ("   ", ""), ("x" * 2001, ""), ("Klopt niet.", "geen-adres")]
)
def test_submit_report_validates(instrument, message, email):
    with pytest.raises(ValidationError):
        submit_report(kind=RecordKind.INSTRUMENT, slug=instrument.slug, message=message, email=email)
    assert not OutdatedReport.objects.exists()


def test_every_kind_of_record_can_be_reported(instrument):
    records = {
        RecordKind.ORGANISATION: OrganisationFactory(),
        RecordKind.REGION: RegionFactory(),
        RecordKind.INSTRUMENT: instrument,
        RecordKind.PRACTICE_EXAMPLE: PracticeExampleFactory(),
    }
    for kind, record in records.items():
        submit_report(kind=kind, slug=record.slug, message="Klopt niet.")
    stored = set(OutdatedReport.objects.values_list("record_kind", "record_slug"))
    assert stored == {(kind.value, record.slug) for kind, record in records.items()}


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
        "record_slug": "testregeling",
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
        record_slug="testregeling",
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
    assert emails == {
        fresh.pk: "iemand@example.org",
        handled_recent.pk: "iemand@example.org",
        busy.pk: "iemand@example.org",
        old.pk: "",
        handled_old.pk: "",
    }  # the reports themselves stay


def test_purge_reports_says_how_many_and_is_idempotent(capsys):
    _report(days_old=100)
    _report(days_old=100, email="")
    call_command("purge_reports")
    assert "1 melding" in capsys.readouterr().out
    assert purge_report_emails() == 0

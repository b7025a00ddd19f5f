"""Verouderd: records nobody checked for REVIEW_AFTER_MONTHS months are marked in public and in the admin."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog import freshness
from catalog.models import Instrument, InstrumentStatus, Organisation, PracticeExample
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("date", "months", "expected"),
    [
        (datetime.date(2026, 11, 23), 12, datetime.date(2025, 11, 23)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 5, 10), 0, datetime.date(2026, 5, 10)),
    ],
)
def test_months_before_counts_calendar_months(date, months, expected):
    assert freshness.months_before(date, months) == expected


def test_stale_after_twelve_months_and_when_never_reviewed():
    record = Organisation(last_reviewed=datetime.date(2025, 11, 23))
    assert not freshness.is_stale(record, today=TODAY)  # exactly twelve months: still fresh
    record.last_reviewed = datetime.date(2025, 11, 22)
    assert freshness.is_stale(record, today=TODAY)
    record.last_reviewed = None
    assert freshness.is_stale(record, today=TODAY)


def test_review_period_follows_the_setting(settings):
    settings.REVIEW_AFTER_MONTHS = 24
    record = Organisation(last_reviewed=datetime.date(2025, 1, 1))
    assert not freshness.is_stale(record, today=TODAY)
    settings.REVIEW_AFTER_MONTHS = 6
    assert freshness.is_stale(record, today=TODAY)


def test_stale_q_selects_the_same_records_as_is_stale():
    fresh = OrganisationFactory(last_reviewed=TODAY - datetime.timedelta(days=30))
    old = OrganisationFactory(last_reviewed=datetime.date(2020, 1, 1))
    never = OrganisationFactory(last_reviewed=None)
    stale = set(Organisation.objects.filter(freshness.stale_q(today=TODAY)).values_list("pk", flat=True))
    assert {old.pk, never.pk} <= stale
    assert fresh.pk not in stale
    for record in Organisation.objects.all():
        assert (record.pk in stale) == freshness.is_stale(record, today=TODAY)


@pytest.mark.parametrize(
    ("model", "url_name"),
    [
        (Instrument, "catalog:instrument_detail"),
        (Organisation, "catalog:organisation_detail"),
        (PracticeExample, "catalog:practiceexample_detail"),
    ],
)
def test_detail_pages_say_verouderd_with_the_date(client, model, url_name):
    record = model.objects.published().exclude(last_reviewed=None).first()
    record.last_reviewed = datetime.date(2021, 5, 25)
    record.save()
    html = client.get(reverse(url_name, args=[record.slug])).content.decode()
    assert "Verouderd: laatst gecontroleerd op 25 mei 2021, langer dan 12 maanden geleden." in html

    record.last_reviewed = timezone.localdate()
    record.save()
    html = client.get(reverse(url_name, args=[record.slug])).content.decode()
    assert "Verouderd" not in html
    assert "Laatst gecontroleerd op" in html


def test_never_reviewed_record_says_so_in_public(client):
    organisation = OrganisationFactory(last_reviewed=None)
    html = client.get(reverse("catalog:organisation_detail", args=[organisation.slug])).content.decode()
    assert "Nog niet gecontroleerd." in html


def test_admin_list_has_a_verouderd_column_and_filter(admin_client):
    fresh = OrganisationFactory(name="Vers gecontroleerd", last_reviewed=timezone.localdate())
    old = OrganisationFactory(name="Lang geleden", last_reviewed=datetime.date(2019, 1, 1))
    url = reverse("admin:catalog_organisation_changelist")
    html = admin_client.get(url).content.decode()
    assert "Verouderd" in html and "verouderd" in html.lower()
    stale_page = admin_client.get(url, {"verouderd": "ja", "q": "e"}).content.decode()
    assert old.name in stale_page and fresh.name not in stale_page
    fresh_page = admin_client.get(url, {"verouderd": "nee"}).content.decode()
    assert fresh.name in fresh_page and old.name not in fresh_page


def test_admin_action_gecontroleerd_vandaag(admin_client):
    records = [OrganisationFactory(last_reviewed=datetime.date(2019, 1, 1)) for _ in range(2)]
    untouched = OrganisationFactory(last_reviewed=datetime.date(2019, 1, 1))
    response = admin_client.post(
        reverse("admin:catalog_organisation_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [record.pk for record in records]},
        follow=True,
    )
    assert "2 gegevens zijn gemarkeerd als vandaag gecontroleerd." in response.content.decode()
    for record in records:
        record.refresh_from_db()
        assert record.last_reviewed == timezone.localdate()
    untouched.refresh_from_db()
    assert untouched.last_reviewed == datetime.date(2019, 1, 1)


def test_action_leaves_records_of_another_loket_alone(client, twente_editor):
    mine = Organisation.objects.get(slug="novel-t")
    other = Organisation.objects.get(slug="kennispoort-regio-zwolle")
    Organisation.objects.filter(pk__in=[mine.pk, other.pk]).update(last_reviewed=None)
    client.force_login(twente_editor)
    response = client.post(
        reverse("admin:catalog_organisation_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [mine.pk, other.pk]},
        follow=True,
    )
    assert "1 gegeven is gemarkeerd als vandaag gecontroleerd." in response.content.decode()
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.last_reviewed == timezone.localdate()
    assert other.last_reviewed is None


def test_close_expired_instruments_closes_only_open_ones_past_their_date(capsys):
    today = timezone.localdate()
    expired = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today - datetime.timedelta(days=1))
    closes_today = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today)
    no_date = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=None)
    budget = InstrumentFactory(
        status=InstrumentStatus.BUDGET_BEREIKT, closes_on=today - datetime.timedelta(days=10)
    )
    call_command("close_expired_instruments")
    out = capsys.readouterr().out
    assert f"Gesloten: {expired.slug}" in out and "1 instrument(en) gesloten." in out
    for instrument, status in [
        (expired, InstrumentStatus.GESLOTEN),
        (closes_today, InstrumentStatus.OPEN),
        (no_date, InstrumentStatus.OPEN),
        (budget, InstrumentStatus.BUDGET_BEREIKT),
    ]:
        instrument.refresh_from_db()
        assert instrument.status == status
    # the public status filter uses the stored status: the closed one no longer counts as open
    assert not Instrument.objects.filter(pk=expired.pk, status=InstrumentStatus.OPEN).exists()
    call_command("close_expired_instruments")
    assert "0 instrument(en) gesloten." in capsys.readouterr().out

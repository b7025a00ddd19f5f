"""Verouderd: records nobody checked for REVIEW_AFTER_MONTHS months are marked in public and in the admin."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog import freshness
from catalog.models import Instrument, InstrumentStatus, Organisation
from tests.factories import InstrumentFactory, OrganisationFactory, PracticeExampleFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

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
    boundary = OrganisationFactory(last_reviewed=datetime.date(2025, 11, 23))  # exactly twelve months
    just_stale = OrganisationFactory(last_reviewed=datetime.date(2025, 11, 22))
    old = OrganisationFactory(last_reviewed=datetime.date(2020, 1, 1))
    never = OrganisationFactory(last_reviewed=None)
    own = [fresh, boundary, just_stale, old, never]
    stale = set(
        Organisation.objects.filter(freshness.stale_q(today=TODAY), pk__in=[r.pk for r in own]).values_list(
            "pk", flat=True
        )
    )
    assert stale == {just_stale.pk, old.pk, never.pk}
    for record in own:
        assert (record.pk in stale) == freshness.is_stale(record, today=TODAY)


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [
        (InstrumentFactory, "catalog:instrument_detail"),
        (OrganisationFactory, "catalog:organisation_detail"),
        (PracticeExampleFactory, "catalog:practiceexample_detail"),
    ],
)
def test_detail_pages_say_verouderd_with_the_date_at_the_top(client, factory, url_name):
    record = factory(last_reviewed=datetime.date(2021, 5, 25))
    url = reverse(url_name, args=[record.slug])
    html = page(client.get(url))
    freshness = html.select_one("main [data-freshness]")
    assert text(freshness) == "Verouderd. Laatst gecontroleerd mei 2021: vraag het loket of dit nog klopt."
    # at the top: before the first section of the page, not under the sources
    assert freshness.find_parent("section") is None
    assert freshness.find_next("section") is not None
    assert len(html.select("[data-freshness]")) == 1

    record.last_reviewed = timezone.localdate()
    record.save()
    shown = text(client.get(url))
    assert "Verouderd" not in shown
    assert "Laatst gecontroleerd op" in shown


def test_never_reviewed_record_says_so_in_public(client):
    organisation = OrganisationFactory(last_reviewed=None)
    response = client.get(reverse("catalog:organisation_detail", args=[organisation.slug]))
    assert "Nog niet gecontroleerd. Vraag het loket of dit klopt." in text(response)


def test_admin_list_has_a_verouderd_column_and_filter(admin_client):
    fresh = OrganisationFactory(name="Versheidstest vers", last_reviewed=timezone.localdate())
    old = OrganisationFactory(name="Versheidstest oud", last_reviewed=datetime.date(2019, 1, 1))
    url = reverse("admin:catalog_organisation_changelist")

    def listed(**filters):
        response = admin_client.get(url, {"q": "Versheidstest", **filters})
        return {row.th.get_text(strip=True) for row in page(response).select("#result_list tbody tr")}

    changelist = page(admin_client.get(url))
    assert changelist.select_one("#result_list th.column-stale_mark").get_text(strip=True) == "Verouderd"
    assert "Verouderd" in changelist.find(id="changelist-filter").get_text()
    assert listed() == {fresh.name, old.name}
    assert listed(verouderd="ja") == {old.name}
    assert listed(verouderd="nee") == {fresh.name}


def test_admin_action_gecontroleerd_vandaag(admin_client):
    records = [OrganisationFactory(last_reviewed=datetime.date(2019, 1, 1)) for _ in range(2)]
    untouched = OrganisationFactory(last_reviewed=datetime.date(2019, 1, 1))
    response = admin_client.post(
        reverse("admin:catalog_organisation_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [record.pk for record in records]},
        follow=True,
    )
    assert "2 gegevens zijn gemarkeerd als vandaag gecontroleerd." in text(response)
    for record in records:
        record.refresh_from_db()
        assert record.last_reviewed == timezone.localdate()
    untouched.refresh_from_db()
    assert untouched.last_reviewed == datetime.date(2019, 1, 1)


def test_action_leaves_records_of_another_loket_alone(client, editor, loket, other_loket):
    Organisation.objects.filter(pk__in=[loket.pk, other_loket.pk]).update(last_reviewed=None)
    client.force_login(editor)
    response = client.post(
        reverse("admin:catalog_organisation_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [loket.pk, other_loket.pk]},
        follow=True,
    )
    assert "1 gegeven is gemarkeerd als vandaag gecontroleerd." in text(response)
    loket.refresh_from_db()
    other_loket.refresh_from_db()
    assert loket.last_reviewed == timezone.localdate()
    assert other_loket.last_reviewed is None


def test_close_expired_instruments_closes_only_open_ones_past_their_date():
    """On a day long ago, so that only the test's own instruments can have passed their date."""
    today = datetime.date(1990, 6, 15)
    expired = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today - datetime.timedelta(days=1))
    closes_today = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today)
    no_date = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=None)
    budget = InstrumentFactory(
        status=InstrumentStatus.BUDGET_BEREIKT, closes_on=today - datetime.timedelta(days=10)
    )
    assert freshness.close_expired_instruments(today=today) == [expired]
    for instrument, status in [
        (expired, InstrumentStatus.GESLOTEN),
        (closes_today, InstrumentStatus.OPEN),
        (no_date, InstrumentStatus.OPEN),
        (budget, InstrumentStatus.BUDGET_BEREIKT),
    ]:
        instrument.refresh_from_db()
        assert instrument.status == status
    assert expired.history.latest().status == InstrumentStatus.GESLOTEN  # saved one by one, with history
    assert freshness.close_expired_instruments(today=today) == []


def test_the_close_expired_instruments_command_says_what_it_closed(capsys):
    today = timezone.localdate()
    expired = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today - datetime.timedelta(days=1))
    closes_today = InstrumentFactory(status=InstrumentStatus.OPEN, closes_on=today)
    call_command("close_expired_instruments")
    out = capsys.readouterr().out.splitlines()
    closed = [line for line in out if line.startswith("Gesloten: ")]
    assert f"Gesloten: {expired.slug} (sloot op {expired.closes_on:%d-%m-%Y})" in closed
    assert out[-1] == f"{len(closed)} instrument(en) gesloten."
    # the public status filter uses the stored status: the closed one no longer counts as open
    assert not Instrument.objects.filter(pk=expired.pk, status=InstrumentStatus.OPEN).exists()
    assert Instrument.objects.filter(pk=closes_today.pk, status=InstrumentStatus.OPEN).exists()
    call_command("close_expired_instruments")
    assert capsys.readouterr().out == "0 instrument(en) gesloten.\n"

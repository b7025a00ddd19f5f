"""/beheer/te-controleren/: each editor sees what needs attention among the records they may edit."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from catalog.curation import dashboard, roles
from catalog.models import (
    Instrument,
    InstrumentStatus,
    LinkCheck,
    Organisation,
    OutdatedReport,
    PublicationStatus,
    ReportStatus,
)
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/beheer/te-controleren/"


@pytest.fixture
def loket(django_user_model):
    """A staff user whose scope (via roles.editable) is one organisation and its instruments."""
    return django_user_model.objects.create_user("loket", password="x" * 14, is_staff=True)


@pytest.fixture
def scoped(monkeypatch):
    """Restrict `editable` for non-superusers to the records of organisation `own` and its instruments."""
    own = OrganisationFactory(name="Eigen loket", last_reviewed=timezone.localdate())
    real_editable = roles.editable

    def editable(user, queryset):
        if user.is_superuser:
            return real_editable(user, queryset)
        if queryset.model is Organisation:
            return queryset.filter(pk=own.pk)
        if queryset.model is Instrument:
            return queryset.filter(provider=own)
        return queryset.none()

    monkeypatch.setattr(roles, "editable", editable)
    return own


def _broken(record):
    LinkCheck.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        url="https://example.org/weg",
        checked_at=timezone.now(),
        status_code=404,
        ok=False,
    )


def test_dashboard_groups_what_needs_attention(client, loket, scoped):
    today = timezone.localdate()
    stale = InstrumentFactory(name="Oude regeling", provider=scoped, last_reviewed=datetime.date(2020, 1, 1))
    never = InstrumentFactory(name="Nieuwe regeling", provider=scoped, last_reviewed=None)
    expired = InstrumentFactory(
        name="Verlopen regeling",
        provider=scoped,
        last_reviewed=today,
        status=InstrumentStatus.OPEN,
        closes_on=today - datetime.timedelta(days=3),
    )
    fine = InstrumentFactory(name="Prima regeling", provider=scoped, last_reviewed=today)
    _broken(scoped)
    OutdatedReport.objects.create(record_kind="instrument", record_slug=fine.slug, message="Klopt niet")
    OutdatedReport.objects.create(
        record_kind="instrument", record_slug=stale.slug, message="Al gedaan", status=ReportStatus.AFGEHANDELD
    )
    archived = InstrumentFactory(
        name="Gearchiveerde regeling",
        provider=scoped,
        last_reviewed=None,
        publication_status=PublicationStatus.ARCHIVED,
    )
    elsewhere = InstrumentFactory(name="Regeling van een ander", last_reviewed=None)

    groups = dashboard.review_items(loket)
    names = {key: [item.name for item in items] for key, items in groups.items()}
    assert names["stale"] == ["Oude regeling"]
    assert names["never"] == ["Nieuwe regeling"]
    assert names["broken"] == ["Eigen loket"]
    assert names["reports"] == ["Prima regeling"]  # only open reports
    assert names["expired"] == ["Verlopen regeling"]

    client.force_login(loket)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for record in (stale, never, expired, fine):
        assert reverse("admin:catalog_instrument_change", args=[record.pk]) in html
    assert reverse("admin:catalog_organisation_change", args=[scoped.pk]) in html
    assert archived.name not in html and elsewhere.name not in html
    assert "Per organisatie" not in html  # the summary is for provincial administrators


def test_provincial_admin_sees_everything_and_a_summary_per_organisation(admin_client):
    html = admin_client.get(URL).content.decode()
    assert "Per organisatie" in html
    # the starting data was checked against sources from 2017-2022: Novel-T is verouderd
    assert "Novel-T" in html
    assert "Nooit gecontroleerd" in html


def test_summary_counts_an_organisation_with_its_instruments():
    organisation = OrganisationFactory(name="Telorganisatie", last_reviewed=None)
    InstrumentFactory(provider=organisation, last_reviewed=datetime.date(2019, 5, 1))
    InstrumentFactory(provider=organisation, last_reviewed=None)
    user = type("User", (), {"is_superuser": True, "is_active": True})()
    groups = dashboard.review_items(user)
    row = next(row for row in dashboard.organisation_summary(groups) if row.organisation == "Telorganisatie")
    assert row.counts["never"] == 2 and row.counts["stale"] == 1


def test_group_membership_makes_a_provincial_admin(django_user_model):
    user = django_user_model.objects.create_user("provincie", password="x" * 14, is_staff=True)
    assert not roles.is_provincial_admin(user)
    user.groups.add(Group.objects.get_or_create(name=roles.PROVINCIAL_ADMIN)[0])
    user = django_user_model.objects.get(pk=user.pk)  # roles are cached on the user object
    assert roles.is_provincial_admin(user)


def test_a_long_group_shows_the_longest_unchecked_first_and_links_to_the_rest(admin_client, monkeypatch):
    monkeypatch.setattr(dashboard, "SHOWN", 3)
    oldest = InstrumentFactory(name="Oudste instrument", last_reviewed=datetime.date(2001, 1, 1))
    html = admin_client.get(URL).content.decode()
    stale = html[html.index('id="groep-stale"') :]
    stale = stale[: stale.index("</div>")]
    assert stale.count('<th scope="row">') == 3
    assert stale.index("Oudste instrument") < stale.index("<td>")  # first row
    assert oldest.name in stale
    assert "Hier staan de eerste 3 van" in stale
    assert f"{reverse('admin:catalog_instrument_changelist')}?verouderd=ja" in stale


def test_empty_scope_says_there_is_nothing_to_do(client, loket):
    client.force_login(loket)
    html = client.get(URL).content.decode()
    assert "Er is nu niets te controleren." in html


def test_dashboard_needs_staff_login(client, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("bezoeker", password="x" * 14))
    assert client.get(URL).status_code == 302


def test_admin_index_links_to_the_dashboard(admin_client):
    assert URL in admin_client.get("/beheer/").content.decode()


def test_query_count_does_not_grow_with_the_data(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as before:
        admin_client.get(URL)
    for _ in range(20):
        organisation = OrganisationFactory(last_reviewed=None)
        _broken(organisation)
        InstrumentFactory(provider=organisation, last_reviewed=datetime.date(2019, 1, 1))
    with django_assert_max_num_queries(len(before.captured_queries)):
        admin_client.get(URL)

"""Every change is recorded with who, when and what; viewable and revertible, within one's role."""

import pytest
from django.core.management import call_command

from catalog.models import Factor, Instrument, Organisation, Source

from .conftest import form_data, submit

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"


def test_loading_the_portal_data_starts_one_history_entry_per_record():
    record = Instrument.objects.get(slug="events-novel-t")
    assert record.history.count() == 1
    assert record.history.get().history_type == "+"
    call_command("load_portal_data", verbosity=0)  # running it again adds nothing
    assert record.history.count() == 1
    assert Organisation.history.count() == Organisation.objects.count()


def test_an_admin_change_records_who_and_what(client, twente_editor):
    record = Instrument.objects.get(slug="events-novel-t")
    client.force_login(twente_editor)
    submit(client, f"{INSTRUMENTS}{record.pk}/change/", status_note="Elke maand een event.")
    latest = record.history.latest()
    assert latest.history_user == twente_editor
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["status_note"]
    page = client.get(f"{INSTRUMENTS}{record.pk}/history/").content.decode()
    assert "redacteur-twente" in page
    assert "toelichting status" in page.lower()
    assert "Gewijzigd" in page and "Aangemaakt" in page  # in Dutch, though the package has no Dutch


def test_m2m_changes_are_recorded(client, twente_editor):
    record = Instrument.objects.get(slug="events-novel-t")
    client.force_login(twente_editor)
    before = set(record.factors.values_list("pk", flat=True))
    kennis = Instrument.factors.field.related_model.objects.get(slug="kennis")
    submit(client, f"{INSTRUMENTS}{record.pk}/change/", factors=[str(pk) for pk in before | {kennis.pk}])
    latest = record.history.latest()
    assert {row.factor_id for row in latest.factors.all()} == before | {kennis.pk}


def test_an_editor_reverts_their_own_record(client, twente_editor):
    record = Instrument.objects.get(slug="events-novel-t")
    original = record.status_note
    first = record.history.earliest()
    client.force_login(twente_editor)
    submit(client, f"{INSTRUMENTS}{record.pk}/change/", status_note="Een vergissing.")
    url = f"{INSTRUMENTS}{record.pk}/history/{first.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page.content.decode()))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status_note == original
    assert record.history.latest().history_user == twente_editor


def test_revert_respects_roles(client, zwolle_editor, make_user):
    record = Instrument.objects.get(slug="events-novel-t")
    version = record.history.earliest()
    url = f"{INSTRUMENTS}{record.pk}/history/{version.history_id}/"
    client.force_login(zwolle_editor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Overgenomen"}).status_code == 403
    # A user who may only view instruments cannot revert either (django-simple-history would let them).
    from django.contrib.auth.models import Permission

    viewer = make_user("kijker")
    viewer.user_permissions.add(Permission.objects.get(codename="view_instrument"))
    viewer.save()
    from catalog.models import OrganisationEditor

    OrganisationEditor.objects.create(user=viewer, organisation=record.provider)
    client.force_login(viewer)
    assert client.post(url, {"name": "Overgenomen"}).status_code == 403
    record.refresh_from_db()
    assert record.name == "Events van Novel-T"


def test_a_reverted_version_cannot_smuggle_in_a_status(client, twente_editor):
    """An editor reverting to a published version of a record that is now a concept stays in concept."""
    record = Instrument.objects.get(slug="events-novel-t")
    published = record.history.earliest()
    Instrument.objects.filter(pk=record.pk).update(publication_status="concept")
    client.force_login(twente_editor)
    url = f"{INSTRUMENTS}{record.pk}/history/{published.history_id}/"
    page = client.get(url)
    response = client.post(url, form_data(page.content.decode(), publication_status="gepubliceerd"))
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.publication_status == "concept"


def test_region_parents_are_recorded(client, provincial_admin):
    from catalog.models import Region

    region = Region.objects.get(slug="deventer")
    client.force_login(provincial_admin)
    parents = [str(pk) for pk in region.parents.values_list("pk", flat=True)]
    overijssel = str(Region.objects.get(slug="overijssel").pk)
    response = submit(client, f"/beheer/catalog/region/{region.pk}/change/", parents=parents + [overijssel])
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = region.history.latest()
    assert latest.history_user == provincial_admin
    assert {str(row.to_region_id) for row in latest.parents.all()} == set(parents) | {overijssel}


def test_one_save_is_one_entry_with_the_relations_as_saved(client, twente_editor):
    """Factors (a form field) and sources (an inline) changed in one save: one new entry that holds both."""
    record = Instrument.objects.get(slug="events-novel-t")
    kennis = Factor.objects.get(slug="kennis")
    factors = {*record.factors.values_list("pk", flat=True), kennis.pk}
    new_source = Source.objects.exclude(pk__in=record.sources.all()).first()
    url = f"{INSTRUMENTS}{record.pk}/change/"
    client.force_login(twente_editor)
    data = form_data(client.get(url).content.decode(), factors=[str(pk) for pk in factors])
    prefix = "Instrument_sources"
    rows = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(rows + 1)]
    data[f"{prefix}-{rows}-source"] = [str(new_source.pk)]
    entries_before = record.history.count()

    assert client.post(url, data).status_code == 302

    assert record.history.count() == entries_before + 1
    latest = record.history.latest()
    assert latest.history_user == twente_editor
    assert {row.factor_id for row in latest.factors.all()} == factors
    assert new_source.pk in {row.source_id for row in latest.sources.all()}
    assert {row.source_id for row in latest.sources.all()} == set(record.sources.values_list("pk", flat=True))


def test_a_revert_brings_back_the_old_relations(client, twente_editor):
    record = Instrument.objects.get(slug="events-novel-t")
    first = record.history.earliest()
    old_factors = set(record.factors.values_list("pk", flat=True))
    other = Factor.objects.exclude(pk__in=old_factors).first()
    client.force_login(twente_editor)
    submit(client, f"{INSTRUMENTS}{record.pk}/change/", factors=[str(other.pk)])
    assert set(record.factors.values_list("pk", flat=True)) == {other.pk}

    url = f"{INSTRUMENTS}{record.pk}/history/{first.history_id}/"
    assert client.post(url, form_data(client.get(url).content.decode())).status_code == 302
    assert set(record.factors.values_list("pk", flat=True)) == old_factors

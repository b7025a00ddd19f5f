"""Every change is recorded with who, when and what; viewable and revertible, within one's role."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import call_command

from catalog import history
from catalog.models import Instrument, Organisation, OrganisationEditor, Source
from tests.admin_forms import admin_form_data, submit
from tests.factories import FactorFactory, OrganisationFactory, RegionFactory
from tests.html import text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

INSTRUMENTS = "/beheer/catalog/instrument/"


def test_start_gives_each_record_without_history_one_created_entry_with_its_relations():
    region = RegionFactory()
    with_history = OrganisationFactory()
    entries_before = with_history.history.count()
    # Written the way the loader writes: in bulk, without signals, so without history.
    (record,) = Organisation.objects.bulk_create([OrganisationFactory.build()])
    Organisation.regions.through.objects.create(organisation=record, region=region)
    assert not record.history.exists()

    history.start(Organisation, reason="een test")

    entry = record.history.get()
    assert (entry.history_type, entry.history_change_reason) == ("+", "een test")
    assert history.relations(entry)["regions"] == [region.pk]
    assert with_history.history.count() == entries_before  # a record with history gets nothing
    history.start(Organisation, reason="een test")
    assert record.history.count() == 1


def test_loading_the_portal_data_again_adds_no_history():
    """The starting content: one "created" entry per record, and a second load adds none."""
    models = [model for model in apps.get_app_config("catalog").get_models() if history.has_history(model)]
    before = {model: model.history.count() for model in models}
    assert before[Organisation] == Organisation.objects.count()
    assert before[Instrument] == Instrument.objects.count()
    assert not Instrument.history.exclude(history_type="+").exists()
    call_command("load_portal_data", verbosity=0)
    assert {model: model.history.count() for model in models} == before


def test_an_admin_change_records_who_and_what(client, curator, instrument):
    client.force_login(curator)
    submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", status_note="Elke maand een event.")
    latest = instrument.history.latest()
    assert latest.history_user == curator
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["status_note"]
    page = text(client.get(f"{INSTRUMENTS}{instrument.pk}/history/"))
    assert curator.username in page
    assert "toelichting status" in page.lower()
    assert "Gewijzigd" in page and "Aangemaakt" in page  # in Dutch, though the package has no Dutch


def test_m2m_changes_are_recorded(client, curator, instrument):
    client.force_login(curator)
    before = set(instrument.factors.values_list("pk", flat=True))
    netwerk = FactorFactory(slug="netwerk")
    assert netwerk.pk not in before
    submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", factors=[str(pk) for pk in before | {netwerk.pk}])
    latest = instrument.history.latest()
    assert {row.factor_id for row in latest.factors.all()} == before | {netwerk.pk}


def test_an_editor_reverts_their_own_record(client, curator, instrument):
    original = instrument.status_note
    version = instrument.history.latest()
    client.force_login(curator)
    submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", status_note="Een vergissing.")
    instrument.refresh_from_db()
    assert instrument.status_note == "Een vergissing."
    url = f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/"
    response = client.get(url)
    assert response.status_code == 200
    assert client.post(url, admin_form_data(response)).status_code == 302
    instrument.refresh_from_db()
    assert instrument.status_note == original
    assert instrument.history.latest().history_user == curator


def test_revert_respects_roles(client, other_editor, make_user, instrument):
    name = instrument.name
    version = instrument.history.latest()
    url = f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/"
    client.force_login(other_editor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Overgenomen"}).status_code == 403
    # A user who may only view instruments cannot revert either (django-simple-history would let them).
    viewer = make_user("kijker")
    viewer.user_permissions.add(Permission.objects.get(codename="view_instrument"))
    OrganisationEditor.objects.create(user=viewer, organisation=instrument.provider)
    client.force_login(viewer)
    assert client.post(url, {"name": "Overgenomen"}).status_code == 403
    instrument.refresh_from_db()
    assert instrument.name == name


def test_a_reverted_version_cannot_smuggle_in_a_status(client, editor, instrument):
    """An editor reverting to a published version of a record that is now a concept stays in concept."""
    published = instrument.history.latest()
    assert published.publication_status == "gepubliceerd"
    Instrument.objects.filter(pk=instrument.pk).update(publication_status="concept")
    client.force_login(editor)
    url = f"{INSTRUMENTS}{instrument.pk}/history/{published.history_id}/"
    response = client.post(url, admin_form_data(client.get(url), publication_status="gepubliceerd"))
    assert response.status_code == 200
    instrument.refresh_from_db()
    assert instrument.publication_status == "concept"


def test_region_parents_are_recorded(client, provincial_admin, region, municipality, other_region):
    client.force_login(provincial_admin)
    parents = {str(region.pk), str(other_region.pk)}
    response = submit(client, f"/beheer/catalog/region/{municipality.pk}/change/", parents=sorted(parents))
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = municipality.history.latest()
    assert latest.history_user == provincial_admin
    assert {str(row.to_region_id) for row in latest.parents.all()} == parents


def test_one_save_is_one_entry_with_the_relations_as_saved(client, curator, instrument):
    """Factors (a form field) and sources (an inline) changed in one save: one new entry that holds both."""
    factors = {*instrument.factors.values_list("pk", flat=True), FactorFactory(slug="netwerk").pk}
    new_source = Source.objects.create(url="https://example.org/bron", retrieved_on=datetime.date(2026, 1, 5))
    url = f"{INSTRUMENTS}{instrument.pk}/change/"
    client.force_login(curator)
    data = admin_form_data(client.get(url), factors=[str(pk) for pk in factors])
    prefix = "Instrument_sources"
    rows = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(rows + 1)]
    data[f"{prefix}-{rows}-source"] = [str(new_source.pk)]
    entries_before = instrument.history.count()

    assert client.post(url, data).status_code == 302

    assert instrument.history.count() == entries_before + 1
    latest = instrument.history.latest()
    assert latest.history_user == curator
    assert {row.factor_id for row in latest.factors.all()} == factors
    assert new_source.pk in {row.source_id for row in latest.sources.all()}
    assert {row.source_id for row in latest.sources.all()} == set(
        instrument.sources.values_list("pk", flat=True)
    )
    assert instrument.sources.count() == 2  # the world's source and the new one


def test_a_revert_brings_back_the_old_relations(client, curator, instrument):
    version = instrument.history.latest()
    old_factors = set(instrument.factors.values_list("pk", flat=True))
    other = FactorFactory(slug="netwerk")
    assert other.pk not in old_factors
    client.force_login(curator)
    submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", factors=[str(other.pk)])
    assert set(instrument.factors.values_list("pk", flat=True)) == {other.pk}

    url = f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/"
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    assert set(instrument.factors.values_list("pk", flat=True)) == old_factors

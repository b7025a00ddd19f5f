"""Import and export of organisations and instruments (CSV, XLSX): an import with errors changes nothing."""

import datetime

import pytest
import tablib
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from catalog.curation import roles
from catalog.curation.resources import InstrumentResource, OrganisationResource, parse_source
from catalog.models import Instrument, Organisation, PublicationStatus, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def provincial(django_user_model):
    user = django_user_model.objects.create_user("provincie", password="x" * 14, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=roles.PROVINCIAL_ADMIN)[0])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="catalog"))
    return user


def snapshot(model):
    """Every stored value and relation of every record of `model`, to compare before and after."""
    resource = {Instrument: InstrumentResource, Organisation: OrganisationResource}[model]()
    return sorted(resource.export().dict, key=lambda row: row["slug"]), Source.objects.count()


def exported(resource_class, file_format):
    dataset = resource_class().export()
    return tablib.Dataset().load(dataset.export(file_format), format=file_format)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("resource_class", [InstrumentResource, OrganisationResource])
def test_round_trip_of_the_real_data_changes_nothing(admin_user, resource_class, file_format):
    model = resource_class._meta.model
    dataset = exported(resource_class, file_format)
    assert len(dataset) == model.objects.count() > 30
    result = resource_class().import_data(dataset, dry_run=True, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(dataset)
    assert result.totals["new"] == result.totals["update"] == 0


def test_export_columns_are_human_friendly():
    row = InstrumentResource().export().dict
    mit = next(r for r in row if r["regios"] and r["factoren"])
    assert list(row[0])[:4] == ["slug", "naam", "soort", "aanbieder"]
    assert Organisation.objects.filter(slug=mit["aanbieder"]).exists()
    assert all(part.strip() for part in mit["regios"].split(","))
    sources = mit["bronnen"].split(";")
    assert all(parse_source(part) for part in sources)  # what is exported can be read back


def _instrument_rows(**changes):
    """Two rows in the export format: one existing instrument (changed by `changes`) and a new one."""
    dataset = InstrumentResource().export(
        queryset=Instrument.objects.filter(pk=Instrument.objects.first().pk)
    )
    existing = dict(zip(dataset.headers, dataset[0], strict=True))
    new = {**existing, "slug": "nieuwe-regeling", "naam": "Nieuwe regeling", "volgende_stappen": ""}
    existing.update(naam="Gewijzigde naam", regios="overijssel")
    for key, value in changes.items():
        new[key] = value
    return tablib.Dataset(list(existing.values()), list(new.values()), headers=list(existing))


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"aanbieder": "bestaat-niet"}, "provider", "Onbekende organisatie: bestaat-niet"),
        ({"regios": "twente, nergensland"}, "regions", "nergensland"),
        ({"factoren": ""}, "factors", "Vul minstens één waarde in."),
        ({"bronnen": "999:1-2"}, "sources", "Onbekend brondocument: 999"),
        ({"bronnen": "000:20-10"}, "sources", "het eind ligt voor het begin"),
        ({"open_vanaf": "2026-05-01", "sluit_op": "2026-04-01"}, None, ""),
        ({"status": "misschien"}, "status", "misschien"),
        ({"slug": "Geen Slug!"}, "slug", ""),
        ({"naam": ""}, "name", ""),
    ],
)
def test_a_bad_row_is_explained_and_nothing_changes(admin_user, changes, column, message):
    before = snapshot(Instrument)
    dataset = _instrument_rows(**changes)
    result = InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert result.has_validation_errors() or result.has_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [2]  # the first row was fine, the second is explained
    errors = invalid[0].error_dict
    if column:
        assert column in errors
        assert message in " ".join(str(e) for e in errors[column])
    # the valid first row (name and regions changed) was rolled back too, with its relations
    assert snapshot(Instrument) == before
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_a_clean_import_updates_and_creates(admin_user):
    dataset = _instrument_rows()
    result = InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    changed = Instrument.objects.get(slug=dataset[0][0])
    assert changed.name == "Gewijzigde naam"
    assert [region.slug for region in changed.regions.all()] == ["overijssel"]
    assert Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_new_records_land_as_concept_unless_the_importer_may_publish(django_user_model, admin_user):
    editor = django_user_model.objects.create_user("redacteur", password="x" * 14, is_staff=True)
    dataset = _instrument_rows(publicatiestatus=PublicationStatus.PUBLISHED)
    del dataset[0]  # only the new row
    InstrumentResource().import_data(dataset, dry_run=False, user=editor)
    assert Instrument.objects.get(slug="nieuwe-regeling").publication_status == PublicationStatus.CONCEPT
    Instrument.objects.filter(slug="nieuwe-regeling").delete()
    InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert Instrument.objects.get(slug="nieuwe-regeling").publication_status == PublicationStatus.PUBLISHED


def test_rows_outside_the_importers_scope_are_refused(provincial, monkeypatch):
    allowed = Organisation.objects.order_by("pk")[0]
    monkeypatch.setattr(roles, "editable", lambda user, queryset: queryset.filter(pk=allowed.pk))
    dataset = OrganisationResource().export(queryset=Organisation.objects.order_by("pk")[:2])
    dataset = tablib.Dataset(
        *[[*row[:1], row[1] + " (nieuw)", *row[2:]] for row in dataset], headers=dataset.headers
    )
    before = snapshot(Organisation)
    result = OrganisationResource().import_data(dataset, dry_run=False, user=provincial)
    assert [row.number for row in result.invalid_rows] == [2]
    assert "niet wijzigen" in str(result.invalid_rows[0].error)
    assert snapshot(Organisation) == before


# --- The admin pages -------------------------------------------------------------------------------------


def _upload(client, url, dataset, file_format="csv"):
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = content.encode()
    upload = SimpleUploadedFile(f"instrumenten.{file_format}", content)
    return client.post(
        url, {"import_file": upload, "format": 0 if file_format == "csv" else 1, "resource": 0}
    )


def test_admin_import_previews_errors_in_dutch_and_changes_nothing(admin_client):
    url = reverse("admin:catalog_instrument_import")
    page = admin_client.get(url).content.decode()
    assert "Importeren" in page and "csv" in page and "xlsx" in page
    before = snapshot(Instrument)
    response = _upload(admin_client, url, _instrument_rows(aanbieder="bestaat-niet"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Onbekende organisatie: bestaat-niet" in html
    assert "Accepteer de import" not in html  # no confirm button while there are errors
    assert snapshot(Instrument) == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_admin_import_dry_run_then_confirm(admin_client, file_format):
    url = reverse("admin:catalog_instrument_import")
    response = _upload(admin_client, url, _instrument_rows(), file_format)
    html = response.content.decode()
    assert "Accepteer de import" in html
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()  # the preview is a dry run
    confirm = response.context["confirm_form"]
    data = {name: value for name, value in confirm.initial.items() if value is not None}
    response = admin_client.post(reverse("admin:catalog_instrument_process_import"), data)
    assert response.status_code == 302
    assert Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_import_is_for_provincial_administrators_only(client, django_user_model, provincial):
    editor = django_user_model.objects.create_user("redacteur", password="x" * 14, is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="catalog"))
    client.force_login(editor)
    changelist = client.get(reverse("admin:catalog_organisation_changelist")).content.decode()
    assert reverse("admin:catalog_organisation_export") in changelist
    assert reverse("admin:catalog_organisation_import") not in changelist
    assert client.get(reverse("admin:catalog_organisation_import")).status_code == 403
    client.force_login(provincial)
    assert client.get(reverse("admin:catalog_organisation_import")).status_code == 200


@pytest.mark.parametrize(("file_format", "index"), [("csv", 0), ("xlsx", 1)])
def test_admin_export(admin_client, file_format, index):
    url = reverse("admin:catalog_organisation_export")
    page = admin_client.get(url).content.decode()
    assert "Exporteren" in page
    assert "werkgebied" in page and "Regions" not in page  # columns by their Dutch names
    response = admin_client.post(url, {"format": index, "resource": 0, "export_items": []})
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        # the export form asks which fields: select them all
        fields = [
            name for name in response.context["form"].fields if name.startswith("organisationresource_")
        ]
        response = admin_client.post(url, {"format": index, "resource": 0, **dict.fromkeys(fields, "on")})
    assert "attachment" in response["Content-Disposition"]
    dataset = tablib.Dataset().load(response.content if file_format == "xlsx" else response.content.decode())
    assert len(dataset) == Organisation.objects.count()
    assert "Novel-T" in dataset["naam"]


def test_dates_are_iso(admin_user):
    organisation = Organisation.objects.exclude(last_reviewed=None).first()
    dataset = OrganisationResource().export(queryset=Organisation.objects.filter(pk=organisation.pk))
    assert dataset["laatst_gecontroleerd"][0] == organisation.last_reviewed.isoformat()
    assert datetime.date.fromisoformat(dataset["laatst_gecontroleerd"][0])


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_an_exported_text_never_runs_as_a_formula_in_excel(file_format):
    Organisation.objects.filter(slug="novel-t").update(description='=HYPERLINK("https://example.com","klik")')
    data = file_format().export_data(OrganisationResource().export())
    rows = tablib.Dataset().load(data, format=file_format().get_title()).dict
    novel_t = next(row for row in rows if row["slug"] == "novel-t")
    assert novel_t["omschrijving"] == 'HYPERLINK("https://example.com","klik")'


def test_the_export_page_speaks_dutch(client, provincial):
    client.force_login(provincial)
    page = client.get(reverse("admin:catalog_instrument_export")).content.decode()
    assert "Deze export bevat de volgende velden" in page
    assert "Alles selecteren" in page
    assert "This exporter" not in page and "Select all" not in page

"""Import and export of organisations and instruments (CSV, XLSX): an import with errors changes nothing."""

import datetime

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from catalog.curation.resources import InstrumentResource, OrganisationResource, parse_source
from catalog.models import Document, Instrument, Organisation, Phase, PublicationStatus, Source
from tests.factories import (
    EntrepreneurTypeFactory,
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    OrganisationFactory,
    ThemeFactory,
)
from tests.html import page as html_page
from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    return Document.objects.create(code="testdocument", title="Een document om mee te testen")


@pytest.fixture
def sources(document):
    return [
        Source.objects.create(document=document, line_start=12, line_end=20),
        Source.objects.create(url="https://example.org/regeling", retrieved_on=datetime.date(2026, 1, 5)),
    ]


@pytest.fixture
def full_organisation(region, other_region, sources):
    """An organisation with a value in every exported column."""
    organisation = OrganisationFactory(
        name="Organisatie met alles",
        place="Testdorp",
        website="https://example.org/",
        internal_note="Alleen voor redacteuren.",
        email="info@example.org",
        phone="038 123 45 67",
        visiting_address="Marktstraat 1, Testdorp",
        contact_url="https://example.org/contact",
        last_reviewed=datetime.date(2026, 2, 3),
        regions=[region, other_region],
        factors=[FactorFactory(slug="kennis"), FactorFactory(slug="netwerk")],
        entrepreneur_types=[EntrepreneurTypeFactory(code="B"), EntrepreneurTypeFactory(code="C")],
        themes=[ThemeFactory()],
    )
    organisation.sources.set(sources)
    return organisation


@pytest.fixture
def full_instrument(full_organisation, instrument, region, other_region, sources):
    """An instrument with a value in every exported column."""
    record = InstrumentFactory(
        name="Regeling met alles",
        provider=full_organisation,
        status="open",
        status_note="Open tot de zomer.",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 7, 1),
        amount_min=1000,
        amount_max=5000,
        amount_note="Per bedrijf.",
        inferred=["provider", "amount"],
        internal_note="Aanbieder en bedrag afgeleid.",
        website="https://example.org/regeling",
        last_reviewed=datetime.date(2026, 2, 3),
        regions=[region, other_region],
        factors=[FactorFactory(slug="kennis"), FactorFactory(slug="financiering")],
        entrepreneur_types=[EntrepreneurTypeFactory(code="B")],
        firm_sizes=[FirmSizeFactory(slug="klein")],
        next_steps=[instrument],
    )
    record.phases.set(Phase.objects.filter(pk__in=[f.phase_id for f in record.factors.all()]))
    record.sources.set(sources)
    return record


def snapshot(model):
    """Every stored value and relation of every record of `model`, to compare before and after."""
    resource = {Instrument: InstrumentResource, Organisation: OrganisationResource}[model]()
    return sorted(resource.export().dict, key=lambda row: row["slug"]), Source.objects.count()


def exported(resource_class, file_format):
    dataset = resource_class().export()
    return tablib.Dataset().load(dataset.export(file_format), format=file_format)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("resource_class", [InstrumentResource, OrganisationResource])
def test_a_round_trip_of_everything_changes_nothing(admin_user, full_instrument, resource_class, file_format):
    model = resource_class._meta.model
    dataset = exported(resource_class, file_format)
    assert len(dataset) == model.objects.count()
    own = {Instrument: full_instrument, Organisation: full_instrument.provider}[model]
    assert own.slug in dataset["slug"]  # a record with every column filled
    result = resource_class().import_data(dataset, dry_run=True, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(dataset)
    assert result.totals["new"] == result.totals["update"] == 0


def test_export_columns_are_human_friendly(full_instrument, region, other_region, document):
    (row,) = InstrumentResource().export(queryset=Instrument.objects.filter(pk=full_instrument.pk)).dict
    assert list(row)[:4] == ["slug", "naam", "soort", "aanbieder"]
    assert row["aanbieder"] == full_instrument.provider.slug
    assert row["regios"] == ", ".join(sorted([region.slug, other_region.slug]))
    assert row["factoren"] == "financiering, kennis"
    assert row["typen_ondernemer"] == "B"
    assert row["afgeleid"] == "provider, amount"
    assert row["notitie_redactie"] == "Aanbieder en bedrag afgeleid."
    assert row["bronnen"] == "https://example.org/regeling|2026-01-05; testdocument:12-20"
    assert all(parse_source(part) for part in row["bronnen"].split(";"))  # what is exported can be read back


def instrument_rows(existing_record, **changes):
    """Two rows in the export format: `existing_record` (its name and regions changed) and a new one."""
    dataset = InstrumentResource().export(queryset=Instrument.objects.filter(pk=existing_record.pk))
    existing = dict(zip(dataset.headers, dataset[0], strict=True))
    new = {**existing, "slug": "nieuwe-regeling", "naam": "Nieuwe regeling", "volgende_stappen": ""}
    existing.update(naam="Gewijzigde naam", regios=changes.pop("_regios", existing["regios"]))
    new.update(changes)
    return tablib.Dataset(list(existing.values()), list(new.values()), headers=list(existing))


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"aanbieder": "bestaat-niet"}, "provider", "Onbekende organisatie: bestaat-niet"),
        ({"regios": "{region}, nergensland"}, "regions", "nergensland"),
        ({"factoren": ""}, "factors", "Vul minstens één waarde in."),
        ({"bronnen": "onbekend-document:1-2"}, "sources", "Onbekend brondocument: onbekend-document"),
        ({"bronnen": "{document}:20-10"}, "sources", "het eind ligt voor het begin"),
        ({"open_vanaf": "2026-05-01", "sluit_op": "2026-04-01"}, "closes_on", "De sluitingsdatum ligt vóór"),
        ({"status": "misschien"}, "status", "misschien"),
        ({"afgeleid": "aanbieder"}, "inferred", "Mogelijk: name, provider"),
        ({"slug": "Geen Slug!"}, "slug", ""),
        ({"naam": ""}, "name", ""),
    ],
)
def test_a_bad_row_is_explained_and_nothing_changes(
    admin_user, instrument, other_region, document, changes, column, message
):
    changes = {
        key: value.format(region=other_region.slug, document=document.code) for key, value in changes.items()
    }
    before = snapshot(Instrument)
    dataset = instrument_rows(instrument, _regios=other_region.slug, **changes)
    result = InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert result.has_validation_errors() or result.has_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [2]  # the first row was fine, the second is explained
    errors = invalid[0].error_dict
    assert column in errors
    assert message in " ".join(str(e) for e in errors[column])
    # the valid first row (name and regions changed) was rolled back too, with its relations
    assert snapshot(Instrument) == before
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_a_clean_import_updates_and_creates(admin_user, instrument, other_region):
    dataset = instrument_rows(instrument, _regios=other_region.slug)
    result = InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    instrument.refresh_from_db()
    assert instrument.name == "Gewijzigde naam"
    assert list(instrument.regions.all()) == [other_region]
    assert Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_new_records_land_as_concept_unless_the_importer_may_publish(
    django_user_model, admin_user, instrument
):
    editor = django_user_model.objects.create_user("redacteur", password="x" * 14, is_staff=True)
    dataset = instrument_rows(instrument, publicatiestatus=PublicationStatus.PUBLISHED)
    del dataset[0]  # only the new row
    InstrumentResource().import_data(dataset, dry_run=False, user=editor)
    assert Instrument.objects.get(slug="nieuwe-regeling").publication_status == PublicationStatus.CONCEPT
    Instrument.objects.filter(slug="nieuwe-regeling").delete()
    InstrumentResource().import_data(dataset, dry_run=False, user=admin_user)
    assert Instrument.objects.get(slug="nieuwe-regeling").publication_status == PublicationStatus.PUBLISHED


def test_rows_outside_the_importers_scope_are_refused(editor, loket, other_loket):
    dataset = OrganisationResource().export(
        queryset=Organisation.objects.filter(pk__in=[loket.pk, other_loket.pk])
    )
    assert list(dataset["slug"]) == [other_loket.slug, loket.slug]  # by name: Ander, Eigen
    dataset = tablib.Dataset(
        *[[*row[:1], row[1] + " (nieuw)", *row[2:]] for row in reversed(dataset)], headers=dataset.headers
    )
    before = snapshot(Organisation)
    result = OrganisationResource().import_data(dataset, dry_run=False, user=editor)
    assert [row.number for row in result.invalid_rows] == [2]
    assert f"U mag {other_loket.name} niet wijzigen." in str(result.invalid_rows[0].error)
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


def test_admin_import_previews_errors_in_dutch_and_changes_nothing(admin_client, instrument):
    url = reverse("admin:catalog_instrument_import")
    shown = text(admin_client.get(url))
    assert "Importeren" in shown and "csv" in shown and "xlsx" in shown
    before = snapshot(Instrument)
    response = _upload(admin_client, url, instrument_rows(instrument, aanbieder="bestaat-niet"))
    assert response.status_code == 200
    assert "Onbekende organisatie: bestaat-niet" in text(response)
    assert "Accepteer de import" not in text(response)  # no confirm button while there are errors
    assert snapshot(Instrument) == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_admin_import_lists_errors_by_the_files_columns_and_lines(admin_client, instrument, file_format):
    """Errors as a plain list (no pop-over), by the file's column names and line numbers (header = line 1)."""
    url = reverse("admin:catalog_instrument_import")
    dataset = instrument_rows(instrument, aanbieder="bestaat-niet", sluit_op="31-12-2026")
    response = _upload(admin_client, url, dataset, file_format)
    items = [text(li) for li in html_page(response).select("ul.import-errors li")]
    # the new row, the second below the header
    assert "Regel 3, kolom aanbieder: Onbekende organisatie: bestaat-niet" in items
    assert "Regel 3, kolom sluit_op: Geen datum als 2026-01-31: 31-12-2026" in items
    shown = text(response)
    assert "provider" not in shown.lower() and "closes_on" not in shown.lower()
    assert "Line number" not in shown and "Errors" not in shown and "Non field specific" not in shown
    assert not html_page(response).select(".validation-error-container")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_admin_import_dry_run_then_confirm(admin_client, instrument, file_format):
    url = reverse("admin:catalog_instrument_import")
    response = _upload(admin_client, url, instrument_rows(instrument), file_format)
    assert "Accepteer de import" in text(response)
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()  # the preview is a dry run
    confirm = response.context["confirm_form"]
    data = {name: value for name, value in confirm.initial.items() if value is not None}
    response = admin_client.post(reverse("admin:catalog_instrument_process_import"), data)
    assert response.status_code == 302
    assert Instrument.objects.filter(slug="nieuwe-regeling").exists()
    instrument.refresh_from_db()
    assert instrument.name == "Gewijzigde naam"


def test_import_is_for_provincial_administrators_only(client, django_user_model, provincial_admin):
    editor = django_user_model.objects.create_user("redacteur", password="x" * 14, is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="catalog"))
    client.force_login(editor)
    changelist = client.get(reverse("admin:catalog_organisation_changelist")).content.decode()
    assert reverse("admin:catalog_organisation_export") in changelist
    assert reverse("admin:catalog_organisation_import") not in changelist
    assert client.get(reverse("admin:catalog_organisation_import")).status_code == 403
    client.force_login(provincial_admin)
    assert client.get(reverse("admin:catalog_organisation_import")).status_code == 200


@pytest.mark.parametrize(("file_format", "index"), [("csv", 0), ("xlsx", 1)])
def test_admin_export(admin_client, full_organisation, file_format, index):
    url = reverse("admin:catalog_organisation_export")
    shown = text(admin_client.get(url))
    assert "Exporteren" in shown
    assert "werkgebied" in shown and "Regions" not in shown  # columns by their Dutch names
    response = admin_client.post(url, {"format": index, "resource": 0, "export_items": []})
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        # the export form asks which fields: select them all
        fields = [
            name for name in response.context["form"].fields if name.startswith("organisationresource_")
        ]
        response = admin_client.post(url, {"format": index, "resource": 0, **dict.fromkeys(fields, "on")})
    assert "attachment" in response["Content-Disposition"]
    if file_format == "csv":  # Dutch Excel's CSV: a byte order mark and `;`
        dataset = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv", delimiter=";")
    else:
        dataset = tablib.Dataset().load(response.content, format="xlsx")
    assert len(dataset) == Organisation.objects.count()
    (row,) = (row for row in dataset.dict if row["slug"] == full_organisation.slug)
    assert row["naam"] == full_organisation.name and row["plaats"] == "Testdorp"


def _export_all(client, url, resource):
    """Post the export form with CSV and every column chosen."""
    response = client.get(url)
    fields = [name for name in response.context["form"].fields if name.startswith(f"{resource}_")]
    return client.post(url, {"format": 0, "resource": 0, **dict.fromkeys(fields, "on")})


def test_the_csv_export_opens_in_dutch_excel_and_comes_back(admin_client, full_organisation):
    """UTF-8 with a byte order mark and `;` between columns: Dutch Excel shows accents and columns right."""
    Organisation.objects.filter(pk=full_organisation.pk).update(name="Organisatie met één accent, en komma")
    response = _export_all(admin_client, reverse("admin:catalog_organisation_export"), "organisationresource")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf" + b"slug;naam;soort;")
    line = next(line for line in content.decode("utf-8-sig").splitlines() if full_organisation.slug in line)
    assert line.startswith(f"{full_organisation.slug};Organisatie met één accent, en komma;")
    assert '"https://example.org/regeling|2026-01-05; testdocument:12-20"' in line  # `;` in a cell: quoted

    upload = SimpleUploadedFile("organisaties.csv", content)
    response = admin_client.post(
        reverse("admin:catalog_organisation_import"), {"import_file": upload, "format": 0, "resource": 0}
    )
    assert "Accepteer de import" in text(response)  # Excel's own file reads back without errors


def test_dates_are_iso(full_organisation):
    dataset = OrganisationResource().export(queryset=Organisation.objects.filter(pk=full_organisation.pk))
    assert dataset["laatst_gecontroleerd"][0] == "2026-02-03"
    assert datetime.date.fromisoformat(dataset["laatst_gecontroleerd"][0]) == full_organisation.last_reviewed


@pytest.mark.parametrize("file_format", [XLSX, CSV])
@pytest.mark.parametrize(
    "description",
    [
        '=HYPERLINK("https://example.com","klik")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",  # a carriage return in front too: tests/common/test_spreadsheet.py (CSV reads it as \n)
    ],
)
def test_an_exported_text_never_runs_as_a_formula_and_comes_back_unchanged(
    admin_user, full_organisation, file_format, description
):
    organisation = full_organisation
    Organisation.objects.filter(pk=organisation.pk).update(description=description)
    data = file_format().export_data(OrganisationResource().export())
    dataset = tablib.Dataset().load(data, format=file_format().get_title())
    (row,) = (row for row in dataset.dict if row["slug"] == organisation.slug)
    assert row["omschrijving"] == "'" + description  # shown as text, not run
    assert row["naam"] == organisation.name  # an ordinary text is left alone

    Organisation.objects.filter(pk=organisation.pk).update(description="veranderd")
    result = OrganisationResource().import_data(dataset, user=admin_user)
    assert not result.has_errors() and not result.invalid_rows
    organisation.refresh_from_db()
    assert organisation.description == description


def test_the_export_page_speaks_dutch(client, provincial_admin):
    client.force_login(provincial_admin)
    shown = text(client.get(reverse("admin:catalog_instrument_export")))
    assert "Deze export bevat de volgende velden" in shown
    assert "Alles selecteren" in shown
    assert "This exporter" not in shown and "Select all" not in shown

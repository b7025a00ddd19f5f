"""Ambassadors in /beheer/: the same curation as the kennisbank (roles, workflow, history, import and export
with Dutch columns, review dashboard, reports)."""

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from catalog.curation import dashboard
from catalog.curation.resources import AmbassadorResource
from catalog.curation.roles import editable
from catalog.models import Ambassador, OutdatedReport, PublicationStatus, RecordKind
from tests.admin_forms import submit
from tests.factories import AmbassadorFactory, FactorFactory, OrganisationFactory, PracticeExampleFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

AMBASSADORS = "/beheer/catalog/ambassador/"


@pytest.fixture(autouse=True)
def _without_the_starting_ambassadors(db):
    Ambassador.objects.all().delete()


@pytest.fixture
def firm(region, source):
    record = OrganisationFactory(name="Eigen bedrijf", kind="bedrijf", regions=[region])
    record.sources.add(source)
    return record


@pytest.fixture
def ambassador(loket, region, source):
    """An ambassador whose firm is `loket`'s organisation (its editor edits it), in `region`."""
    record = AmbassadorFactory(
        name="Eigen ambassadeur",
        company="Eigen loket BV",
        organisation=loket,
        regions=[region],
        factors=[FactorFactory()],
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


@pytest.fixture
def other_ambassador(other_loket, other_region, source):
    record = AmbassadorFactory(
        name="Andere ambassadeur",
        organisation=other_loket,
        regions=[other_region],
        publication_status=PublicationStatus.CONCEPT,
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


def listed(response):
    return [row.th.get_text(strip=True) for row in page(response).select("#result_list tbody tr")]


def test_editors_edit_their_firms_ambassadors_curators_those_within_their_region(
    editor, curator, provincial_admin, firm, ambassador, other_ambassador
):
    unknown_region = AmbassadorFactory(organisation=firm)  # curated where the firm works
    nowhere = AmbassadorFactory()
    assert set(editable(editor, Ambassador.objects.all())) == {ambassador}
    assert set(editable(curator, Ambassador.objects.all())) == {ambassador, unknown_region}
    assert set(editable(provincial_admin, Ambassador.objects.all())) == {
        ambassador,
        other_ambassador,
        unknown_region,
        nowhere,
    }


def test_an_editor_of_another_organisation_neither_sees_nor_opens_a_draft(
    client, editor, other_editor, ambassador, other_ambassador
):
    client.force_login(editor)
    assert listed(client.get(AMBASSADORS)) == [ambassador.name]
    for path in ("change", "delete", "history"):
        assert client.get(f"{AMBASSADORS}{other_ambassador.pk}/{path}/").status_code == 403
    client.force_login(other_editor)
    assert listed(client.get(AMBASSADORS)) == [other_ambassador.name]


def test_an_editor_submits_for_review_and_the_curator_publishes_with_history(
    client, editor, curator, ambassador
):
    Ambassador.objects.filter(pk=ambassador.pk).update(publication_status="concept", last_reviewed=None)
    url = f"{AMBASSADORS}{ambassador.pk}/change/"
    client.force_login(editor)
    response = submit(client, url, publication_status="gepubliceerd")  # a forged value: refused
    assert "publication_status" in response.context["adminform"].form.errors
    assert submit(client, url, publication_status="ter-review", talks_about="Lean werken").status_code == 302
    client.force_login(curator)
    response = client.post(AMBASSADORS, {"action": "publish", "_selected_action": [ambassador.pk]})
    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert ambassador.publication_status == PublicationStatus.PUBLISHED
    assert ambassador.talks_about == "Lean werken"
    assert ambassador.history.latest().history_user == curator
    assert {row.region_id for row in ambassador.history.latest().regions.all()} == {
        r.pk for r in ambassador.regions.all()
    }
    assert editor.username in text(client.get(f"{AMBASSADORS}{ambassador.pk}/history/"))


def test_the_list_shows_and_filters_and_the_form_speaks_dutch(admin_client, ambassador, other_ambassador):
    html = page(admin_client.get(AMBASSADORS))
    headers = [th.get_text(" ", strip=True).lower() for th in html.select("#result_list thead th")]
    for column in ("naam", "bedrijf", "programma", "publicatiestatus", "verouderd"):
        assert any(column in header for header in headers), column
    assert "publicatiestatus" in html.find(id="changelist-filter").get_text()
    assert listed(admin_client.get(AMBASSADORS, {"publication_status__exact": "concept"})) == [
        other_ambassador.name
    ]
    assert listed(admin_client.get(AMBASSADORS, {"q": "Ander loket"})) == [other_ambassador.name]
    form = text(admin_client.get(f"{AMBASSADORS}{ambassador.pk}/change/"))
    for label in ("Functie", "Bedrijf", "Programma", "Waarover deze ondernemer wil praten", "Leeg: onbekend"):
        assert label in form
    assert "E-mail" not in form and "Telefoon" not in form  # the model has no personal contact fields


def test_the_menu_shows_ambassadors_to_editors(client, editor, ambassador):
    client.force_login(editor)
    assert AMBASSADORS in links(client.get("/beheer/"))


def test_export_has_dutch_columns_and_a_round_trip_changes_nothing(admin_user, ambassador):
    ambassador.programme_example = PracticeExampleFactory()
    ambassador.save()
    (row,) = AmbassadorResource().export(queryset=Ambassador.objects.filter(pk=ambassador.pk)).dict
    assert list(row)[:6] == ["slug", "naam", "functie", "bedrijf", "organisatie", "programma"]
    assert row["organisatie"] == ambassador.organisation.slug
    assert row["programma_praktijkvoorbeeld"] == ambassador.programme_example.slug
    for file_format in ("csv", "xlsx"):
        dataset = tablib.Dataset().load(AmbassadorResource().export().export(file_format), format=file_format)
        result = AmbassadorResource().import_data(dataset, dry_run=True, user=admin_user)
        assert not result.has_errors() and not result.has_validation_errors()
        assert result.totals["skip"] == len(dataset)


def test_an_unknown_organisation_in_an_import_is_explained(admin_user, ambassador):
    dataset = AmbassadorResource().export(queryset=Ambassador.objects.filter(pk=ambassador.pk))
    dataset = tablib.Dataset(headers=dataset.headers)
    row = AmbassadorResource().export(queryset=Ambassador.objects.filter(pk=ambassador.pk)).dict[0]
    row["organisatie"] = "bestaat-niet"
    dataset.append([row[h] for h in dataset.headers])
    result = AmbassadorResource().import_data(dataset, dry_run=True, user=admin_user)
    assert result.has_validation_errors() or result.has_errors()
    message = str(result.invalid_rows[0].error_dict if result.invalid_rows else result.row_errors())
    assert "bestaat-niet" in message
    assert Ambassador.objects.get(pk=ambassador.pk).organisation == ambassador.organisation


def test_import_is_for_provincial_administrators_only(client, editor, provincial_admin):
    client.force_login(editor)
    assert client.get(reverse("admin:catalog_ambassador_import")).status_code == 403
    client.force_login(provincial_admin)
    assert client.get(reverse("admin:catalog_ambassador_import")).status_code == 200


def test_the_dashboard_and_reports_reach_the_editor(editor, loket, ambassador):
    Ambassador.objects.filter(pk=ambassador.pk).update(last_reviewed=None)
    OutdatedReport.objects.create(
        record_kind=RecordKind.AMBASSADOR, record_slug=ambassador.slug, message="Is geen ambassadeur meer"
    )
    groups = dashboard.review_items(editor)
    assert ambassador.name in [item.name for item in groups["never"]]
    assert [item.name for item in groups["reports"]] == [ambassador.name]


def test_visitors_can_report_an_outdated_ambassador(client, ambassador):
    url = reverse("catalog:report_outdated", args=["ambassadeur", ambassador.slug])
    assert url in links(page(client.get(ambassador.get_absolute_url())))
    assert client.get(url).status_code == 200

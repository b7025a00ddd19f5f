"""The curation pages beside the model admins: the preview of a draft and the review dashboard."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from catalog.curation import dashboard
from catalog.models import LinkCheck
from catalog.models import PublicationStatus as Status
from tests.factories import ChecklistFactory, InstrumentFactory, OrganisationFactory, PracticeExampleFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db


# --- Preview: editors see a draft as it will look; the public URL stays 404 until it is published ---------

BANNER = "Voorbeeld — nog niet gepubliceerd"


@pytest.fixture
def draft(instrument):
    type(instrument).objects.filter(pk=instrument.pk).update(
        publication_status=Status.CONCEPT, status_note="Nog geheim"
    )
    return instrument


def test_editor_previews_their_draft_with_a_banner(client, editor, draft, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(30):
        response = client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/")
    assert response.status_code == 200
    banner = text(page(response).find(class_="routekaart-preview-banner"))
    assert BANNER in banner and "Status: Concept" in banner
    assert "Nog geheim" in text(response)
    assert links(response)[f"/beheer/catalog/instrument/{draft.pk}/change/"] == "Terug naar het beheer"
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]
    assert (
        client.get(f"/instrumenten/{draft.slug}/").status_code == 404
    )  # still not public, not even for them


def test_the_change_page_links_to_the_preview(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/beheer/catalog/instrument/{draft.pk}/change/")
    assert links(response)[f"/beheer/voorbeeld/instrument/{draft.pk}/"] == "Bekijk als voorbeeld"


def test_others_cannot_preview(client, other_editor, draft):
    assert client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/").status_code == 302  # to the login
    client.force_login(other_editor)
    assert client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/").status_code == 404
    assert client.get("/beheer/voorbeeld/gebruiker/1/").status_code == 404


@pytest.mark.parametrize(
    ("factory", "public"),
    [
        (OrganisationFactory, "organisaties"),
        (PracticeExampleFactory, "praktijkvoorbeelden"),
        (ChecklistFactory, "checklists"),
    ],
)
def test_every_kind_of_page_can_be_previewed(client, admin_client, factory, public):
    record = factory(publication_status=Status.REVIEW)
    name = record._meta.model_name
    response = admin_client.get(f"/beheer/voorbeeld/{name}/{record.pk}/")
    assert response.status_code == 200
    assert "Status: Ter review" in text(page(response).find(class_="routekaart-preview-banner"))
    assert client.get(f"/{public}/{record.slug}/").status_code == 404


# --- The review dashboard: each editor sees what needs attention among the records they may edit -----------

URL = "/beheer/te-controleren/"


def test_the_dashboard_links_every_record_that_needs_attention_and_nothing_else(client, needs_attention):
    records = needs_attention
    client.force_login(records.user)
    response = client.get(URL)
    assert response.status_code == 200
    on_page = links(response)
    for record in (records.stale, records.never, records.expired, records.reported):
        assert on_page[reverse("admin:catalog_instrument_change", args=[record.pk])] == record.name
    assert on_page[reverse("admin:catalog_organisation_change", args=[records.own.pk])] == records.own.name
    for record in (records.archived, records.elsewhere):
        assert reverse("admin:catalog_instrument_change", args=[record.pk]) not in on_page
        assert record.name not in text(response)
    assert "Per organisatie" not in text(response)  # the summary is for provincial administrators


def summary(response):
    """{organisation: [count per group]} from the table "Per organisatie"."""
    caption = page(response).find("caption", string=lambda s: s and s.startswith("Per organisatie"))
    assert caption is not None, "no summary on the page"
    return {
        row.th.get_text(strip=True): [int(cell.get_text()) for cell in row.find_all("td")]
        for row in caption.find_parent("table").select("tbody tr")
    }


def test_provincial_admin_sees_everything_and_a_summary_per_organisation(admin_client):
    organisation = OrganisationFactory(name="Lang niet nagekeken", last_reviewed=datetime.date(2001, 1, 1))
    InstrumentFactory(provider=organisation, last_reviewed=None)
    response = admin_client.get(URL)
    # review, stale, never, broken, reports, expired: the organisation is stale, its instrument never checked
    assert summary(response)[organisation.name] == [0, 1, 1, 0, 0, 0]
    never = page(response).find(id="groep-never")
    assert never is not None and never.caption.get_text().startswith("Nooit gecontroleerd")


def test_a_long_group_shows_the_longest_unchecked_first_and_links_to_the_rest(admin_client, monkeypatch):
    monkeypatch.setattr(dashboard, "SHOWN", 3)
    oldest, *others = (
        InstrumentFactory(name=f"Oud instrument {year}", last_reviewed=datetime.date(year, 1, 1))
        for year in (1901, 1902, 1903, 1904)
    )
    stale = page(admin_client.get(URL)).find(id="groep-stale")
    rows = stale.select("tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == [oldest.name, others[0].name, others[1].name]
    assert "Hier staan de eerste 3 van" in text(stale)
    assert stale.find("a", href=f"{reverse('admin:catalog_instrument_changelist')}?verouderd=ja")


def test_empty_scope_says_there_is_nothing_to_do(client, make_user, instrument):
    client.force_login(make_user("zonder-rol"))
    assert "Er is nu niets te controleren." in text(client.get(URL))


def test_dashboard_needs_staff_login(client, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("bezoeker", password="x" * 14))
    assert client.get(URL).status_code == 302


def test_admin_index_links_to_the_dashboard(admin_client):
    assert links(admin_client.get("/beheer/"))[URL] == "Te controleren"


def test_query_count_does_not_grow_with_the_data(admin_client, django_assert_max_num_queries):
    # a read per reviewed model, two for the questions, one for the changes waiting for review
    with django_assert_max_num_queries(16) as before:
        admin_client.get(URL)
    for _ in range(20):
        organisation = OrganisationFactory(last_reviewed=None)
        LinkCheck.objects.create(
            content_type=ContentType.objects.get_for_model(organisation),
            object_id=organisation.pk,
            url="https://example.org/weg",
            checked_at=timezone.now(),
            status_code=404,
            ok=False,
        )
        InstrumentFactory(provider=organisation, last_reviewed=datetime.date(2019, 1, 1))
    with django_assert_max_num_queries(len(before.captured_queries)):
        admin_client.get(URL)

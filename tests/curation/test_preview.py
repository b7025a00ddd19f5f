"""Editors preview a draft as it will look; the public URL stays 404 until it is published."""

import pytest

from catalog.models import Checklist, Instrument, Organisation, PracticeExample

pytestmark = pytest.mark.django_db

BANNER = "Voorbeeld — nog niet gepubliceerd"


@pytest.fixture
def draft():
    record = Instrument.objects.get(slug="events-novel-t")
    Instrument.objects.filter(pk=record.pk).update(publication_status="concept", status_note="Nog geheim")
    return record


def test_editor_previews_their_draft_with_a_banner(
    client, twente_editor, draft, django_assert_max_num_queries
):
    client.force_login(twente_editor)
    with django_assert_max_num_queries(30):
        response = client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html and "Status: Concept" in html
    assert "Nog geheim" in html
    assert f'href="/beheer/catalog/instrument/{draft.pk}/change/"' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]
    assert (
        client.get(f"/instrumenten/{draft.slug}/").status_code == 404
    )  # still not public, not even for them


def test_the_change_page_links_to_the_preview(client, twente_editor, draft):
    client.force_login(twente_editor)
    html = client.get(f"/beheer/catalog/instrument/{draft.pk}/change/").content.decode()
    assert f'href="/beheer/voorbeeld/instrument/{draft.pk}/"' in html
    assert "Bekijk als voorbeeld" in html


def test_others_cannot_preview(client, zwolle_editor, draft):
    assert client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/").status_code == 302  # to the login
    client.force_login(zwolle_editor)
    assert client.get(f"/beheer/voorbeeld/instrument/{draft.pk}/").status_code == 404
    assert client.get("/beheer/voorbeeld/gebruiker/1/").status_code == 404


@pytest.mark.parametrize("model", [Organisation, PracticeExample, Checklist])
def test_every_kind_of_page_can_be_previewed(client, admin_client, model):
    record = model.objects.first()
    model.objects.filter(pk=record.pk).update(publication_status="ter-review")
    name = model._meta.model_name
    response = admin_client.get(f"/beheer/voorbeeld/{name}/{record.pk}/")
    assert response.status_code == 200
    assert "Status: Ter review" in response.content.decode()
    public = {
        "organisation": "organisaties",
        "practiceexample": "praktijkvoorbeelden",
        "checklist": "checklists",
    }
    assert client.get(f"/{public[name]}/{record.slug}/").status_code == 404

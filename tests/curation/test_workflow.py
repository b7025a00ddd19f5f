"""concept → ter review → gepubliceerd → gearchiveerd: who may move a record where; what the public sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.curation import workflow
from catalog.models import Instrument
from catalog.models import PublicationStatus as Status

from .conftest import form_data, submit

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"


def novel_t_instrument(status, **fields):
    record = Instrument.objects.get(slug="events-novel-t")
    Instrument.objects.filter(pk=record.pk).update(publication_status=status, **fields)
    record.refresh_from_db()
    return record


@pytest.mark.parametrize(
    ("status", "editor", "curator"),
    [
        (Status.CONCEPT, {Status.REVIEW}, {Status.REVIEW, Status.PUBLISHED}),
        (Status.REVIEW, {Status.CONCEPT}, {Status.CONCEPT, Status.PUBLISHED}),
        (Status.PUBLISHED, set(), {Status.ARCHIVED}),
        (Status.ARCHIVED, set(), {Status.CONCEPT}),
    ],
)
def test_allowed_transitions_per_role(
    status, editor, curator, twente_editor, twente_curator, provincial_admin
):
    record = novel_t_instrument(status)
    assert workflow.allowed_transitions(twente_editor, record) == editor
    assert workflow.allowed_transitions(twente_curator, record) == curator
    assert workflow.allowed_transitions(provincial_admin, record) == curator


def test_no_transitions_outside_ones_scope(zwolle_editor, make_user):
    record = novel_t_instrument(Status.CONCEPT)
    assert workflow.allowed_transitions(zwolle_editor, record) == set()
    from catalog.curation.roles import REGIONAL_CURATOR

    zwolle_curator = make_user("curator-zwolle", REGIONAL_CURATOR, regions=["regio-zwolle"])
    assert workflow.allowed_transitions(zwolle_curator, record) == set()


def test_new_records_start_as_concept_or_in_review_for_editors(twente_editor, twente_curator):
    new = Instrument()
    assert workflow.allowed_transitions(twente_editor, new) == {Status.CONCEPT, Status.REVIEW}
    assert Status.PUBLISHED in workflow.allowed_transitions(twente_curator, new)


def test_forbidden_step_raises_a_clear_message(twente_editor):
    record = novel_t_instrument(Status.REVIEW)
    with pytest.raises(ValidationError) as error:
        workflow.transition(twente_editor, record, Status.PUBLISHED)
    assert "U mag de status niet van ‘Ter review’ naar ‘Gepubliceerd’ zetten" in error.value.messages[0]
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW


def test_publishing_sets_last_reviewed_when_empty_and_keeps_it_otherwise(twente_curator):
    record = novel_t_instrument(Status.REVIEW, last_reviewed=None)
    workflow.transition(twente_curator, record, Status.PUBLISHED)
    record.refresh_from_db()
    assert record.last_reviewed == datetime.date.today()
    earlier = datetime.date(2024, 1, 31)
    record = novel_t_instrument(Status.REVIEW, last_reviewed=earlier)
    workflow.transition(twente_curator, record, Status.PUBLISHED)
    record.refresh_from_db()
    assert record.last_reviewed == earlier


def test_the_admin_form_offers_only_allowed_statuses_and_refuses_others(client, twente_editor):
    record = novel_t_instrument(Status.CONCEPT)
    client.force_login(twente_editor)
    url = f"{INSTRUMENTS}{record.pk}/change/"
    page = client.get(url)
    choices = [value for value, _ in page.context["adminform"].form.fields["publication_status"].choices]
    assert choices == [Status.CONCEPT, Status.REVIEW]
    # A forged value: refused with a message, and what the editor typed is still in the form.
    response = client.post(
        url, form_data(page.content.decode(), publication_status="gepubliceerd", status_note="Nieuwe tekst")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "publication_status" in form.errors
    assert "Nieuwe tekst" in response.content.decode()
    record.refresh_from_db()
    assert record.publication_status == Status.CONCEPT and record.status_note != "Nieuwe tekst"
    # Submitting for review through the form works.
    assert submit(client, url, publication_status="ter-review").status_code == 302
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW


def test_admin_actions_submit_publish_and_archive(client, twente_editor, twente_curator):
    record = novel_t_instrument(Status.CONCEPT)
    client.force_login(twente_editor)
    response = client.post(
        INSTRUMENTS, {"action": "submit_for_review", "_selected_action": [record.pk]}, follow=True
    )
    assert "1 gegeven staat nu op ‘Ter review’" in response.content.decode()
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW
    # An editor cannot publish, not even by posting the action by hand.
    response = client.post(INSTRUMENTS, {"action": "publish", "_selected_action": [record.pk]}, follow=True)
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW

    client.force_login(twente_curator)
    client.post(INSTRUMENTS, {"action": "publish", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.publication_status == Status.PUBLISHED
    # Archiving a concept is not a step in the workflow: the curator is told, nothing changes.
    concept = novel_t_instrument(Status.CONCEPT)
    response = client.post(INSTRUMENTS, {"action": "archive", "_selected_action": [concept.pk]}, follow=True)
    assert "Niet veranderd" in response.content.decode()
    concept.refresh_from_db()
    assert concept.publication_status == Status.CONCEPT


@pytest.mark.parametrize("status", [Status.CONCEPT, Status.REVIEW])
def test_the_public_site_shows_only_published_records(client, status):
    record = novel_t_instrument(status)
    assert client.get(f"/instrumenten/{record.slug}/").status_code == 404
    assert client.get("/organisaties/novel-t/").status_code == 200
    assert f"/instrumenten/{record.slug}/" not in client.get("/organisaties/novel-t/").content.decode()
    novel_t_instrument(Status.PUBLISHED)
    assert client.get(f"/instrumenten/{record.slug}/").status_code == 200
    assert f"/instrumenten/{record.slug}/" in client.get("/organisaties/novel-t/").content.decode()

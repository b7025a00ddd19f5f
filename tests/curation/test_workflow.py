"""concept → ter review → gepubliceerd → gearchiveerd: who may move a record where; what the public sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.curation import workflow
from catalog.curation.roles import REGIONAL_CURATOR
from catalog.models import Instrument
from catalog.models import PublicationStatus as Status
from tests.admin_forms import admin_form_data, submit
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"


def with_status(record, status, **fields):
    """`record` with `status` (and `fields`) stored directly, as if an earlier step had put it there."""
    Instrument.objects.filter(pk=record.pk).update(publication_status=status, **fields)
    record.refresh_from_db()
    return record


@pytest.mark.parametrize(
    ("status", "editor_moves", "publisher_moves"),
    [
        (Status.CONCEPT, {Status.REVIEW}, {Status.REVIEW, Status.PUBLISHED}),
        (Status.REVIEW, {Status.CONCEPT}, {Status.CONCEPT, Status.PUBLISHED}),
        (Status.PUBLISHED, set(), {Status.ARCHIVED}),
        (Status.ARCHIVED, set(), {Status.CONCEPT}),
    ],
)
def test_allowed_transitions_per_role(
    status, editor_moves, publisher_moves, editor, curator, provincial_admin, instrument
):
    record = with_status(instrument, status)
    assert workflow.allowed_transitions(editor, record) == editor_moves
    assert workflow.allowed_transitions(curator, record) == publisher_moves
    assert workflow.allowed_transitions(provincial_admin, record) == publisher_moves


def test_no_transitions_outside_ones_scope(other_editor, make_user, other_region, instrument):
    record = with_status(instrument, Status.CONCEPT)
    assert workflow.allowed_transitions(other_editor, record) == set()
    other_curator = make_user("curator-ander", REGIONAL_CURATOR, regions=[other_region])
    assert workflow.allowed_transitions(other_curator, record) == set()


def test_new_records_start_as_concept_or_in_review_for_editors(editor, curator):
    new = Instrument()
    assert workflow.allowed_transitions(editor, new) == {Status.CONCEPT, Status.REVIEW}
    assert workflow.allowed_transitions(curator, new) == {Status.CONCEPT, Status.REVIEW, Status.PUBLISHED}


def test_forbidden_step_raises_a_clear_message(editor, instrument):
    record = with_status(instrument, Status.REVIEW)
    with pytest.raises(ValidationError) as error:
        workflow.transition(editor, record, Status.PUBLISHED)
    assert "U mag de status niet van ‘Ter review’ naar ‘Gepubliceerd’ zetten" in error.value.messages[0]
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW


def test_publishing_sets_last_reviewed_when_empty_and_keeps_it_otherwise(curator, instrument):
    record = with_status(instrument, Status.REVIEW, last_reviewed=None)
    workflow.transition(curator, record, Status.PUBLISHED)
    record.refresh_from_db()
    assert record.last_reviewed == datetime.date.today()
    earlier = datetime.date(2024, 1, 31)
    record = with_status(instrument, Status.REVIEW, last_reviewed=earlier)
    workflow.transition(curator, record, Status.PUBLISHED)
    record.refresh_from_db()
    assert record.last_reviewed == earlier


def test_changing_a_published_record_is_no_review(client, curator, instrument):
    record = with_status(instrument, Status.PUBLISHED, last_reviewed=None)
    client.force_login(curator)
    response = submit(client, f"{INSTRUMENTS}{record.pk}/change/", status_note="Nieuwe ronde in 2027")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status_note == "Nieuwe ronde in 2027"
    assert record.last_reviewed is None  # still "nooit gecontroleerd" on the review dashboard


def test_the_admin_form_offers_only_allowed_statuses_and_refuses_others(client, editor, instrument):
    record = with_status(instrument, Status.CONCEPT)
    client.force_login(editor)
    url = f"{INSTRUMENTS}{record.pk}/change/"
    response = client.get(url)
    offered = [option["value"] for option in page(response).select("select[name=publication_status] option")]
    assert offered == [Status.CONCEPT, Status.REVIEW]
    # A forged value: refused with a message, and what the editor typed is still in the form.
    response = client.post(
        url, admin_form_data(response, publication_status="gepubliceerd", status_note="Nieuwe tekst")
    )
    assert response.status_code == 200
    assert "publication_status" in response.context["adminform"].form.errors
    assert admin_form_data(response)["status_note"] == ["Nieuwe tekst"]
    record.refresh_from_db()
    assert record.publication_status == Status.CONCEPT and record.status_note != "Nieuwe tekst"
    # Submitting for review through the form works.
    assert submit(client, url, publication_status="ter-review").status_code == 302
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW


def test_admin_actions_submit_publish_and_archive(client, editor, curator, instrument):
    record = with_status(instrument, Status.CONCEPT)
    client.force_login(editor)
    response = client.post(
        INSTRUMENTS, {"action": "submit_for_review", "_selected_action": [record.pk]}, follow=True
    )
    assert "1 gegeven staat nu op ‘Ter review’" in text(response)
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW
    # An editor cannot publish, not even by posting the action by hand.
    client.post(INSTRUMENTS, {"action": "publish", "_selected_action": [record.pk]}, follow=True)
    record.refresh_from_db()
    assert record.publication_status == Status.REVIEW

    client.force_login(curator)
    client.post(INSTRUMENTS, {"action": "publish", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.publication_status == Status.PUBLISHED
    # Archiving a concept is not a step in the workflow: the curator is told, nothing changes.
    concept = with_status(instrument, Status.CONCEPT)
    response = client.post(INSTRUMENTS, {"action": "archive", "_selected_action": [concept.pk]}, follow=True)
    assert f"Niet veranderd, want deze stap mag hier niet: {concept.name}." in text(response)
    concept.refresh_from_db()
    assert concept.publication_status == Status.CONCEPT


@pytest.mark.parametrize("status", [Status.CONCEPT, Status.REVIEW])
def test_the_public_site_shows_only_published_records(client, status, loket, instrument):
    record = with_status(instrument, status)
    organisation_page = f"/organisaties/{loket.slug}/"
    assert client.get(f"/instrumenten/{record.slug}/").status_code == 404
    response = client.get(organisation_page)
    assert response.status_code == 200
    assert f"/instrumenten/{record.slug}/" not in links(response)
    with_status(instrument, Status.PUBLISHED)
    assert client.get(f"/instrumenten/{record.slug}/").status_code == 200
    assert f"/instrumenten/{record.slug}/" in links(client.get(organisation_page))

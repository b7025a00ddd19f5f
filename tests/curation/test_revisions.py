"""Four eyes: an editor's change to a published record waits for a curator (catalog/curation/revisions.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import reset_queries
from django.urls import reverse

from catalog.curation import revisions
from catalog.curation.roles import REGIONAL_CURATOR
from catalog.models import Instrument, PendingRevision, RevisionState
from catalog.models import PublicationStatus as Status
from tests.admin_forms import admin_form_data, submit
from tests.factories import FactorFactory, InstrumentFactory, RegionFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"
REVISIONS = "/beheer/catalog/pendingrevision/"


def public_page(client, record):
    client.logout()
    return text(client.get(reverse("catalog:instrument_detail", args=[record.slug])))


def propose(client, editor, record, **changes):
    client.force_login(editor)
    return submit(client, f"/beheer/catalog/{record._meta.model_name}/{record.pk}/change/", **changes)


def decide(client, user, revision, decision, note=""):
    client.force_login(user)
    return client.post(reverse("admin_revision", args=[revision.pk]), {"decision": decision, "note": note})


def test_an_editors_change_waits_and_goes_live_when_a_curator_approves(client, editor, curator, instrument):
    old_name = instrument.name
    response = propose(client, editor, instrument, name="Nieuwe naam van de regeling")
    revision = PendingRevision.objects.get(object_id=instrument.pk, author=editor)
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin_revision", args=[revision.pk]
    )
    assert revision.state == RevisionState.PENDING and revision.proposed == {
        "name": "Nieuwe naam van de regeling"
    }
    instrument.refresh_from_db()
    assert instrument.name == old_name
    assert old_name in public_page(client, instrument)
    assert "Nieuwe naam van de regeling" not in public_page(client, instrument)

    client.force_login(curator)
    diff_page = client.get(reverse("admin_revision", args=[revision.pk]))
    row = page(diff_page).select_one(".revision-diff tbody tr")
    assert [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])] == [
        "Naam",
        old_name,
        "Nieuwe naam van de regeling",
    ]
    versions_before = instrument.history.count()
    response = decide(client, curator, revision, "approve")
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == "Nieuwe naam van de regeling"
    assert "Nieuwe naam van de regeling" in public_page(client, instrument)
    latest = instrument.history.order_by("-history_date", "-history_id").first()
    assert instrument.history.count() == versions_before + 1
    assert latest.history_user == curator
    assert latest.history_change_reason == "Wijziging van redacteur goedgekeurd"
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED and revision.decided_by == curator


def test_a_rejected_change_keeps_the_published_version_and_the_editor_reads_why(
    client, editor, curator, instrument
):
    old_name = instrument.name
    propose(client, editor, instrument, name="Verkeerde naam")
    revision = PendingRevision.objects.get(object_id=instrument.pk)
    assert decide(client, curator, revision, "reject").status_code == 200  # a note is required
    assert decide(client, curator, revision, "reject", "De bron noemt de oude naam.").status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == old_name
    client.force_login(editor)
    listing = text(client.get(REVISIONS))
    assert "afgewezen" in listing and "De bron noemt de oude naam." in listing
    # Decided once: no second decision.
    assert decide(client, curator, revision, "approve").status_code == 403


def test_a_second_change_waits_until_the_first_is_decided(client, editor, curator, instrument):
    propose(client, editor, instrument, name="Eerste voorstel")
    response = propose(client, editor, instrument, name="Tweede voorstel")
    assert response.status_code == 200
    assert "Er wacht al een wijziging van dit gegeven op controle" in text(response)
    assert PendingRevision.objects.filter(object_id=instrument.pk).count() == 1
    decide(client, curator, PendingRevision.objects.get(), "reject", "Nee")
    assert propose(client, editor, instrument, name="Tweede voorstel").status_code == 302
    assert PendingRevision.objects.filter(state=RevisionState.PENDING).get().proposed == {
        "name": "Tweede voorstel"
    }


def test_a_curator_or_provincial_admin_edit_goes_live_at_once(client, curator, provincial_admin, instrument):
    assert propose(client, curator, instrument, name="Door de curator").status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == "Door de curator"
    assert propose(client, provincial_admin, instrument, name="Door de provincie").status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == "Door de provincie"
    assert not PendingRevision.objects.exists()


def test_concepts_keep_todays_workflow(client, editor, instrument):
    Instrument.objects.filter(pk=instrument.pk).update(publication_status=Status.CONCEPT)
    assert propose(client, editor, instrument, name="Concept meteen gewijzigd").status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == "Concept meteen gewijzigd"
    assert not PendingRevision.objects.exists()


def test_another_regions_curator_and_another_editor_are_refused(
    client, editor, other_editor, make_user, other_region, instrument
):
    propose(client, editor, instrument, name="Voorstel")
    revision = PendingRevision.objects.get()
    url = reverse("admin_revision", args=[revision.pk])
    other_curator = make_user("curator-ander", REGIONAL_CURATOR, regions=[other_region])
    for user in (other_curator, other_editor):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert decide(client, user, revision, "approve").status_code == 403
        assert client.get(f"{REVISIONS}{revision.pk}/change/", follow=True).status_code == 403
        assert "Voorstel" not in text(client.get(REVISIONS))
    with pytest.raises(PermissionDenied):
        revisions.approve(other_curator, revision.pk)
    # The author sees it, but cannot approve their own change.
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert decide(client, editor, revision, "approve").status_code == 403
    revision.refresh_from_db()
    instrument.refresh_from_db()
    assert revision.state == RevisionState.PENDING and instrument.name != "Voorstel"


def test_many_to_many_changes_wait_and_apply(client, editor, curator, region, instrument):
    extra = RegionFactory(name="Nieuwe regio", parents=[region])
    client.force_login(editor)
    url = f"{INSTRUMENTS}{instrument.pk}/change/"
    data = admin_form_data(client.get(url))
    data["regions"] = [*data["regions"], str(extra.pk)]
    assert client.post(url, data).status_code == 302
    assert list(instrument.regions.all()) == [region]
    assert "Nieuwe regio" not in public_page(client, instrument)
    revision = PendingRevision.objects.get()
    assert revision.proposed == {"regions": sorted([region.pk, extra.pk])}
    client.force_login(curator)
    diff_row = text(
        page(client.get(reverse("admin_revision", args=[revision.pk]))).select_one(".revision-diff tbody")
    )
    assert diff_row == "Voor bedrijven in Eigen regio Eigen regio, Nieuwe regio"
    decide(client, curator, revision, "approve")
    assert set(instrument.regions.all()) == {region, extra}
    latest = instrument.history.order_by("-history_date", "-history_id").first()
    assert {row.region_id for row in latest.regions.all()} == {region.pk, extra.pk}


def test_the_editor_form_says_the_change_will_wait(client, editor, instrument):
    client.force_login(editor)
    response = client.get(f"{INSTRUMENTS}{instrument.pk}/change/")
    assert "Uw wijziging gaat eerst naar een curator" in text(response)


# --- The review dashboard: what waits for review comes first ------------------------------------------------


DASHBOARD = "/beheer/te-controleren/"


def test_the_dashboard_starts_with_what_waits_for_the_curators_review(
    client, editor, other_editor, curator, instrument, other_instrument, loket
):
    Instrument.objects.filter(pk=other_instrument.pk).update(publication_status=Status.REVIEW)  # not theirs
    Instrument.objects.filter(pk=instrument.pk).update(publication_status=Status.REVIEW)
    loket_admin_name = loket.name
    propose(client, editor, loket, name="Eigen loket, nieuwe naam")
    propose(client, other_editor, other_instrument.provider, name="Ander loket, nieuwe naam")
    client.force_login(curator)
    html = page(client.get(DASHBOARD))
    section = html.select_one("#content-main > *")
    assert section.get("id") == "ter-review"
    assert [" ".join(li.get_text(" ").split()) for li in section.select(".review-counts li")] == [
        "Instrument: 1 ter review",
        "Organisatie: 1 wijziging wacht op goedkeuring",
    ]
    assert [row.th.get_text(strip=True) for row in section.select("#groep-review tbody tr")] == [
        instrument.name
    ]
    waiting = [
        row.th.get_text(strip=True) for row in section.select("table:not(#groep-review table) tbody tr")
    ]
    assert waiting == [loket_admin_name]  # not the change to the other region's loket


def test_an_editor_has_no_review_section(client, editor, instrument):
    Instrument.objects.filter(pk=instrument.pk).update(publication_status=Status.REVIEW)
    client.force_login(editor)
    assert page(client.get(DASHBOARD)).find(id="ter-review") is None


def test_the_dashboards_queries_do_not_grow_with_waiting_changes(
    client, make_user, curator, region, loket, django_assert_max_num_queries
):
    editor = make_user("redacteur-veel", "Loketredacteur", organisations=[loket])
    client.force_login(curator)
    InstrumentFactory(provider=loket, regions=[region], publication_status=Status.REVIEW)
    factor = FactorFactory()
    record = InstrumentFactory(provider=loket, regions=[region], factors=[factor])
    response = propose(client, editor, record, name="Een wijziging")
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.force_login(curator)
    reset_queries()  # the connection keeps the last 9,000 queries: count from an empty log
    with django_assert_max_num_queries(40) as before:
        first = client.get(DASHBOARD)
    counted = len(before.captured_queries)  # read now: the log is emptied again below
    assert first.status_code == 200
    for number in range(10):
        InstrumentFactory(provider=loket, regions=[region], publication_status=Status.REVIEW)
        record = InstrumentFactory(provider=loket, regions=[region], factors=[factor])
        propose(client, editor, record, name=f"Wijziging {number}")
    client.force_login(curator)
    reset_queries()
    with django_assert_max_num_queries(counted):
        response = client.get(DASHBOARD)
    assert "11 wijzigingen wachten op goedkeuring" in text(page(response).find(id="ter-review")), text(
        page(response).find(id="ter-review")
    )[:300]


def test_saving_without_a_change_stores_nothing(client, editor, instrument):
    response = propose(client, editor, instrument)
    assert response.status_code == 302
    assert not PendingRevision.objects.exists()


def test_an_editors_revert_of_a_published_record_waits_too(client, editor, curator, instrument):
    version = instrument.history.latest()
    client.force_login(curator)
    submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", status_note="Nieuwe toelichting")
    client.force_login(editor)
    url = f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/"
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    instrument.refresh_from_db()
    assert instrument.status_note == "Nieuwe toelichting"
    assert PendingRevision.objects.get().proposed == {"status_note": version.status_note}


def test_a_change_made_on_the_website_after_submitting_is_not_overwritten_unseen(
    client, editor, curator, instrument
):
    """A curator's own edit goes live while an editor's proposal waits: approving the proposal afterwards
    would silently undo it, so the diff says what changed since and approving asks for a confirmation."""
    old_name = instrument.name
    propose(client, editor, instrument, name="Voorstel van de redacteur", website="https://voorstel.example/")
    revision = PendingRevision.objects.get()
    assert revision.base == {"name": old_name, "website": instrument.website}
    propose(client, curator, instrument, name="Later door de curator")  # live at once
    instrument.refresh_from_db()
    assert instrument.name == "Later door de curator"

    client.force_login(curator)
    diff_page = page(client.get(reverse("admin_revision", args=[revision.pk])))
    rows = {
        row.th.get_text(strip=True): " ".join(row.find_all("td")[0].get_text(" ").split())
        for row in diff_page.select(".revision-diff tbody tr")
    }
    assert rows["Naam"] == f"Later door de curator Gewijzigd na het indienen. Toen stond er: {old_name}"
    assert "Gewijzigd na het indienen" not in rows["Website"]  # the other field did not change since
    assert "Na het indienen is dit op de website gewijzigd: Naam." in text(diff_page)
    assert diff_page.find("input", attrs={"name": "overwrite", "type": "checkbox"})

    response = decide(client, curator, revision, "approve", "Akkoord")
    assert response.status_code == 200
    assert "vink aan dat goedkeuren die latere wijziging overschrijft" in text(response)
    assert page(response).find("textarea", attrs={"name": "note"}).get_text() == "Akkoord"  # kept
    instrument.refresh_from_db()
    assert instrument.name == "Later door de curator"
    assert PendingRevision.objects.get().state == RevisionState.PENDING

    client.post(
        reverse("admin_revision", args=[revision.pk]), {"decision": "approve", "note": "", "overwrite": "on"}
    )
    instrument.refresh_from_db()
    assert instrument.name == "Voorstel van de redacteur"
    assert PendingRevision.objects.get().state == RevisionState.APPROVED


def test_without_a_later_change_approving_asks_no_confirmation(client, editor, curator, instrument):
    propose(client, editor, instrument, name="Voorstel")
    revision = PendingRevision.objects.get()
    client.force_login(curator)
    diff_page = page(client.get(reverse("admin_revision", args=[revision.pk])))
    assert not diff_page.find(attrs={"name": "overwrite"})
    with pytest.raises(ValidationError, match="op de website gewijzigd"):
        Instrument.objects.filter(pk=instrument.pk).update(name="Buiten het formulier om")
        revisions.approve(curator, revision.pk)
    Instrument.objects.filter(pk=instrument.pk).update(name=revision.base["name"])
    revisions.approve(curator, revision.pk)
    instrument.refresh_from_db()
    assert instrument.name == "Voorstel"


def test_the_curator_is_told_a_change_waits_and_the_editor_how_it_was_decided(
    client, editor, curator, provincial_admin, instrument, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose(client, editor, instrument, name="Voorstel voor de curator")
    revision = PendingRevision.objects.get()
    link = f"http://testserver/beheer/wijzigingen/{revision.pk}/"
    [waiting] = mailoutbox
    assert waiting.to == [curator.email]  # the curator of its region; not every provincial administrator
    assert waiting.subject == f"Wijziging ter controle: {instrument.name}"
    assert "redacteur stelt een wijziging voor" in waiting.body and link in waiting.body

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, curator, revision, "reject", "De naam komt niet uit de bron.")
    decided = mailoutbox[-1]
    assert decided.to == [editor.email]
    assert decided.subject == f"Uw wijziging van {instrument.name} is afgewezen"
    assert "Toelichting: De naam komt niet uit de bron." in decided.body and link in decided.body

    with django_capture_on_commit_callbacks(execute=True):
        propose(client, editor, instrument, name="Tweede voorstel")
        decide(client, curator, PendingRevision.objects.get(state=RevisionState.PENDING), "approve")
    assert mailoutbox[-1].subject == f"Uw wijziging van {instrument.name} is goedgekeurd"


def test_without_a_curator_for_its_regions_the_provincial_administrators_are_told(
    client, editor, provincial_admin, instrument, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose(client, editor, instrument, name="Voorstel zonder curator")
    assert [mail.to for mail in mailoutbox] == [[provincial_admin.email]]


def test_a_failing_mail_server_keeps_the_change_waiting(
    client,
    editor,
    curator,
    instrument,
    monkeypatch,
    mail_server_down,
    caplog,
    django_capture_on_commit_callbacks,
):
    mail_server_down(revisions)
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, editor, instrument, name="Voorstel bij een kapotte mailserver")
    assert response.status_code == 302
    assert PendingRevision.objects.get().state == RevisionState.PENDING
    assert "mail to" in caplog.text and "failed" in caplog.text


def test_an_editor_withdraws_their_waiting_change_and_may_propose_again(client, editor, curator, instrument):
    propose(client, editor, instrument, name="Voorstel met een fout")
    revision = PendingRevision.objects.get()
    client.force_login(curator)  # only the author withdraws
    assert decide(client, curator, revision, "withdraw").status_code == 403
    client.force_login(editor)
    diff_page = page(client.get(reverse("admin_revision", args=[revision.pk])))
    assert diff_page.find("button", attrs={"value": "withdraw"}).get_text(strip=True) == "Wijziging intrekken"
    response = decide(client, editor, revision, "withdraw")
    assert response.status_code == 302 and response["Location"] == REVISIONS
    revision.refresh_from_db()
    assert revision.state == RevisionState.WITHDRAWN
    assert "ingetrokken" in text(client.get(REVISIONS))
    assert propose(client, editor, instrument, name="Voorstel zonder fout").status_code == 302
    waiting = PendingRevision.objects.get(state=RevisionState.PENDING)
    assert waiting.proposed == {"name": "Voorstel zonder fout"}
    assert decide(client, editor, revision, "withdraw").status_code == 403  # not twice
    client.force_login(curator)
    diff_page = page(client.get(reverse("admin_revision", args=[revision.pk])))
    assert not diff_page.find(attrs={"value": "withdraw"})

"""Warm referral (issue 14 item 2): the loket refers a question to another organisation with editors, only
with the entrepreneur's consent; the receiving organisation sees that question and nothing else, accepts it,
sends it back or closes it; both see the chain; the entrepreneur is told by e-mail who has it now."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import OrganisationKind
from routekaart import cases, referrals
from routekaart.handoff import purge_handoffs
from routekaart.models import HandoffRequest, Referral
from tests.admin_forms import admin_form_data, submit
from tests.factories import OrganisationFactory
from tests.html import page, text
from tests.routekaart.test_cases import CHANGELIST, change_url, make_request
from tests.routekaart.test_handoff import VALID

pytest_plugins = ["tests.fixtures_roles"]

B, D, A = "in-behandeling", "doorverwezen", "afgerond"
NOTE = "Anna zoekt een lectoraat voor coatings; ze is bereikbaar op 06 98 76 54 32."


@pytest.fixture
def lectoraat(db, source):
    organisation = OrganisationFactory(
        name="Lectoraat Coatings",
        kind=OrganisationKind.KENNISINSTELLING,
        email="lectoraat@hogeschool.example",
        phone="053 123 45 67",
    )
    organisation.sources.add(source)
    return organisation


@pytest.fixture
def receiver(make_user, lectoraat):
    return make_user("ontvanger", LOKET_EDITOR, organisations=[lectoraat])


@pytest.fixture
def case(loket, region):
    return make_request(loket, region, status=B, referral_consent=True)


@pytest.fixture
def other_case(loket, region):
    return make_request(
        loket,
        region,
        status=B,
        referral_consent=True,
        company="Ander Bedrijf BV",
        name="Bert Jansen",
        email="bert@voorbeeld.nl",
    )


def refer_in_admin(client, user, handoff, organisation, note=NOTE):
    client.force_login(user)
    return submit(client, change_url(handoff), refer_to=str(organisation.pk), refer_note=note)


# --- Who may refer and answer ------------------------------------------------------------------------------


def test_only_the_loket_side_refers_and_only_with_consent(
    editor, other_editor, curator, provincial_admin, receiver, case, loket, region
):
    assert cases.may_refer(editor, case) and cases.may_refer(curator, case)
    assert cases.may_refer(provincial_admin, case)
    assert not cases.may_refer(other_editor, case) and not cases.may_refer(receiver, case)
    no_consent = make_request(loket, region, status=B)
    assert not cases.may_refer(editor, no_consent)
    assert "geen toestemming" in str(cases.why_not_refer(editor, no_consent))
    new = make_request(loket, region, referral_consent=True)  # status nieuw: take it up first
    assert "in behandeling" in str(cases.why_not_refer(editor, new))


def test_a_question_without_consent_shows_why_and_cannot_be_referred(
    client, editor, lectoraat, receiver, loket, region
):
    handoff = make_request(loket, region, status=B)
    client.force_login(editor)
    response = client.get(change_url(handoff))
    assert "geen toestemming" in text(response)
    assert not page(response).select("select[name=refer_to]")
    data = admin_form_data(response, refer_to=str(lectoraat.pk), refer_note="Toch maar")
    client.post(change_url(handoff), data)
    assert not Referral.objects.filter(handoff=handoff).exists()
    with pytest.raises(PermissionDenied):
        referrals.refer(handoff=handoff, to_organisation=lectoraat, note="x", user=editor)


def test_only_organisations_with_active_editors_are_offered(
    client, editor, case, lectoraat, receiver, make_user
):
    OrganisationFactory(name="Zonder medewerkers")
    gone = OrganisationFactory(name="Alleen oud-medewerkers")
    former = make_user("oud", LOKET_EDITOR, organisations=[gone])
    former.is_active = False
    former.save()
    client.force_login(editor)
    options = [
        o.get_text() for o in page(client.get(change_url(case))).select("select[name=refer_to] option")
    ]
    assert "Lectoraat Coatings" in options
    assert "Zonder medewerkers" not in options and "Alleen oud-medewerkers" not in options
    assert str(case.loket) not in options


@pytest.mark.parametrize(
    "start,end,allowed",
    [
        ("open", "geaccepteerd", True),
        ("open", "teruggestuurd", True),
        ("open", "afgesloten", True),
        ("geaccepteerd", "teruggestuurd", True),
        ("geaccepteerd", "afgesloten", True),
        ("geaccepteerd", "open", False),
        ("teruggestuurd", "geaccepteerd", False),
        ("afgesloten", "geaccepteerd", False),
    ],
)
def test_each_referral_move_and_who_may_make_it(
    start, end, allowed, editor, curator, other_editor, receiver, provincial_admin, case, lectoraat
):
    referral = Referral(
        handoff=case,
        from_organisation=case.loket,
        to_organisation=lectoraat,
        note="n",
        state=start,
        outcome="advies-gegeven" if start == "afgesloten" else "",
    )
    who = {
        "receiver": receiver,
        "admin": provincial_admin,
        "editor": editor,
        "curator": curator,
        "other": other_editor,
    }
    expected = {"receiver": allowed, "admin": allowed, "editor": False, "curator": False, "other": False}
    assert {name: cases.may_answer(user, referral, end) for name, user in who.items()} == expected


# --- The whole chain through the admin, with the mails -----------------------------------------------------


def test_refer_accept_and_close_through_the_admin(
    client, editor, receiver, case, lectoraat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert refer_in_admin(client, editor, case, lectoraat).status_code == 302
    case.refresh_from_db()
    assert case.status == D
    assert cases.current_holder(case) == lectoraat
    referral = Referral.objects.get(handoff=case)
    assert (referral.from_organisation, referral.created_by, referral.state) == (case.loket, editor, "open")

    # mails: the receiver's editors (a link, no personal data) and the entrepreneur (who has it, no note)
    to_receiver = next(m for m in mailoutbox if m.to == ["ontvanger@example.nl"])
    assert f"/beheer/routekaart/handoffrequest/{case.pk}/change/" in to_receiver.body
    for private in ("Anna", "coating", "06 98 76 54 32", "anna@voorbeeld.nl"):
        assert private not in to_receiver.body
    to_firm = next(m for m in mailoutbox if m.to == ["anna@voorbeeld.nl"])
    assert "Lectoraat Coatings" in to_firm.subject
    assert "053 123 45 67" in to_firm.body and "lectoraat@hogeschool.example" in to_firm.body
    assert "06 98 76 54 32" not in to_firm.body and "lectoraat voor coatings" not in to_firm.body

    # the loket can no longer move it while the lectoraat has it; the loket's notes are not shown there
    client.force_login(editor)
    options = [o["value"] for o in page(client.get(change_url(case))).select("select[name=status] option")]
    assert options == [D]

    client.force_login(receiver)
    response = client.get(change_url(case))
    shown = text(response)
    assert "Anna's Metaal" in shown and NOTE in shown and "Eigen loket → Lectoraat Coatings" in shown
    assert not page(response).select("[name^=notes-]") and not page(response).select("select[name=status]")
    assert submit(client, change_url(case), reply="geaccepteerd").status_code == 302
    referral.refresh_from_db()
    assert referral.state == "geaccepteerd" and referral.answered_by == receiver

    response = submit(client, change_url(case), reply="afgesloten")
    assert "Kies een uitkomst" in text(response)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            submit(client, change_url(case), reply="afgesloten", reply_outcome="advies-gegeven").status_code
            == 302
        )
    case.refresh_from_db()
    referral.refresh_from_db()
    assert (referral.state, referral.outcome) == ("afgesloten", "advies-gegeven")
    assert (case.status, case.outcome, case.referred_to) == (A, "advies-gegeven", lectoraat)
    assert cases.current_holder(case) == case.loket
    assert [m.to for m in mailoutbox] == [["redacteur@example.nl"]]
    # the receiver still sees what it closed, and may do nothing more with it
    response = client.get(change_url(case))
    assert response.status_code == 200 and not page(response).select("select[name=reply]")


def test_send_back_needs_a_note_returns_it_to_the_loket_and_tells_the_entrepreneur(
    client, editor, receiver, case, lectoraat, mailoutbox, django_capture_on_commit_callbacks
):
    refer_in_admin(client, editor, case, lectoraat)
    client.force_login(receiver)
    response = submit(client, change_url(case), reply="teruggestuurd")
    assert "waarom u de vraag terugstuurt" in text(response)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, change_url(case), reply="teruggestuurd", reply_note="Past niet bij ons.")
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    case.refresh_from_db()
    assert case.status == B and cases.current_holder(case) == case.loket
    to_firm = next(m for m in mailoutbox if m.to == ["anna@voorbeeld.nl"])
    assert "Eigen loket" in to_firm.subject and "Past niet bij ons" not in to_firm.body
    assert any(m.to == ["redacteur@example.nl"] for m in mailoutbox)
    # sent back: the receiver no longer sees it; the loket sees the answer in the chain and may refer again
    assert client.get(change_url(case)).status_code == 403
    client.force_login(editor)
    response = client.get(change_url(case))
    assert "Past niet bij ons." in text(response) and page(response).select("select[name=refer_to]")


def test_one_holder_at_a_time_also_in_the_database(case, lectoraat, editor, receiver):
    referrals.refer(handoff=case, to_organisation=lectoraat, note="n", user=editor)
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        referrals.refer(handoff=case, to_organisation=lectoraat, note="n", user=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            handoff=case, from_organisation=case.loket, to_organisation=lectoraat, note="n"
        )


def test_a_failing_mail_server_is_no_error(
    client, editor, case, lectoraat, receiver, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True):
        assert refer_in_admin(client, editor, case, lectoraat).status_code == 302
    referral = Referral.objects.get(handoff=case)
    assert referral.notified_at is None


def test_notify_handoffs_retries_the_receivers_mail_once(
    editor,
    case,
    lectoraat,
    receiver,
    monkeypatch,
    mail_server_down,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mail_server_down(referrals)
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.refer(handoff=case, to_organisation=lectoraat, note=NOTE, user=editor)
    monkeypatch.undo()  # the mail server is back
    call_command("notify_handoffs", stdout=StringIO())
    sent = [m for m in mailoutbox if "Doorverwezen vraag" in m.subject or "ligt nu bij" in m.subject]
    [mail] = sent  # the receiver's editors; the entrepreneur's mail is not repeated
    assert mail.to == [receiver.email] and f"/beheer/routekaart/handoffrequest/{case.pk}/change/" in mail.body
    assert NOTE not in mail.body and case.name not in mail.body
    referral.refresh_from_db()
    assert referral.notified_at is not None
    mailoutbox.clear()
    call_command("notify_handoffs", stdout=StringIO())
    assert not [m for m in mailoutbox if "Doorverwezen vraag" in m.subject]  # once


# --- The receiver sees that question and nothing else ------------------------------------------------------


@pytest.fixture
def referred(editor, receiver, case, other_case, lectoraat, other_loket, other_region):
    referrals.refer(handoff=case, to_organisation=lectoraat, note=NOTE, user=editor)
    elsewhere = make_request(other_loket, other_region, company="Verre Fabriek", name="Carla", email="c@x.nl")
    return case, other_case, elsewhere


def test_the_changelist_filters_and_search_show_only_the_referred_question(client, receiver, referred):
    case, other_case, elsewhere = referred
    client.force_login(receiver)
    for query in (
        "",
        "?q=Bedrijf",
        "?q=Anna",
        "?q=Verre",
        "?status__exact=in-behandeling",
        "?status__exact=doorverwezen",
        f"?loket__id__exact={case.loket_id}",
        "?behandelaar=niemand",
        "?te_laat=wacht",
        "?all=",
    ):
        shown = text(client.get(CHANGELIST + query))
        assert "Ander Bedrijf BV" not in shown and "Verre Fabriek" not in shown, query
    shown = text(client.get(CHANGELIST))
    assert "Anna's Metaal" in shown


def test_guessed_urls_history_delete_and_autocomplete_are_refused(client, receiver, referred):
    case, other_case, elsewhere = referred
    client.force_login(receiver)
    for handoff in (other_case, elsewhere):
        for suffix in ("change/", "history/", "delete/"):
            assert client.get(f"{CHANGELIST}{handoff.pk}/{suffix}").status_code == 403, suffix
    assert client.get(f"{CHANGELIST}{case.pk}/history/").status_code == 200
    assert client.get(f"{CHANGELIST}{case.pk}/delete/").status_code == 403
    assert client.get(f"{CHANGELIST}export/").status_code in (302, 404)  # no export of questions at all
    # Django's autocomplete searches questions for a field pointing at them (a note's): only the visible one
    for model_name in ("handoffnote", "referral"):
        response = client.get(
            "/beheer/autocomplete/",
            {"app_label": "routekaart", "model_name": model_name, "field_name": "handoff", "term": ""},
        )
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [str(case.pk)]
    # the organisation autocomplete of the form lists organisations, never questions
    response = client.get(
        "/beheer/autocomplete/",
        {
            "app_label": "routekaart",
            "model_name": "handoffrequest",
            "field_name": "referred_to",
            "term": "Bedrijf",
        },
    )
    assert "Ander Bedrijf" not in response.content.decode()


def test_the_receiver_of_another_question_sees_none_of_these(client, make_user, referred):
    stranger_org = OrganisationFactory(name="Andere hogeschool")
    stranger = make_user("vreemde", LOKET_EDITOR, organisations=[stranger_org])
    case, _other, _elsewhere = referred
    client.force_login(stranger)
    assert "Anna's Metaal" not in text(client.get(CHANGELIST))
    assert client.get(change_url(case)).status_code == 403


def test_the_changelist_reads_in_a_bounded_number_of_queries(
    client, receiver, referred, django_assert_max_num_queries
):
    client.force_login(receiver)
    with django_assert_max_num_queries(25):
        assert client.get(CHANGELIST).status_code == 200


# --- Consent on the form, purge ----------------------------------------------------------------------------


def test_purge_deletes_the_referral_notes_with_the_question(case, lectoraat, editor, receiver, settings):
    referrals.refer(handoff=case, to_organisation=lectoraat, note=NOTE, user=editor)
    HandoffRequest.objects.filter(pk=case.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.HANDOFF_RETENTION_DAYS + 1)
    )
    purge_handoffs()
    assert not Referral.objects.filter(note=NOTE).exists()


@pytest.fixture
def form_url(region, loket):
    return f"/route/vraag/?regio={region.slug}&type=B&factor=kennis"


def test_the_form_asks_for_referral_separately_and_unticked(client, form_url):
    cache.clear()  # the form's rate limit
    response = client.get(form_url)
    box = page(response).select_one("input[name=referral_consent]")
    assert box is not None and not box.has_attr("checked") and not box.has_attr("required")
    assert "doorsturen naar een andere organisatie" in text(response)
    client.post(form_url, VALID)
    client.post(form_url, {**VALID, "company": "Met toestemming BV", "referral_consent": "on"})
    stored = dict(
        HandoffRequest.objects.filter(email=VALID["email"]).values_list("company", "referral_consent")
    )
    assert stored == {"De Vries Metaal": False, "Met toestemming BV": True}


def test_the_loket_counts_are_not_the_receivers(rf, receiver, editor, referred):
    from routekaart.templatetags.handoff_counts import handoff_counts

    case, _other, _elsewhere = referred
    HandoffRequest.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))
    for user, overdue in ((receiver, 0), (editor, 1)):
        request = rf.get("/beheer/")
        request.user = user
        assert handoff_counts({"request": request})["overdue"] == overdue


def test_the_entrepreneurs_status_page_names_the_receiver_and_withdrawal_erases_the_chain(
    client, case, lectoraat, editor, receiver
):
    from routekaart import status as status_services

    token, hashed = status_services.new_token()
    HandoffRequest.objects.filter(pk=case.pk).update(status_token_hash=hashed)
    referrals.refer(handoff=case, to_organisation=lectoraat, note=NOTE, user=editor)
    shown = text(client.get(f"/mijn-vraag/{token}/"))
    assert "Uw vraag is doorgestuurd naar Lectoraat Coatings" in shown
    assert "053 123 45 67" in shown  # how to reach who has it now
    assert NOTE not in shown and "06 98 76 54 32" not in shown  # the loket's note stays internal

    status_services.withdraw(HandoffRequest.objects.get(pk=case.pk))
    assert not Referral.objects.filter(handoff=case).exists()
    assert client.get(f"/mijn-vraag/{token}/").status_code == 404

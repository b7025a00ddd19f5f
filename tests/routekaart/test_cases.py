"""A question to a loket as a case (issue 14 item 1): statuses and who may move them (routekaart/cases.py),
outcome, notes, assignee, first contact, the change page in words, counts of new and overdue questions."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.utils import timezone

from routekaart import cases
from routekaart.handoff import purge_handoffs
from routekaart.models import HandoffNote, HandoffRequest
from tests.admin_forms import admin_form_data, submit
from tests.factories import OrganisationFactory
from tests.html import links, page, text

pytest_plugins = ["tests.fixtures_roles"]

CHANGELIST = "/beheer/routekaart/handoffrequest/"
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime.date(2026, 11, 16)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMS)


def make_request(loket, region, *, created_at=None, **fields):
    defaults = {
        "loket": loket,
        "profile": f"regio={region.slug}&type=B&factor=kennis&grootte=klein",
        "region": region,
        "entrepreneur_type": "B",
        "factors": "kennis",
        "name": "Anna de Vries",
        "email": "anna@voorbeeld.nl",
        "phone": "06 12 34 56 78",
        "company": "Anna's Metaal",
        "question": "Wij zoeken hulp bij een nieuwe coating.",
        "consent": True,
    }
    handoff = HandoffRequest.objects.create(**{**defaults, **fields})
    if created_at:
        HandoffRequest.objects.filter(pk=handoff.pk).update(created_at=created_at)
        handoff.refresh_from_db()
    return handoff


def change_url(handoff):
    return f"{CHANGELIST}{handoff.pk}/change/"


# --- Transitions and who may make them ---------------------------------------------------------------------

N, B, D, A = "nieuw", "in-behandeling", "doorverwezen", "afgerond"
EDITOR_MAY = {(N, B), (N, A), (B, D), (B, A), (D, B), (D, A)}
ALL_PAIRS = [(a, b) for a in (N, B, D, A) for b in (N, B, D, A) if a != b]


@pytest.mark.parametrize("start,end", ALL_PAIRS)
def test_each_transition_by_role(start, end, editor, other_editor, curator, provincial_admin, region, loket):
    handoff = make_request(loket, region, status=start, outcome="advies-gegeven" if start == A else "")
    allowed = {
        "editor": (start, end) in EDITOR_MAY,
        "other_editor": False,  # a loket editor of another loket may not
        "curator": (start, end) in EDITOR_MAY | {(A, B)},  # the curator also reopens
        "admin": (start, end) in EDITOR_MAY | {(A, B)},
    }
    users = {"editor": editor, "other_editor": other_editor, "curator": curator, "admin": provincial_admin}
    assert {name: cases.may_move(user, handoff, end) for name, user in users.items()} == allowed


def test_the_editor_moves_a_question_through_the_admin(client, editor, region, loket):
    handoff = make_request(loket, region)
    client.force_login(editor)
    assert submit(client, change_url(handoff), status=B).status_code == 302
    handoff.refresh_from_db()
    assert handoff.status == B

    response = submit(client, change_url(handoff), status=A)  # no outcome
    assert response.status_code == 200
    assert "Kies een uitkomst" in text(response)

    response = submit(client, change_url(handoff), status=A, outcome="doorverwezen")
    assert "Kies de organisatie" in text(response)

    elsewhere = OrganisationFactory(name="Hogeschool Elders")
    response = submit(
        client, change_url(handoff), status=A, outcome="doorverwezen", referred_to=str(elsewhere.pk)
    )
    assert response.status_code == 302
    handoff.refresh_from_db()
    assert (handoff.status, handoff.outcome, handoff.referred_to) == (A, "doorverwezen", elsewhere)

    # closed: the editor cannot reopen it, the form does not even offer it
    response = client.get(change_url(handoff))
    options = [o["value"] for o in page(response).select("select[name=status] option")]
    assert options == [A]
    response = submit(client, change_url(handoff), status=B, outcome="")
    assert response.status_code == 200
    handoff.refresh_from_db()
    assert handoff.status == A


def test_the_curator_reopens_and_the_outcome_is_cleared(client, curator, region, loket):
    handoff = make_request(loket, region, status=A, outcome="budget-op")
    client.force_login(curator)
    assert submit(client, change_url(handoff), status=B).status_code == 302
    handoff.refresh_from_db()
    assert (handoff.status, handoff.outcome) == (B, "")


def test_another_lokets_editor_cannot_open_or_move_it(client, other_editor, region, loket):
    handoff = make_request(loket, region)
    client.force_login(other_editor)
    assert client.get(change_url(handoff)).status_code == 403
    assert client.post(change_url(handoff), {"status": B}).status_code == 403
    handoff.refresh_from_db()
    assert handoff.status == N


def test_the_database_refuses_a_closed_question_without_outcome(region, loket):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(loket, region, status=A)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(loket, region, status=A, outcome="doorverwezen")  # without the organisation


# --- Assignee, first contact, notes ------------------------------------------------------------------------


def test_only_the_lokets_editors_and_the_regions_curator_can_be_assigned(
    client, editor, other_editor, curator, region, loket
):
    handoff = make_request(loket, region)
    client.force_login(editor)
    response = client.get(change_url(handoff))
    names = [o.get_text() for o in page(response).select("select[name=assignee] option") if o["value"]]
    assert sorted(names) == ["curator", "redacteur"]
    response = submit(client, change_url(handoff), assignee=str(other_editor.pk))
    assert response.status_code == 200
    assert submit(client, change_url(handoff), assignee=str(curator.pk)).status_code == 302
    handoff.refresh_from_db()
    assert handoff.assignee == curator


def test_first_contact_is_recorded_once(client, editor, region, loket):
    handoff = make_request(loket, region)
    client.force_login(editor)
    assert submit(client, change_url(handoff), contact_now="on").status_code == 302
    handoff.refresh_from_db()
    first = handoff.first_contact_at
    assert first is not None
    response = client.get(change_url(handoff))
    assert page(response).find("input", attrs={"name": "contact_now"}) is None  # recorded: no second time
    assert submit(client, change_url(handoff), contact_now="on").status_code == 302
    handoff.refresh_from_db()
    assert handoff.first_contact_at == first


def test_notes_keep_author_and_time_stay_out_of_the_log_and_are_purged(
    client, editor, region, loket, settings
):
    handoff = make_request(loket, region)
    client.force_login(editor)
    response = client.get(change_url(handoff))
    data = admin_form_data(response)
    data["notes-0-text"] = ["Anna belde terug: 06 98 76 54 32"]
    assert client.post(change_url(handoff), data).status_code == 302
    note = HandoffNote.objects.get(handoff=handoff)
    assert note.author == editor
    shown = text(client.get(change_url(handoff)))
    assert "Anna belde terug" in shown and "redacteur" in shown
    assert "06 98 76 54 32" not in " ".join(LogEntry.objects.values_list("change_message", flat=True))

    HandoffRequest.objects.filter(pk=handoff.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.HANDOFF_RETENTION_DAYS + 1)
    )
    purge_handoffs()
    assert not HandoffNote.objects.filter(pk=note.pk).exists()


# --- The change page in words ------------------------------------------------------------------------------


def test_the_change_page_shows_the_profile_in_words_with_links(client, editor, region, loket):
    handoff = make_request(loket, region)
    client.force_login(editor)
    response = client.get(change_url(handoff))
    shown = text(response)
    assert "Wat het bedrijf mist" in shown and "kennis" in shown
    assert "Type B:" in shown  # the type in a sentence
    assert "Type ondernemer: B" not in shown
    assert handoff.profile not in shown  # no raw query string
    hrefs = links(response)
    assert "mailto:anna@voorbeeld.nl" in hrefs
    assert "tel:0612345678" in hrefs
    assert f"/route/?{handoff.profile}" in hrefs


# --- Response time -----------------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    friday = MONDAY + datetime.timedelta(days=4)
    assert cases.add_working_days(friday, 3) == friday + datetime.timedelta(days=5)  # Wednesday
    assert cases.add_working_days(MONDAY, 3) == MONDAY + datetime.timedelta(days=3)  # Thursday
    saturday = MONDAY + datetime.timedelta(days=5)
    assert cases.add_working_days(saturday, 3) == saturday + datetime.timedelta(days=4)  # Wednesday


@pytest.mark.parametrize(
    "created,today,late",
    [
        (MONDAY, MONDAY + datetime.timedelta(days=3), False),  # Thursday: the last day
        (MONDAY, MONDAY + datetime.timedelta(days=4), True),  # Friday
        (MONDAY + datetime.timedelta(days=4), MONDAY + datetime.timedelta(days=9), False),  # Fri → Wed
        (MONDAY + datetime.timedelta(days=4), MONDAY + datetime.timedelta(days=10), True),  # Fri → Thu
        (MONDAY + datetime.timedelta(days=5), MONDAY + datetime.timedelta(days=10), True),  # Sat → Thu
    ],
)
def test_overdue_after_three_working_days(created, today, late, region, loket):
    handoff = make_request(loket, region, created_at=at(created, 23))
    mine = HandoffRequest.objects.filter(pk=handoff.pk)
    assert cases.is_overdue(handoff, today=today) is late
    assert cases.overdue(mine, today=today).exists() is late  # the query agrees with the rule


def test_contacted_or_closed_questions_are_not_overdue(region, loket):
    contacted = make_request(loket, region, created_at=at(MONDAY), first_contact_at=at(MONDAY, 15))
    closed = make_request(loket, region, created_at=at(MONDAY), status=A, outcome="advies-gegeven")
    mine = HandoffRequest.objects.filter(pk__in=[contacted.pk, closed.pk])
    assert not cases.overdue(mine, today=MONDAY + datetime.timedelta(days=20)).exists()


def test_counts_on_the_admin_index_and_dashboard_are_of_what_the_user_may_see(
    client, editor, other_editor, region, other_region, loket, other_loket, django_assert_max_num_queries
):
    long_ago = timezone.localdate() - datetime.timedelta(days=14)
    make_request(loket, region)
    make_request(loket, region, created_at=at(long_ago), status=B)
    make_request(other_loket, other_region, created_at=at(long_ago))
    client.force_login(editor)
    with django_assert_max_num_queries(30):
        response = client.get("/beheer/")
    box = page(response).find(id="vragen-aan-het-loket")
    assert box is not None
    rows = [" ".join(tr.get_text(" ").split()) for tr in box.find_all("tr")]
    assert rows == ["Nieuw 1", "Te laat voor eerste contact 1"]
    box = page(client.get("/beheer/te-controleren/")).find(id="vragen-aan-het-loket")
    assert [" ".join(tr.get_text(" ").split()) for tr in box.find_all("tr")] == rows

    client.force_login(other_editor)
    box = page(client.get("/beheer/")).find(id="vragen-aan-het-loket")
    assert [" ".join(tr.get_text(" ").split()) for tr in box.find_all("tr")] == [
        "Nieuw 1",
        "Te laat voor eerste contact 1",
    ]


def test_the_changelist_filters_and_shows_the_share_met(client, editor, region, loket):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=30)
    in_time = make_request(loket, region, created_at=at(old), first_contact_at=at(old, 16), assignee=editor)
    late = make_request(loket, region, created_at=at(old))
    make_request(loket, region, created_at=at(old), first_contact_at=at(old + datetime.timedelta(days=10)))
    make_request(loket, region)  # still within its time: not counted
    make_request(loket, region, created_at=at(today - datetime.timedelta(days=120)))  # outside the 90 days
    client.force_login(editor)

    response = client.get(CHANGELIST)
    share = page(response).find(id="eerste-contact-op-tijd")
    assert "Eigen loket 33% (1 van 3)" in " ".join(share.get_text(" ").split())
    assert list(client.get(f"{CHANGELIST}?behandelaar=ik").context["cl"].result_list) == [in_time]
    overdue = set(client.get(f"{CHANGELIST}?te_laat=ja").context["cl"].result_list)
    assert late in overdue and in_time not in overdue


# --- Reminders ---------------------------------------------------------------------------------------------


def test_reminders_go_once_per_stage_first_to_the_assignee_then_to_the_whole_loket(
    make_user, editor, other_editor, region, loket, mailoutbox, settings
):
    from catalog.curation.roles import LOKET_EDITOR
    from routekaart.reminders import remind_overdue

    colleague = make_user("collega", LOKET_EDITOR, organisations=[loket])
    assigned = make_request(loket, region, created_at=at(MONDAY), assignee=editor)
    unassigned = make_request(loket, region, created_at=at(MONDAY), company="Ander Bedrijf")
    make_request(loket, region, created_at=at(MONDAY), first_contact_at=at(MONDAY, 12))  # contacted
    thursday, friday = MONDAY + datetime.timedelta(days=3), MONDAY + datetime.timedelta(days=4)

    assert remind_overdue(today=thursday) == (0, 0)  # still the last day
    assert remind_overdue(today=friday) == (2, 0)
    to = {tuple(mail.to) for mail in mailoutbox}
    assert to == {(editor.email,), tuple(sorted([colleague.email, editor.email]))}
    for mail in mailoutbox:  # no personal data, a link into admin
        assert "Anna" not in mail.body and "Metaal" not in mail.body and "Ander Bedrijf" not in mail.body
        assert "anna@voorbeeld.nl" not in mail.body and "coating" not in mail.body
    assert (
        f"/beheer/routekaart/handoffrequest/{assigned.pk}/change/" in mailoutbox[0].body + mailoutbox[1].body
    )

    mailoutbox.clear()
    assert remind_overdue(today=friday) == (0, 0)  # once per stage
    next_monday = MONDAY + datetime.timedelta(days=7)  # one working day later: not yet the second stage
    assert remind_overdue(today=next_monday) == (0, 0)
    next_tuesday = next_monday + datetime.timedelta(days=1)  # two more working days: the whole loket
    assert remind_overdue(today=next_tuesday) == (0, 2)
    assert {tuple(mail.to) for mail in mailoutbox} == {tuple(sorted([colleague.email, editor.email]))}
    assert other_editor.email not in {address for mail in mailoutbox for address in mail.to}
    mailoutbox.clear()
    assert remind_overdue(today=next_tuesday + datetime.timedelta(days=1)) == (0, 0)
    unassigned.refresh_from_db()
    assert unassigned.reminded_at and unassigned.escalated_at


def test_the_command_runs_daily_and_is_in_the_deploy_schedule(region, loket, editor, mailoutbox):
    from pathlib import Path

    from django.core.management import call_command

    make_request(loket, region, created_at=timezone.now() - datetime.timedelta(days=14))
    call_command("remind_handoffs", verbosity=0)
    assert len(mailoutbox) == 1
    deploy = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    assert "`remind_handoffs`" in deploy

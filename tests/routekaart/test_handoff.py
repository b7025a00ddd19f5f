"""The warm hand-off: the form at /route/vraag/, who is told, who may see it, and how long it is kept."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import Organisation, OrganisationEditor, Region
from routekaart import handoff as handoff_module
from routekaart.models import HandoffRequest

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

TWENTE = "/route/vraag/?regio=twente&type=B&factor=kennis"
SALLAND = "/route/vraag/?regio=salland&type=C&factor=financiering"
VALID = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "company": "De Vries Metaal",
    "question": "Hoe vind ik een hogeschool\r\nvoor een onderzoek?",
    "phone": "06 12345678",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def make_staff(username, loket_slug, *, email=None, active=True, perms=True):
    user = User.objects.create_user(
        username, email=f"{username}@loket.example" if email is None else email, password="x" * 16
    )
    user.is_staff = True
    user.is_active = active
    user.save()
    if perms:
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="routekaart",
                codename__in=["view_handoffrequest", "change_handoffrequest", "delete_handoffrequest"],
            )
        )
    OrganisationEditor.objects.create(user=user, organisation=Organisation.objects.get(slug=loket_slug))
    return user


def make_request(loket_slug, region_slug, **fields):
    region = Region.objects.get(slug=region_slug)
    defaults = {
        "loket": Organisation.objects.get(slug=loket_slug),
        "profile": f"regio={region_slug}&type=B",
        "region": region,
        "entrepreneur_type": "B",
        "name": "N",
        "email": "n@voorbeeld.nl",
        "company": f"Bedrijf in {region_slug}",
        "question": "Vraag",
        "consent": True,
    }
    return HandoffRequest.objects.create(**{**defaults, **fields})


# --- The form ----------------------------------------------------------------------------------------------


def test_form_names_the_loket_of_the_region(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(TWENTE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leg uw vraag voor aan Novel-T" in html
    assert "csrfmiddlewaretoken" in html
    assert 'name="website"' in html  # the honeypot
    assert "<select" not in html
    assert "180 dagen" in html  # the retention period, in the consent text
    assert 'href="/route/?regio=twente&amp;type=B&amp;factor=kennis"' in html


def test_region_without_loket_lets_the_user_choose_one(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(SALLAND)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<select" in html
    for name in ["Cleantech Regio", "Kennispoort Regio Zwolle", "Novel-T"]:
        assert name in html


@pytest.mark.parametrize(
    "query",
    ["", "?type=B", "?regio=atlantis&type=B", "?regio=twente&type=Z", "?regio=twente&type=B&factor=geld"],
)
def test_missing_or_invalid_profile_gives_400_with_a_way_back(client, query):
    response = client.get("/route/vraag/" + query)
    assert response.status_code == 400
    assert 'href="/route/"' in response.content.decode()
    response = client.post("/route/vraag/" + query, VALID)
    assert response.status_code == 400
    assert "Hoe vind ik een hogeschool\r\nvoor een onderzoek?</textarea>" in response.content.decode()
    assert not HandoffRequest.objects.exists()


def test_valid_question_is_stored_and_only_that_lokets_staff_are_mailed(client, mailoutbox):
    make_staff("twente1", "novel-t")
    make_staff("twente2", "novel-t")
    make_staff("twente-left", "novel-t", active=False)
    make_staff("twente-nomail", "novel-t", email="")
    make_staff("zwolle", "kennispoort-regio-zwolle")

    response = client.post(TWENTE, VALID)

    assert response.status_code == 302
    assert response["Location"] == TWENTE + "&verzonden=novel-t"
    stored = HandoffRequest.objects.get()
    assert stored.loket.slug == "novel-t"
    assert stored.region.slug == "twente"
    assert (stored.entrepreneur_type, stored.factors) == ("B", "kennis")
    assert stored.profile == "regio=twente&type=B&factor=kennis"
    assert stored.question == "Hoe vind ik een hogeschool\nvoor een onderzoek?"
    assert (stored.name, stored.company, stored.phone) == ("Anna de Vries", "De Vries Metaal", "06 12345678")
    assert stored.status == HandoffRequest.Status.NIEUW and stored.consent

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["twente1@loket.example", "twente2@loket.example"]
    assert "Novel-T" in mail.subject
    assert f"/beheer/routekaart/handoffrequest/{stored.pk}/change/" in mail.body
    assert "Anna" not in mail.body and "anna@voorbeeld.nl" not in mail.body  # personal data stays in admin


def test_confirmation_page_says_who_will_contact_them(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(TWENTE + "&verzonden=novel-t")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw vraag is verstuurd" in html
    assert "Een medewerker van Novel-T neemt zelf contact met u op" in html
    assert 'href="/organisaties/novel-t/"' in html
    assert client.get(TWENTE + "&verzonden=onbekend").status_code == 400


def test_invalid_input_is_kept_with_clear_messages(client, mailoutbox):
    response = client.post(TWENTE, {**VALID, "email": "geen-adres", "name": "", "phone": "bel me"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Vul uw naam in." in html
    assert "Vul een geldig e-mailadres in" in html
    assert "Vul een telefoonnummer in" in html
    assert 'value="geen-adres"' in html
    assert 'value="De Vries Metaal"' in html
    assert "Hoe vind ik een hogeschool\r\nvoor een onderzoek?</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert not HandoffRequest.objects.exists() and mailoutbox == []


def test_without_consent_nothing_is_stored(client):
    data = {key: value for key, value in VALID.items() if key != "consent"}
    response = client.post(TWENTE, data)
    assert response.status_code == 200
    assert "Geef toestemming, anders kunnen we uw vraag niet doorgeven." in response.content.decode()
    assert "De Vries Metaal" in response.content.decode()
    assert not HandoffRequest.objects.exists()


def test_consent_is_required_by_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request("novel-t", "twente", consent=False)


def test_too_long_question_is_refused_and_kept(client):
    response = client.post(TWENTE, {**VALID, "question": "x" * 2001})
    assert response.status_code == 200
    assert "hoogstens 2000 tekens (nu 2001)" in response.content.decode()
    assert "x" * 2001 in response.content.decode()
    assert not HandoffRequest.objects.exists()


def test_honeypot_pretends_success_but_stores_nothing(client, mailoutbox):
    make_staff("twente1", "novel-t")
    response = client.post(TWENTE, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not HandoffRequest.objects.exists() and mailoutbox == []


def test_rate_limit_per_client_keeps_the_question(client):
    for _ in range(5):
        assert client.post(TWENTE, VALID, REMOTE_ADDR="10.0.0.1").status_code == 302
    response = client.post(TWENTE, {**VALID, "question": "Mijn zesde vraag"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Mijn zesde vraag</textarea>" in response.content.decode()
    assert HandoffRequest.objects.count() == 5
    assert client.post(TWENTE, VALID, REMOTE_ADDR="10.0.0.2").status_code == 302  # another client


def test_region_without_loket_needs_a_chosen_loket(client):
    data = dict(VALID)
    response = client.post(SALLAND, data)
    assert response.status_code == 200
    assert "Kies een innovatieloket." in response.content.decode()
    response = client.post(SALLAND, {**data, "loket": Organisation.objects.get(slug="oost-nl").pk})
    assert response.status_code == 200
    assert "Kies een innovatieloket uit de lijst." in response.content.decode()
    zwolle = Organisation.objects.get(slug="kennispoort-regio-zwolle")
    response = client.post(SALLAND, {**data, "loket": zwolle.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("&verzonden=kennispoort-regio-zwolle")
    stored = HandoffRequest.objects.get()
    assert (stored.loket, stored.region.slug) == (zwolle, "salland")


def test_loket_without_staff_is_logged_and_the_question_still_stored(client, mailoutbox, caplog):
    with caplog.at_level(logging.WARNING, logger="routekaart.handoff"):
        assert client.post(TWENTE, VALID).status_code == 302
    assert HandoffRequest.objects.count() == 1
    assert mailoutbox == []
    assert "no staff" in caplog.text


def test_failing_mail_server_does_not_lose_the_question(client, monkeypatch):
    make_staff("twente1", "novel-t")

    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(handoff_module, "send_mail", broken)
    assert client.post(TWENTE, VALID).status_code == 302
    assert HandoffRequest.objects.count() == 1


# --- Who may see it ----------------------------------------------------------------------------------------

CHANGELIST = "/beheer/routekaart/handoffrequest/"


def test_loket_staff_see_their_own_requests_only(client):
    twente = make_request("novel-t", "twente", company="Twents bedrijf")
    zwolle = make_request("kennispoort-regio-zwolle", "regio-zwolle", company="Zwols bedrijf")
    client.force_login(make_staff("twente1", "novel-t"))

    html = client.get(CHANGELIST).content.decode()
    assert "Twents bedrijf" in html
    assert "Zwols bedrijf" not in html
    assert client.get(f"{CHANGELIST}{twente.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{zwolle.pk}/change/").status_code == 403
    assert client.post(f"{CHANGELIST}{zwolle.pk}/change/", {"status": "afgehandeld"}).status_code == 403
    zwolle.refresh_from_db()
    assert zwolle.status == "nieuw"


def test_loket_staff_change_the_status_only_and_cannot_add_or_delete(client):
    twente = make_request("novel-t", "twente", question="Oorspronkelijke vraag")
    client.force_login(make_staff("twente1", "novel-t"))
    response = client.post(
        f"{CHANGELIST}{twente.pk}/change/", {"status": "in-behandeling", "question": "Veranderd"}
    )
    assert response.status_code == 302
    twente.refresh_from_db()
    assert (twente.status, twente.question) == ("in-behandeling", "Oorspronkelijke vraag")
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{twente.pk}/delete/").status_code == 403
    assert client.get("/beheer/catalog/organisationeditor/").status_code == 404  # roles are set on the user


def test_superuser_sees_all_requests(client, admin_user):
    make_request("novel-t", "twente", company="Twents bedrijf")
    make_request("kennispoort-regio-zwolle", "regio-zwolle", company="Zwols bedrijf")
    client.force_login(admin_user)
    html = client.get(CHANGELIST).content.decode()
    assert "Twents bedrijf" in html and "Zwols bedrijf" in html


def test_staff_without_a_loket_see_nothing(client):
    make_request("novel-t", "twente", company="Twents bedrijf")
    user = make_staff("elsewhere", "novel-t")
    OrganisationEditor.objects.filter(user=user).delete()
    client.force_login(user)
    assert "Twents bedrijf" not in client.get(CHANGELIST).content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    request = make_request("novel-t", "twente")
    for url in [CHANGELIST, f"{CHANGELIST}{request.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/beheer/login/" in response["Location"]


def test_handoff_requests_by_role(
    client, editor, other_editor, curator, provincial_admin, loket, other_loket
):
    own = HandoffRequest.objects.create(
        loket=loket,
        region=loket.regions.get(),
        profile="type=B",
        entrepreneur_type="B",
        name="N",
        email="n@voorbeeld.nl",
        company="Bedrijf van het eigen loket",
        question="Vraag",
        consent=True,
    )
    other = HandoffRequest.objects.create(
        loket=other_loket,
        region=other_loket.regions.get(),
        profile="type=B",
        entrepreneur_type="B",
        name="N",
        email="n@voorbeeld.nl",
        company="Bedrijf van het andere loket",
        question="Vraag",
        consent=True,
    )
    seen = {}
    for user in (editor, other_editor, curator, provincial_admin):
        client.force_login(user)
        seen[user.username] = set(client.get(CHANGELIST).context["cl"].result_list)
    assert seen == {
        "redacteur": {own},
        "redacteur-ander": {other},
        "curator": {own},
        "provincie": {own, other},
    }
    client.force_login(other_editor)
    assert client.get(f"{CHANGELIST}{own.pk}/change/").status_code == 403
    assert client.post(f"{CHANGELIST}{own.pk}/change/", {"status": "afgehandeld"}).status_code == 403
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 200
    own.refresh_from_db()
    assert own.status == "nieuw"


def test_handoff_mail_goes_to_the_editors_of_the_loket(editor, other_editor, loket, mailoutbox):
    request = HandoffRequest.objects.create(
        loket=loket,
        region=loket.regions.get(),
        profile="type=B",
        entrepreneur_type="B",
        name="N",
        email="n@voorbeeld.nl",
        company="Bedrijf",
        question="Vraag",
        consent=True,
    )
    assert handoff_module.notify_loket(handoff=request) == 1
    assert mailoutbox[0].to == [editor.email]


# --- How long it is kept -----------------------------------------------------------------------------------


def test_purge_deletes_requests_past_the_retention_period(settings):
    settings.HANDOFF_RETENTION_DAYS = 180
    old = make_request("novel-t", "twente")
    recent = make_request("novel-t", "twente")
    HandoffRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    HandoffRequest.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=179))

    call_command("purge_handoffs", verbosity=0)
    assert list(HandoffRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    call_command("purge_handoffs", verbosity=0)  # idempotent
    assert list(HandoffRequest.objects.values_list("pk", flat=True)) == [recent.pk]

    call_command("purge_handoffs", days=30, verbosity=0)
    assert not HandoffRequest.objects.exists()


def test_purge_refuses_a_negative_period():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_handoffs", days=-1, verbosity=0)


def test_privacy_page_states_the_retention_period(client, settings):
    settings.HANDOFF_RETENTION_DAYS = 120
    html = client.get("/privacy/").content.decode()
    assert "Hoe lang we uw vraag aan een loket bewaren" in html
    assert "automatisch 120 dagen" in html

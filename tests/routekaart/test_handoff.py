"""The warm hand-off: routekaart/handoff.py (which loket, storing, telling its staff, purging), the form at
/route/vraag/ (routekaart.views.handoff), and who may see a question in the admin (routekaart/admin.py)."""

import logging
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import OrganisationEditor, PublicationStatus
from routekaart import handoff as handoff_services
from routekaart.models import HandoffRequest
from routekaart.profile import Profile
from tests.admin_forms import submit
from tests.factories import LoketFactory, OrganisationFactory, RegionFactory, province_world
from tests.html import form_data, links, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

VALID = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "company": "De Vries Metaal",
    "question": "Hoe vind ik een hogeschool\r\nvoor een onderzoek?",
    "phone": "06 12345678",
    "consent": "on",
    "website": "",
}
CHANGELIST = "/beheer/routekaart/handoffrequest/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def bare_region(province):
    """A region of the province that no loket serves."""
    region = RegionFactory(name="Regio zonder loket", parents=[province])
    assert handoff_services.loket_for(region=region) is None
    return region


@pytest.fixture
def elsewhere(db):
    """A province that is not the portal's, with a region and a loket of its own."""
    return province_world(slug="elders")


def form_url(region, kind="B", factors=("kennis",)):
    return "/route/vraag/?" + urlencode(
        [("regio", region.slug), ("type", kind), *(("factor", f) for f in factors)]
    )


@pytest.fixture
def url(region, loket):
    """The form for a firm in `region`, which `loket` serves."""
    return form_url(region)


def make_staff(username, loket, *, email=None, active=True):
    """A staff member of `loket` with the permissions on questions a loket editor has."""
    user = User.objects.create_user(
        username, email=f"{username}@loket.example" if email is None else email, password="x" * 16
    )
    user.is_staff = True
    user.is_active = active
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="routekaart",
            codename__in=["view_handoffrequest", "change_handoffrequest", "delete_handoffrequest"],
        )
    )
    OrganisationEditor.objects.create(user=user, organisation=loket)
    return user


def make_request(loket, region, **fields):
    defaults = {
        "loket": loket,
        "profile": f"regio={region.slug}&type=B",
        "region": region,
        "entrepreneur_type": "B",
        "name": "N",
        "email": "n@voorbeeld.nl",
        "company": f"Bedrijf in {region.name}",
        "question": "Vraag",
        "consent": True,
    }
    return HandoffRequest.objects.create(**{**defaults, **fields})


def handoff_form(response):
    return page(response).find("form", class_="routekaart-form")


def kept_question(response):
    """What the visitor typed, shown read-only when it could not be sent."""
    return page(response).find("textarea", id="kept-question").get_text()


# --- Which loket -------------------------------------------------------------------------------------------


def test_the_loket_of_a_region_serves_its_municipalities_too(region, municipality, loket, bare_region):
    assert handoff_services.loket_for(region=region) == loket
    assert handoff_services.loket_for(region=municipality) == loket
    assert handoff_services.loket_for(region=bare_region) is None
    first = LoketFactory(name="Aa-loket", regions=[region])
    assert handoff_services.loket_for(region=region) == first  # two loketten: the first by name


def test_the_loketten_to_choose_from_are_the_published_loketten_of_the_province(
    province, loket, other_loket, elsewhere
):
    concept = LoketFactory(regions=[province], publication_status=PublicationStatus.CONCEPT)
    not_a_loket = OrganisationFactory(regions=[province])
    offered = set(handoff_services.province_loketten())
    assert {loket, other_loket} <= offered
    assert not offered & {elsewhere["loket"], concept, not_a_loket}


def test_submit_handoff_stores_the_question_with_the_profile_and_refuses_bad_input(region, loket, mailoutbox):
    profile = Profile(region, "C", ("financiering", "arbeid"))
    fields = {key: VALID[key] for key in ("name", "email", "company", "phone")}
    stored = handoff_services.submit_handoff(
        profile=profile, loket=loket, question="  Mijn vraag  ", consent=True, **fields
    )
    stored.refresh_from_db()
    assert (stored.loket, stored.region, stored.entrepreneur_type) == (loket, region, "C")
    assert stored.factors == "financiering, arbeid"
    assert stored.profile == profile.query_string()
    assert stored.question == "Mijn vraag"
    with pytest.raises(ValidationError):
        handoff_services.submit_handoff(
            profile=profile, loket=loket, question="Vraag", consent=True, **{**fields, "email": "geen-adres"}
        )
    assert HandoffRequest.objects.count() == 1


# --- The form ----------------------------------------------------------------------------------------------


def test_form_names_the_loket_of_the_region(
    client, url, region, loket, django_assert_max_num_queries, record_sets_kept
):
    client.get(url)  # the first visit reads the record sets of the loketten (catalog.recordsets)
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    form = handoff_form(response)
    assert page(response).h1.get_text(strip=True) == f"Leg uw vraag voor aan {loket.name}"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("input", attrs={"name": "website"})  # the honeypot
    assert form.find("select") is None  # the loket is known: nothing to choose
    assert "Na 180 dagen wissen we alles automatisch." in text(response)  # the retention, in the consent text
    assert links(response)[f"/route/?regio={region.slug}&type=B&factor=kennis"] == "Terug naar uw route"


def test_region_without_loket_lets_the_user_choose_one(
    client, bare_region, loket, other_loket, elsewhere, django_assert_max_num_queries, record_sets_kept
):
    client.get(form_url(bare_region))  # the first visit reads the record sets
    with django_assert_max_num_queries(6):
        response = client.get(form_url(bare_region))
    assert response.status_code == 200
    options = {option.get_text(strip=True) for option in page(response).select("select[name=loket] option")}
    assert {loket.name, other_loket.name} <= options
    assert elsewhere["loket"].name not in options


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?type=B",
        "?regio=atlantis&type=B",
        "?regio={region}&type=Z",
        "?regio={region}&type=B&factor=geld",
        "?regio={elsewhere}&type=B",
    ],
)
def test_missing_or_invalid_profile_gives_400_with_a_way_back(client, region, loket, elsewhere, query):
    url = "/route/vraag/" + query.format(region=region.slug, elsewhere=elsewhere["region"].slug)
    response = client.get(url)
    assert response.status_code == 400
    assert links(response)["/route/"] == "Naar de quickscan"
    response = client.post(url, VALID)
    assert response.status_code == 400
    assert kept_question(response) == VALID["question"]
    assert not HandoffRequest.objects.exists()


def test_valid_question_is_stored_and_only_that_lokets_staff_are_mailed(
    client, url, region, loket, other_loket, mailoutbox, django_capture_on_commit_callbacks
):
    make_staff("loket1", loket)
    make_staff("loket2", loket)
    make_staff("loket-vertrokken", loket, active=False)
    make_staff("loket-zonder-mail", loket, email="")
    make_staff("ander-loket", other_loket)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, VALID)
        assert mailoutbox == []  # not before the question is stored (committed)
    assert len(callbacks) == 1

    assert response.status_code == 302
    assert response["Location"].startswith("/mijn-vraag/") and response["Location"].endswith("/?verzonden=1")
    stored = HandoffRequest.objects.get()
    assert (stored.loket, stored.region) == (loket, region)
    assert (stored.entrepreneur_type, stored.factors) == ("B", "kennis")
    assert stored.profile == f"regio={region.slug}&type=B&factor=kennis"
    assert stored.question == "Hoe vind ik een hogeschool\nvoor een onderzoek?"
    assert (stored.name, stored.company, stored.phone) == ("Anna de Vries", "De Vries Metaal", "06 12345678")
    assert stored.status == HandoffRequest.Status.NIEUW and stored.consent
    assert stored.notified_at is not None

    assert [sorted(mail.to) for mail in mailoutbox] == [
        ["loket1@loket.example", "loket2@loket.example"],
        ["anna@voorbeeld.nl"],  # the confirmation, tested below
    ]
    mail = mailoutbox[0]
    assert loket.name in mail.subject
    assert f"/beheer/routekaart/handoffrequest/{stored.pk}/change/" in mail.body
    assert "Anna" not in mail.body and "anna@voorbeeld.nl" not in mail.body  # personal data stays in admin


def test_after_sending_the_firm_lands_on_its_own_question_page_with_the_link_to_keep(
    client, url, region, loket, monkeypatch, mail_server_down, django_capture_on_commit_callbacks
):
    """The link to Mijn vraag is on screen right after sending: the confirmation mail may never arrive."""

    mail_server_down(handoff_services)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID, follow=True)
    assert response.redirect_chain[0][0].startswith("/mijn-vraag/")
    assert "no-store" in response["Cache-Control"]
    shown = page(response)
    assert shown.h1.get_text(strip=True) == "Uw vraag is verstuurd"
    assert f"Een medewerker van {loket.name} neemt zelf contact met u op" in text(response)
    assert "Bewaar deze pagina" in text(response)
    own_link = response.redirect_chain[0][0].split("?")[0]
    assert links(response)[own_link] == f"http://testserver{own_link}"
    assert links(response)[f"/route/?regio={region.slug}&type=B&factor=kennis"] == "Terug naar uw route"
    assert "Hoe vind ik een hogeschool" in text(response)  # their question, as they wrote it
    # The same link later: the status page, without the notice.
    later = client.get(own_link)
    assert page(later).h1.get_text(strip=True) == "Mijn vraag"
    assert "Bewaar deze pagina" not in text(later)


def test_confirmation_page_says_who_will_contact_them(client, url, loket, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(f"{url}&verzonden={loket.slug}")
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == "Uw vraag is verstuurd"
    assert f"Een medewerker van {loket.name} neemt zelf contact met u op" in text(response)
    assert f"/organisaties/{loket.slug}/" in links(response)
    assert client.get(f"{url}&verzonden=onbekend").status_code == 400


@pytest.mark.parametrize(
    "suffix", ["&verzonden=%00", "&verzonden=eigen%00loket", "&sector=%00", "&factor=%00", "&regio=%00"]
)
def test_a_nul_byte_in_a_parameter_is_a_400_with_a_way_back(client, url, suffix):
    response = client.get(url + suffix)
    assert response.status_code == 400
    assert links(response)  # the page with its way back to the route, not a bare error


def test_a_nul_byte_in_the_profile_of_a_post_keeps_the_question(client, region, loket):
    response = client.post(f"/route/vraag/?regio={region.slug}%00&type=B", VALID)
    assert response.status_code == 400
    assert kept_question(response) == VALID["question"]
    assert not HandoffRequest.objects.exists()


def test_a_form_in_another_encoding_is_a_dutch_400_not_a_500(region, loket):
    """Django's own 400 view re-ran the CSRF check, which read the form again and raised: a bare 500."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    url = form_url(region)
    token = client.get(url).cookies["csrftoken"].value
    body = urlencode({**VALID, "csrfmiddlewaretoken": token}).encode("utf-16")
    post = {"X-CSRFToken": token}
    response = client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded; charset=utf-16", headers=post
    )
    assert response.status_code == 400
    assert text(page(response).h1) == "Deze vraag begrijpen we niet"
    assert not HandoffRequest.objects.exists()


def test_the_confirmation_names_only_loketten_of_the_province(client, url, elsewhere):
    assert client.get(f"{url}&verzonden={elsewhere['loket'].slug}").status_code == 400


def test_invalid_input_is_kept_with_clear_messages(client, url, mailoutbox):
    response = client.post(url, {**VALID, "email": "geen-adres", "name": "", "phone": "bel me"})
    assert response.status_code == 200
    shown = text(response)
    assert page(response).find(attrs={"role": "alert"})
    assert "Vul uw naam in." in shown
    assert "Vul een geldig e-mailadres in" in shown
    assert "Vul een telefoonnummer in" in shown
    form = handoff_form(response)
    kept = form_data(form)
    assert kept["email"] == ["geen-adres"]
    assert kept["company"] == ["De Vries Metaal"]
    assert kept["question"] == ["Hoe vind ik een hogeschool\r\nvoor een onderzoek?"]
    invalid = {field["name"] for field in form.find_all(attrs={"aria-invalid": "true"})}
    assert invalid == {"name", "email", "phone"}
    assert not HandoffRequest.objects.exists() and mailoutbox == []


def test_without_consent_nothing_is_stored(client, url):
    response = client.post(url, {key: value for key, value in VALID.items() if key != "consent"})
    assert response.status_code == 200
    assert "Geef toestemming, anders kunnen we uw vraag niet doorgeven." in text(response)
    assert form_data(handoff_form(response))["company"] == ["De Vries Metaal"]
    assert not HandoffRequest.objects.exists()


def test_consent_is_required_by_the_database_too(region, loket):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(loket, region, consent=False)


def test_too_long_question_is_refused_and_kept(client, url):
    response = client.post(url, {**VALID, "question": "x" * 2001})
    assert response.status_code == 200
    assert "hoogstens 2000 tekens (nu 2001)" in text(response)
    assert form_data(handoff_form(response))["question"] == ["x" * 2001]
    assert not HandoffRequest.objects.exists()


def test_honeypot_pretends_success_but_stores_nothing(client, url, loket, mailoutbox):
    make_staff("loket1", loket)
    response = client.post(url, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not HandoffRequest.objects.exists() and mailoutbox == []


def test_rate_limit_per_client_keeps_the_question(client, url):
    for _ in range(5):
        assert client.post(url, VALID, REMOTE_ADDR="10.0.0.1").status_code == 302
    response = client.post(url, {**VALID, "question": "Mijn zesde vraag"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert kept_question(response) == "Mijn zesde vraag"
    assert HandoffRequest.objects.count() == 5
    assert client.post(url, VALID, REMOTE_ADDR="10.0.0.2").status_code == 302  # another client


def test_region_without_loket_needs_a_chosen_loket(client, bare_region, other_loket, elsewhere):
    url = form_url(bare_region)
    response = client.post(url, VALID)
    assert response.status_code == 200
    assert "Kies een innovatieloket." in text(response)
    for not_offered in (OrganisationFactory(regions=[bare_region]), elsewhere["loket"]):
        response = client.post(url, {**VALID, "loket": not_offered.pk})
        assert response.status_code == 200
        assert "Kies een innovatieloket uit de lijst." in text(response)
    response = client.post(url, {**VALID, "loket": other_loket.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("/?verzonden=1")
    stored = HandoffRequest.objects.get()
    assert (stored.loket, stored.region) == (other_loket, bare_region)


def test_loket_without_staff_is_logged_and_the_question_still_stored(
    client, url, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="routekaart.handoff"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(url, VALID).status_code == 302
    assert HandoffRequest.objects.count() == 1
    assert [mail.to for mail in mailoutbox] == [[VALID["email"]]]  # only the confirmation to the firm
    assert "no staff" in caplog.text


def test_failing_mail_server_does_not_lose_the_question_and_is_retried(
    client,
    url,
    loket,
    monkeypatch,
    mail_server_down,
    mailoutbox,
    caplog,
    django_capture_on_commit_callbacks,
    settings,
):
    make_staff("loket1", loket)

    mail_server_down(handoff_services)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID)
    assert response.status_code == 302  # the visitor sees no error: the question is stored
    assert response["Location"].endswith("/?verzonden=1")
    stored = HandoffRequest.objects.get()
    assert stored.notified_at is None
    assert "notification mail" in caplog.text and "Traceback" not in caplog.text

    monkeypatch.undo()  # the mail server is back
    settings.SITE_URL = "https://routekaart.example"
    call_command("notify_handoffs", verbosity=0)
    assert [mail.to for mail in mailoutbox] == [["loket1@loket.example"]]
    assert (
        f"https://routekaart.example/beheer/routekaart/handoffrequest/{stored.pk}/change/"
        in mailoutbox[0].body
    )
    stored.refresh_from_db()
    assert stored.notified_at is not None
    call_command("notify_handoffs", verbosity=0)
    assert len(mailoutbox) == 1  # once


def test_a_hanging_mail_server_costs_one_timeout_and_shows_no_error(
    client, url, loket, settings, caplog, django_capture_on_commit_callbacks
):
    """A server that accepts the connection and never answers: the hand-off waits EMAIL_TIMEOUT once."""
    import socket
    import time

    make_staff("loket1", loket)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    try:
        started = time.monotonic()
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, VALID)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 302
    assert elapsed < 3
    assert HandoffRequest.objects.get().notified_at is None
    assert "mail server unavailable" in caplog.text


def test_both_mails_reach_a_real_smtp_server(
    client, url, loket, settings, django_capture_on_commit_callbacks
):
    """Once through Django's SMTP backend to a local SMTP sink (aiosmtpd): the loket's notification and the
    entrepreneur's confirmation arrive as real messages, with Dutch text intact and no personal data in the
    loket's."""
    import socket
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
            return "250 OK"

    make_staff("loket1", loket)
    sink = Sink()
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, VALID)
    finally:
        controller.stop()
    assert response.status_code == 302
    assert HandoffRequest.objects.get().notified_at is not None
    by_recipient = {tuple(rcpt): message for rcpt, message in sink.messages}
    assert set(by_recipient) == {("loket1@loket.example",), ("anna@voorbeeld.nl",)}
    notification = by_recipient[("loket1@loket.example",)]
    assert loket.name in notification["Subject"]
    body = notification.get_body().get_content()
    assert "/beheer/routekaart/handoffrequest/" in body and "Anna" not in body
    confirmation = by_recipient[("anna@voorbeeld.nl",)].get_body().get_content()
    assert loket.name in confirmation and "hogeschool" in confirmation


def test_email_timeout_is_set():
    from django.conf import settings

    assert settings.EMAIL_TIMEOUT == 10


# --- Who may see it ----------------------------------------------------------------------------------------


def test_loket_staff_see_their_own_requests_only(client, region, other_region, loket, other_loket):
    own = make_request(loket, region)
    other = make_request(other_loket, other_region)
    client.force_login(make_staff("loket1", loket))

    assert list(client.get(CHANGELIST).context["cl"].result_list) == [own]
    assert client.get(f"{CHANGELIST}{own.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 403
    assert (
        client.post(
            f"{CHANGELIST}{other.pk}/change/", {"status": "afgerond", "outcome": "advies-gegeven"}
        ).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.status == "nieuw"


def test_loket_staff_change_the_status_only_and_cannot_add_or_delete(client, region, loket):
    own = make_request(loket, region, question="Oorspronkelijke vraag")
    client.force_login(make_staff("loket1", loket))
    response = submit(client, f"{CHANGELIST}{own.pk}/change/", status="in-behandeling", question="Veranderd")
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.question) == ("in-behandeling", "Oorspronkelijke vraag")
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{own.pk}/delete/").status_code == 403
    assert client.get("/beheer/catalog/organisationeditor/").status_code == 404  # roles are set on the user


def test_superuser_sees_all_requests(client, admin_user, region, other_region, loket, other_loket):
    requests = {make_request(loket, region), make_request(other_loket, other_region)}
    client.force_login(admin_user)
    assert set(client.get(CHANGELIST).context["cl"].result_list) == requests


def test_staff_without_a_loket_see_nothing(client, region, loket):
    make_request(loket, region)
    user = make_staff("elders", loket)
    OrganisationEditor.objects.filter(user=user).delete()
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_anonymous_visitors_are_sent_to_the_login(client, region, loket):
    request = make_request(loket, region)
    for url in [CHANGELIST, f"{CHANGELIST}{request.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/beheer/login/" in response["Location"]


def test_handoff_requests_by_role(
    client, editor, other_editor, curator, provincial_admin, region, other_region, loket, other_loket
):
    own = make_request(loket, region)
    other = make_request(other_loket, other_region)
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
    assert (
        client.post(
            f"{CHANGELIST}{own.pk}/change/", {"status": "afgerond", "outcome": "advies-gegeven"}
        ).status_code
        == 403
    )
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 200
    own.refresh_from_db()
    assert own.status == "nieuw"


def test_handoff_mail_goes_to_the_editors_of_the_loket(editor, other_editor, region, loket, mailoutbox):
    assert handoff_services.notify_loket(handoff=make_request(loket, region)) == 1
    assert mailoutbox[0].to == [editor.email]


# --- How long it is kept -----------------------------------------------------------------------------------


def test_purge_deletes_requests_past_the_retention_period(settings, region, loket):
    settings.HANDOFF_RETENTION_DAYS = 180
    old = make_request(loket, region)
    recent = make_request(loket, region)
    HandoffRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    HandoffRequest.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=179))

    call_command("purge_handoffs", verbosity=0)
    assert list(HandoffRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    call_command("purge_handoffs", verbosity=0)  # idempotent
    assert list(HandoffRequest.objects.values_list("pk", flat=True)) == [recent.pk]

    call_command("purge_handoffs", days=30, verbosity=0)
    assert not HandoffRequest.objects.exists()


def test_purge_refuses_a_negative_period():
    with pytest.raises(CommandError):
        call_command("purge_handoffs", days=-1, verbosity=0)


def test_privacy_page_states_the_retention_period(client, settings):
    settings.HANDOFF_RETENTION_DAYS = 120
    shown = text(client.get("/privacy/"))
    assert "Hoe lang we uw vraag aan een loket bewaren" in shown
    assert "automatisch 120 dagen" in shown


def test_bidi_and_invisible_characters_do_not_reach_the_admin_list(client, url, admin_user):
    """A right-to-left override would show a name mirrored (or as another name) to the loket's staff."""
    response = client.post(
        url, {**VALID, "name": "\u202eseirV ed annA\u202c", "company": "De\u200b Vries\ufeff Metaal\u2066"}
    )
    assert response.status_code == 302
    stored = HandoffRequest.objects.get()
    assert (stored.name, stored.company) == ("seirV ed annA", "De Vries Metaal")
    client.force_login(admin_user)
    assert "\u202e" not in client.get(CHANGELIST).content.decode()

"""Mijn vraag: the entrepreneur follows their question through a private link (routekaart/status.py, the views
my_question*, the link in the confirmation mail)."""

import hashlib
import logging
import re
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from routekaart import handoff as handoff_services
from routekaart import status as status_services
from routekaart.logfilters import RedactPrivateLinks
from routekaart.models import HandoffAddition, HandoffNote, HandoffRequest
from tests.html import form_data, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

QUESTION = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "company": "De Vries Metaal",
    "question": "Hoe vind ik een hogeschool voor een onderzoek?",
    "phone": "06 12345678",
    "consent": "on",
    "website": "",
}
LINK = re.compile(r"https?://[^\s]+/mijn-vraag/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def ask(client, region, mailoutbox, capture):
    """Send a question through the form; returns (stored question, its token from the confirmation mail)."""
    url = "/route/vraag/?" + urlencode([("regio", region.slug), ("type", "B"), ("factor", "kennis")])
    with capture(execute=True):
        assert client.post(url, QUESTION).status_code == 302
    confirmation = next(mail for mail in mailoutbox if mail.to == [QUESTION["email"]])
    token = LINK.search(confirmation.body).group(1)
    return HandoffRequest.objects.get(email=QUESTION["email"]), token


@pytest.fixture
def asked(client, region, loket, mailoutbox, django_capture_on_commit_callbacks):
    handoff, token = ask(client, region, mailoutbox, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    return handoff, token


def status_url(token):
    return f"/mijn-vraag/{token}/"


def stored_values(handoff):
    return [str(value) for value in HandoffRequest.objects.filter(pk=handoff.pk).values().get().values()]


# --- The token ---------------------------------------------------------------------------------------------


def test_the_token_is_long_random_and_only_its_hash_is_stored(
    client, region, loket, mailoutbox, django_capture_on_commit_callbacks
):
    first, token = ask(client, region, mailoutbox, django_capture_on_commit_callbacks)
    assert len(token) >= 43  # 256 random bits
    assert first.status_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in value for value in stored_values(first))  # a copy of the database opens nothing

    cache.clear()  # the form's rate limit
    first.email = "eerder@voorbeeld.nl"
    first.save()
    mailoutbox.clear()
    second, other = ask(client, region, mailoutbox, django_capture_on_commit_callbacks)
    assert other != token and second.status_token_hash != first.status_token_hash


def test_the_link_in_the_confirmation_mail_opens_the_status_page(
    client, asked, loket, editor, django_assert_max_num_queries
):
    handoff, token = asked
    HandoffNote.objects.create(handoff=handoff, author=editor, text="Intern: bellen na de vakantie")
    HandoffRequest.objects.filter(pk=handoff.pk).update(status="in-behandeling", assignee=editor)
    with django_assert_max_num_queries(6):
        response = client.get(status_url(token))
    assert response.status_code == 200
    shown = text(response)
    assert page(response).h1.get_text(strip=True) == "Mijn vraag"
    assert f"{loket.name} is met uw vraag bezig." in shown  # the status in words
    assert "in-behandeling" not in shown and "In behandeling" not in shown  # not the internal code
    assert "Intern: bellen" not in shown and "redacteur" not in shown  # no notes, no assignee
    created = timezone.localtime(handoff.created_at)
    removed = created + timedelta(days=180)
    assert f"Binnengekomen op {created.day} " in shown and f"Gewist op {removed.day} " in shown
    assert "Zelf contact opnemen met Eigen loket" in shown and "Telefoonnummer" in shown
    assert QUESTION["question"] in shown


def test_the_page_is_private_and_never_cached(client, asked, settings):
    settings.PAGE_CACHE_SECONDS = 600
    handoff, token = asked
    response = client.get(status_url(token))
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert page(response).find("meta", attrs={"name": "robots"})["content"].startswith("noindex")

    HandoffRequest.objects.filter(pk=handoff.pk).update(status="in-behandeling")
    assert "is met uw vraag bezig" in text(client.get(status_url(token)))  # not a stored copy


# --- Links that open nothing -------------------------------------------------------------------------------


def test_wrong_expired_withdrawn_and_reused_links_give_the_same_dutch_404(client, asked, monkeypatch):
    handoff, token = asked
    came_in = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    HandoffRequest.objects.filter(pk=handoff.pk).update(created_at=came_in)

    def frozen(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    frozen(came_in + timedelta(days=180) - timedelta(minutes=1))
    assert client.get(status_url(token)).status_code == 200  # the last minute of the retention period

    wrong = client.get(status_url(token[:-1] + ("A" if token[-1] != "A" else "B")))
    frozen(came_in + timedelta(days=180, minutes=1))
    expired = client.get(status_url(token))  # past the period, even before purge_handoffs ran
    frozen(came_in + timedelta(days=1))
    nonsense = client.get("/mijn-vraag/kort/intrekken/")
    status_services.withdraw(HandoffRequest.objects.get(pk=handoff.pk))
    withdrawn = client.get(status_url(token))
    reused = client.post(status_url(token), {"text": "Nog iets"})

    answers = [wrong, expired, nonsense, withdrawn, reused]
    assert [response.status_code for response in answers] == [404] * 5
    assert page(wrong).h1.get_text(strip=True) == "Deze link werkt niet (meer)"
    assert len({text(response) for response in answers}) == 1  # no hint which case it was
    assert all("no-store" in response["Cache-Control"] for response in answers)


def test_trying_many_links_is_stopped_for_that_visitor(client, asked):
    handoff, token = asked
    for attempt in range(status_services.LOOKUPS.limit):
        assert client.get(status_url(f"geraden-{attempt}")).status_code == 404
    assert client.get(status_url(token)).status_code == 429  # even the right link, for a while
    assert Client(REMOTE_ADDR="192.0.2.9").get(status_url(token)).status_code == 200  # another visitor


def test_the_token_stays_out_of_our_logs(client, asked, caplog):
    handoff, token = asked
    with caplog.at_level(logging.DEBUG):
        client.get(status_url("verkeerd-" + token))
        client.post(status_url(token), {"text": ""})
    assert token not in caplog.text

    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Not Found: %s", (status_url(token),), None)
    RedactPrivateLinks().filter(record)
    assert record.getMessage() == "Not Found: /mijn-vraag/[verborgen]/"


def test_the_access_log_of_gunicorn_hides_the_token():
    import runpy
    from datetime import timedelta as duration
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config

    conf = runpy.run_path(str(Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"))
    logger = conf["logger_class"](Config())
    path = "/mijn-vraag/" + "x" * 43 + "/intrekken/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://example.nl" + path,
    }
    atoms = logger.atoms(
        SimpleNamespace(status="200 OK", sent=1, headers=[]),
        [("REFERER", environ["HTTP_REFERER"])],
        environ,
        duration(seconds=1),
    )
    assert "x" * 43 not in " ".join(str(value) for value in atoms.values())
    assert atoms["r"] == "GET /mijn-vraag/[verborgen]/intrekken/ HTTP/1.1"


# --- Adding information ------------------------------------------------------------------------------------


def test_added_information_shows_in_admin_and_the_loket_is_told(
    client, asked, editor, mailoutbox, django_capture_on_commit_callbacks
):
    handoff, token = asked
    form = page(client.get(status_url(token))).find("form", class_="routekaart-form")
    data = {**form_data(form), "text": "Ons nieuwe nummer is 06 11112222."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url(token), data)
    assert response.status_code == 302
    shown = text(client.get(response["Location"]))
    assert "Uw aanvulling is bewaard" in shown and "Ons nieuwe nummer" in shown

    assert list(HandoffAddition.objects.filter(handoff=handoff).values_list("text", flat=True)) == [
        "Ons nieuwe nummer is 06 11112222."
    ]
    [mail] = mailoutbox
    assert mail.to == [editor.email]
    assert f"/beheer/routekaart/handoffrequest/{handoff.pk}/change/" in mail.body
    assert "06 11112222" not in mail.body and "Anna" not in mail.body  # no personal data in the mail

    staff = Client()
    staff.force_login(editor)
    admin_page = text(staff.get(f"/beheer/routekaart/handoffrequest/{handoff.pk}/change/"))
    assert "Van de ondernemer" in admin_page and "Ons nieuwe nummer is 06 11112222." in admin_page


def test_an_empty_addition_is_refused_in_dutch(client, asked):
    handoff, token = asked
    response = client.post(status_url(token), {"text": "  "})
    assert response.status_code == 200
    assert "Schrijf op wat u wilt toevoegen." in text(page(response).find(role="alert"))
    assert not HandoffAddition.objects.exists()


def test_posts_need_the_csrf_token_and_our_own_origin(asked):
    handoff, token = asked
    browser = Client(enforce_csrf_checks=True)
    form = page(browser.get(status_url(token))).find("form", class_="routekaart-form")
    assert browser.post(status_url(token), {"text": "Zonder token"}).status_code == 403
    assert (
        browser.post(status_url(token), {"text": "Van elders"}, headers={"Origin": "https://kwaad.example"})
    ).status_code == 403
    data = {**form_data(form), "text": "Met token"}
    assert browser.post(status_url(token), data, headers={"Origin": "null"}).status_code == 403
    assert browser.post(status_url(token), data, headers={"Origin": "http://testserver"}).status_code == 302
    assert HandoffAddition.objects.get().text == "Met token"


# --- Withdrawing -------------------------------------------------------------------------------------------


def test_withdrawing_asks_first_then_erases_the_personal_data(client, asked, editor, loket, region):
    handoff, token = asked
    HandoffNote.objects.create(handoff=handoff, author=editor, text="Anna belde: 06 98765432")
    HandoffAddition.objects.create(handoff=handoff, text="Mijn collega Piet weet meer")
    kind = ContentType.objects.get_for_model(HandoffRequest)
    LogEntry.objects.create(
        user=editor,
        content_type=kind,
        object_id=str(handoff.pk),
        object_repr=str(handoff),
        action_flag=CHANGE,
    )

    confirm = client.get(f"/mijn-vraag/{token}/intrekken/")
    assert confirm.status_code == 200 and "no-store" in confirm["Cache-Control"]
    assert page(confirm).h1.get_text(strip=True) == "Wilt u uw vraag echt intrekken?"
    assert HandoffRequest.objects.get(pk=handoff.pk).question  # nothing happens on the first step

    response = client.post(
        f"/mijn-vraag/{token}/intrekken/", form_data(page(confirm).find("form", method="post"))
    )
    assert response.status_code == 302 and response["Location"] == "/mijn-vraag/ingetrokken/"
    done = client.get(response["Location"])
    assert page(done).h1.get_text(strip=True) == "Uw vraag is ingetrokken"
    assert "no-store" in done["Cache-Control"]

    row = HandoffRequest.objects.get(pk=handoff.pk)
    assert (row.name, row.email, row.phone, row.company, row.question) == ("", "", "", "", "")
    assert not HandoffNote.objects.filter(handoff=handoff).exists()
    assert not HandoffAddition.objects.filter(handoff=handoff).exists()
    assert row.status_token_hash is None and row.withdrawn_at is not None
    # What stays, for counting: the loket, region, type, factors, dates and how it ended.
    assert (row.loket, row.region, row.entrepreneur_type, row.factors) == (loket, region, "B", "kennis")
    assert (row.status, row.outcome) == ("afgerond", "ondernemer-ziet-af")
    assert not any(
        value and value in " ".join(stored_values(row)) for value in QUESTION.values() if len(value) > 3
    )
    assert set(LogEntry.objects.filter(object_id=str(handoff.pk)).values_list("object_repr", flat=True)) == {
        HandoffRequest.FORGOTTEN
    }
    assert client.get(status_url(token)).status_code == 404

    staff = Client()
    staff.force_login(editor)
    admin_page = text(staff.get(f"/beheer/routekaart/handoffrequest/{handoff.pk}/change/"))
    assert "Ja, door de ondernemer op" in admin_page and "Anna" not in admin_page
    assert handoff_services.notify_unsent() == 0  # nobody is told about a withdrawn question

""" "Ik wil meedoen": joining a learning community (routekaart/submissions.py, the form at
/leergemeenschappen/<slug>/meedoen/, and who sees a request in the admin). The same privacy rules as the
question to a loket: consent, only the contact organisation and the region's curator see it, rate limited,
purged after the retention period."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from catalog.models import CommunityStatus, LearningCommunity, PublicationStatus
from routekaart.models import JoinRequest
from tests.html import links, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

VALID = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "organisation_name": "De Vries Metaal",
    "message": "Wij willen leren over\r\nslim onderhoud.",
    "consent": "on",
    "website": "",
}
CHANGELIST = "/beheer/routekaart/joinrequest/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def make_community(contact, region, *, slug="onderhoud-leren", status=CommunityStatus.ACTIEF, **fields):
    community = LearningCommunity.objects.create(
        slug=slug,
        name=fields.pop("name", "Samen leren over onderhoud"),
        theme="Slim onderhoud",
        contact=contact,
        status=status,
        summary="Bedrijven en scholen leren samen.",
        publication_status=fields.pop("publication_status", PublicationStatus.PUBLISHED),
        **fields,
    )
    community.regions.set([region])
    return community


@pytest.fixture
def community(loket, region):
    return make_community(loket, region)


@pytest.fixture
def other_community(other_loket, other_region):
    return make_community(other_loket, other_region, slug="elders-leren", name="Elders leren")


def url(community):
    return f"/leergemeenschappen/{community.slug}/meedoen/"


def make_request(community, **fields):
    defaults = {
        "community": community,
        "name": "N",
        "email": "n@voorbeeld.nl",
        "organisation_name": "Bedrijf",
        "consent": True,
    }
    return JoinRequest.objects.create(**{**defaults, **fields})


# --- The form ----------------------------------------------------------------------------------------------


def test_the_form_names_the_organisation_that_gets_the_request(client, community, loket):
    response = client.get(url(community))
    assert response.status_code == 200
    assert loket.name in text(page(response).find("main"))
    assert page(response).find("form", class_="routekaart-form") is not None


@pytest.mark.parametrize("status", [PublicationStatus.CONCEPT, PublicationStatus.REVIEW])
def test_an_unpublished_or_unknown_community_is_not_found(client, loket, region, status):
    draft = make_community(loket, region, slug="concept", publication_status=status)
    assert client.get(url(draft)).status_code == 404
    assert client.get("/leergemeenschappen/bestaat-niet/meedoen/").status_code == 404


def test_a_request_is_stored_and_only_the_contact_organisation_is_mailed(
    client, community, editor, other_editor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(community), VALID)
    assert response.status_code == 302
    [stored] = JoinRequest.objects.all()
    assert (stored.community, stored.name, stored.organisation_name) == (
        community,
        "Anna de Vries",
        "De Vries Metaal",
    )
    assert stored.notified_at is not None

    to_editors, confirmation = mailoutbox
    assert to_editors.to == [editor.email]  # not the other loket's editor
    assert "Anna" not in to_editors.body and "anna@voorbeeld.nl" not in to_editors.body
    assert f"{CHANGELIST}{stored.pk}/change/" in to_editors.body
    assert confirmation.to == ["anna@voorbeeld.nl"]
    assert community.contact.name in confirmation.body

    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "ontvangen" in text(page(sent).find("main"))


def test_invalid_input_keeps_what_was_typed_and_says_what_to_fix(client, community):
    response = client.post(url(community), {**VALID, "email": "geen-adres", "consent": ""})
    assert response.status_code == 200
    assert not JoinRequest.objects.exists()
    main = text(page(response).find("main"))
    assert "Vul een geldig e-mailadres in" in main
    assert "Geef toestemming" in main
    form = page(response).find("form", class_="routekaart-form")
    assert form.find("input", attrs={"name": "organisation_name"})["value"] == "De Vries Metaal"
    assert "slim onderhoud" in form.find("textarea", attrs={"name": "message"}).get_text()


def test_a_too_long_message_is_refused_and_kept(client, community):
    long = "x" * (JoinRequest.MESSAGE_MAX_LENGTH + 1)
    response = client.post(url(community), {**VALID, "message": long})
    assert response.status_code == 200
    assert not JoinRequest.objects.exists()
    assert "te lang" in text(page(response).find("main"))


def test_the_honeypot_pretends_success_but_stores_nothing(client, community, mailoutbox):
    response = client.post(url(community), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not JoinRequest.objects.exists()
    assert mailoutbox == []


def test_the_rate_limit_per_client_keeps_the_message(client, community):
    for _ in range(5):
        assert client.post(url(community), VALID).status_code == 302
    response = client.post(url(community), {**VALID, "message": "Mijn zesde bericht"})
    assert response.status_code == 429
    assert "Mijn zesde bericht" in page(response).find("textarea", id="kept-message").get_text()
    assert JoinRequest.objects.count() == 5


@pytest.mark.parametrize("status", [CommunityStatus.VOL, CommunityStatus.AFGELOPEN])
def test_a_full_or_ended_community_takes_no_requests_and_says_where_to_go(client, loket, region, status):
    closed = make_community(loket, region, slug="dicht", status=status)
    response = client.get(url(closed))
    assert response.status_code == 200
    assert page(response).find("form", class_="routekaart-form") is None
    assert loket.name in text(page(response).find("main"))
    assert client.post(url(closed), VALID).status_code == 200
    assert not JoinRequest.objects.exists()


def test_a_community_of_unknown_status_takes_requests(client, loket, region):
    unknown = make_community(loket, region, slug="onbekend", status=CommunityStatus.ONBEKEND)
    assert client.post(url(unknown), VALID).status_code == 302
    assert JoinRequest.objects.filter(community=unknown).exists()


def test_a_nul_byte_never_reaches_the_database(client, community):
    assert client.post(url(community), {**VALID, "name": "An\x00na"}).status_code == 302
    assert JoinRequest.objects.get().name == "Anna"


# --- Who sees a request ------------------------------------------------------------------------------------


def test_join_requests_by_role(
    client, editor, other_editor, curator, provincial_admin, community, other_community
):
    own = make_request(community)
    other = make_request(other_community)
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
    client.force_login(editor)
    assert client.get(f"{CHANGELIST}{own.pk}/change/").status_code == 200
    assert client.get(f"{CHANGELIST}{own.pk}/delete/").status_code == 403
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_admin_log_keeps_no_personal_data(community):
    assert "Bedrijf" not in str(make_request(community, organisation_name="Bedrijf"))


# --- How long it is kept -----------------------------------------------------------------------------------


def test_purge_deletes_requests_past_the_retention_period(settings, community):
    settings.HANDOFF_RETENTION_DAYS = 180
    old, recent = make_request(community), make_request(community)
    JoinRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    JoinRequest.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=179))
    call_command("purge_handoffs", verbosity=0)
    assert list(JoinRequest.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (CommunityStatus.ACTIEF, True),
        (CommunityStatus.STARTEND, True),
        (CommunityStatus.ONBEKEND, True),
        (CommunityStatus.VOL, False),
        (CommunityStatus.AFGELOPEN, False),
    ],
)
def test_the_community_page_offers_to_join_unless_it_is_full_or_ended(client, loket, region, status, offered):
    shown = make_community(loket, region, slug=f"gemeenschap-{status}", status=status)
    response = client.get(f"/leergemeenschappen/{shown.slug}/")
    assert (url(shown) in links(response)) is offered


def test_the_kennisbank_invites_firms_to_share_their_knowledge(client):
    assert links(client.get("/kennisbank/"))["/kennisbank/delen/"] == "Deel uw kennis"


def test_the_join_form_reads_the_same_few_queries_however_many_communities_there_are(
    client, community, loket, region, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert client.get(url(community)).status_code == 200
    for n in range(30):
        make_community(loket, region, slug=f"extra-{n}")
    with django_assert_max_num_queries(4):
        assert client.get(url(community)).status_code == 200

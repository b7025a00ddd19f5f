""" "Deel uw kennis" (/kennisbank/delen/): a firm offers what it knows to other firms, or its story as an
ambassador. It goes to the loket of its region as a draft for the editors: nothing is published from it, and
it has the hand-off's privacy rules."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from catalog.models import KnowledgeOffer, LearningCommunity
from routekaart.models import KnowledgeShare
from tests.factories import LoketFactory, RegionFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

URL = "/kennisbank/delen/"
CHANGELIST = "/beheer/routekaart/knowledgeshare/"
VALID = {
    "name": "Piet Jansen",
    "email": "piet@voorbeeld.nl",
    "organisation_name": "Jansen Kunststof",
    "form": "bedrijfsbezoek",
    "offer": "U kunt onze nieuwe spuitgietmachine zien\r\nen horen hoe we die inzetten.",
    "ambassador": "on",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def form_url(region):
    return f"{URL}?{urlencode({'regio': region.slug})}"


def make_share(loket, region, **fields):
    defaults = {
        "name": "N",
        "email": "n@voorbeeld.nl",
        "organisation_name": "B",
        "offer": "Iets",
        "consent": True,
    }
    return KnowledgeShare.objects.create(loket=loket, region=region, **{**defaults, **fields})


def test_without_a_region_the_visitor_chooses_one_first(client, region):
    response = client.get(URL)
    assert response.status_code == 200
    options = [o["value"] for o in page(response).select("select#id_regio option")]
    assert region.slug in options
    assert client.get(f"{URL}?regio=bestaat-niet").status_code == 400
    assert client.get(f"{URL}?regio=a%00b").status_code == 400


def test_the_offer_goes_to_the_loket_of_the_region_and_publishes_nothing(
    client, region, loket, editor, other_editor, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.get(form_url(region))
    assert loket.name in text(page(response).find("main"))
    offers, communities = KnowledgeOffer.objects.count(), LearningCommunity.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(region), VALID)
    assert response.status_code == 302
    [share] = KnowledgeShare.objects.all()
    assert (share.loket, share.region, share.form, share.ambassador) == (
        loket,
        region,
        "bedrijfsbezoek",
        True,
    )
    assert (KnowledgeOffer.objects.count(), LearningCommunity.objects.count()) == (offers, communities)

    to_editors, confirmation = mailoutbox
    assert to_editors.to == [editor.email]
    assert "Piet" not in to_editors.body and "piet@voorbeeld.nl" not in to_editors.body
    assert confirmation.to == ["piet@voorbeeld.nl"]
    assert "spuitgietmachine" in confirmation.body
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert loket.name in text(page(sent).find("main"))


def test_a_region_without_a_loket_lets_the_firm_choose_one(client, province, loket):
    bare = RegionFactory(name="Regio zonder loket", parents=[province])
    response = client.get(form_url(bare))
    choices = [o.get_text(strip=True) for o in page(response).select("select#id_loket option") if o["value"]]
    assert choices == [loket.name]
    assert client.post(form_url(bare), VALID).status_code == 200  # no loket chosen: a message, nothing stored
    assert not KnowledgeShare.objects.exists()
    assert client.post(form_url(bare), {**VALID, "loket": loket.pk}).status_code == 302
    assert KnowledgeShare.objects.get().loket == loket


def test_invalid_input_keeps_what_was_typed_and_says_what_to_fix(client, region, loket):
    response = client.post(form_url(region), {**VALID, "offer": "", "form": "toverij", "consent": ""})
    assert response.status_code == 200
    assert not KnowledgeShare.objects.exists()
    main = text(page(response).find("main"))
    for message in ("Schrijf op wat u wilt delen", "Kies een vorm uit de lijst", "Geef toestemming"):
        assert message in main
    assert page(response).find("input", attrs={"name": "organisation_name"})["value"] == "Jansen Kunststof"


def test_a_post_without_a_known_region_keeps_the_text(client, region, loket):
    response = client.post(f"{URL}?regio=onbekend", VALID)
    assert response.status_code == 400
    assert "spuitgietmachine" in page(response).find("textarea", id="kept-offer").get_text()


def test_the_rate_limit_keeps_the_text(client, region, loket):
    for _ in range(5):
        assert client.post(form_url(region), VALID).status_code == 302
    response = client.post(form_url(region), {**VALID, "offer": "Mijn zesde aanbod"})
    assert response.status_code == 429
    assert "Mijn zesde aanbod" in page(response).find("textarea", id="kept-offer").get_text()


def test_the_honeypot_pretends_success_but_stores_nothing(client, region, loket, mailoutbox):
    assert client.post(form_url(region), {**VALID, "website": "x"}).status_code == 302
    assert not KnowledgeShare.objects.exists()
    assert mailoutbox == []


def test_offers_to_share_by_role(
    client, editor, other_editor, curator, provincial_admin, region, other_region, loket, other_loket
):
    own, other = make_share(loket, region), make_share(other_loket, other_region)
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


def test_purge_deletes_offers_past_the_retention_period(settings, region, loket):
    settings.HANDOFF_RETENTION_DAYS = 180
    old, recent = make_share(loket, region), make_share(loket, region)
    KnowledgeShare.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    call_command("purge_handoffs", verbosity=0)
    assert list(KnowledgeShare.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_share_form_is_not_a_knowledge_offer_page(client, region):
    """/kennisbank/delen/ is the form, whatever slugs the kennisbank has."""
    LoketFactory(regions=[region])
    assert client.get(URL).status_code == 200


def test_the_share_form_reads_the_same_few_queries_however_many_loketten_there_are(
    client, province, region, loket, django_assert_max_num_queries, record_sets_kept
):
    bare = RegionFactory(name="Regio zonder loket", parents=[province])
    for path in (URL, form_url(region), form_url(bare)):
        client.get(path)  # the record sets of the loketten, read once per catalogue version
        with django_assert_max_num_queries(8, info=path):
            assert client.get(path).status_code == 200
    for _ in range(30):
        LoketFactory(regions=[province])
    cache.clear()  # a new catalogue version
    for path in (URL, form_url(region), form_url(bare)):
        client.get(path)
        with django_assert_max_num_queries(8, info=path):
            assert client.get(path).status_code == 200


# --- An offer to become an ambassador (issue 13, item 3) ----------------------------------------------------


def test_an_ambassador_request_is_seen_with_its_flag_by_that_loket_and_the_regions_curator_only(
    client, editor, other_editor, curator, provincial_admin, region, other_region, loket, other_loket
):
    own = make_share(loket, region, ambassador=True, organisation_name="Eigen Pionier BV")
    make_share(other_loket, other_region, ambassador=False, organisation_name="Ander Bedrijf BV")
    for user in (editor, curator, provincial_admin):
        client.force_login(user)
        response = client.get(CHANGELIST, {"ambassador__exact": "1"})
        assert list(response.context["cl"].result_list) == [own], user.username
        row = page(response).select_one("#result_list tbody tr")
        assert row.select_one("td.field-ambassador img[alt=True]") is not None  # the flag, as a yes icon
    client.force_login(other_editor)
    response = client.get(CHANGELIST, {"ambassador__exact": "1"})
    assert list(response.context["cl"].result_list) == []
    assert "Eigen Pionier BV" not in text(client.get(CHANGELIST))
    assert client.get(f"{CHANGELIST}{own.pk}/change/").status_code == 403


def test_an_ambassador_request_publishes_nothing_and_is_purged_after_the_retention_period(
    client, settings, region, loket
):
    from catalog.models import Ambassador

    before = set(Ambassador.objects.values_list("pk", flat=True))
    assert client.post(form_url(region), VALID).status_code == 302
    share = KnowledgeShare.objects.get()
    assert share.ambassador is True
    assert set(Ambassador.objects.values_list("pk", flat=True)) == before  # a draft for the loket, no page
    assert "Piet Jansen" not in text(client.get("/ambassadeurs/"))
    settings.HANDOFF_RETENTION_DAYS = 180
    KnowledgeShare.objects.filter(pk=share.pk).update(created_at=timezone.now() - timedelta(days=181))
    call_command("purge_handoffs", verbosity=0)
    assert not KnowledgeShare.objects.exists()

"""Suggestions for loket staff on a question handed to a loket (routekaart/matching.py and the readonly field
"Suggesties voor dit loket" of HandoffRequestAdmin): a small hand-made set of knowledge offers, learning
communities and practice examples, and questions an experienced loket advisor would answer with a known
best record."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import (
    CommunityStatus,
    KnowledgeForm,
    OfferDuration,
    OfferLevel,
    OrganisationKind,
    PublicationStatus,
    Scope,
    SearchSynonym,
)
from catalog.search import find
from routekaart import matching
from routekaart.models import HandoffRequest
from tests.factories import (
    EntrepreneurTypeFactory,
    FactorFactory,
    KnowledgeOfferFactory,
    LearningCommunityFactory,
    LoketFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    ThemeFactory,
)
from tests.html import page, text

pytestmark = pytest.mark.django_db

CHANGELIST = "/beheer/routekaart/handoffrequest/"


@pytest.fixture
def world(db):
    """Overijssel with Twente (and Rijssen-Holten in it), Zwolle and Salland; a loket for Twente; the synonym
    groups the starting data has for these words (fixtures/search_synonyms.yaml)."""
    SearchSynonym.objects.update_or_create(
        key="stage",
        defaults={"words": "stagiair, stage, stageplek, student, studenten, afstudeerder, afstuderen"},
    )
    land = RegionFactory(name="Nederland", slug="test-nederland", scope=Scope.LAND)
    province = RegionFactory(name="Overijssel", slug="test-overijssel", scope=Scope.PROVINCIE, parents=[land])
    twente = RegionFactory(name="Twente", slug="test-twente", parents=[province])
    rijssen = RegionFactory(
        name="Rijssen-Holten", slug="test-rijssen-holten", scope=Scope.GEMEENTE, parents=[twente]
    )
    zwolle = RegionFactory(name="Regio Zwolle", slug="test-zwolle", parents=[province])
    salland = RegionFactory(name="Salland", slug="test-salland", parents=[province])
    kennis, arbeid, netwerk = (FactorFactory(slug=slug) for slug in ("kennis", "arbeid", "netwerk"))
    metaal = ThemeFactory(slug="test-maakindustrie", name="Maakindustrie")
    zorg = ThemeFactory(slug="test-zorg", name="Zorg")
    type_b = EntrepreneurTypeFactory(code="B")
    roc = OrganisationFactory(name="ROC van Twente", kind=OrganisationKind.KENNISINSTELLING)
    hogeschool = OrganisationFactory(name="Hogeschool Oost", kind=OrganisationKind.KENNISINSTELLING)
    universiteit = OrganisationFactory(name="Universiteit Zwolle", kind=OrganisationKind.KENNISINSTELLING)
    w = {
        "province": province,
        "twente": twente,
        "rijssen": rijssen,
        "zwolle": zwolle,
        "salland": salland,
        "metaal": metaal,
        "loket": LoketFactory(name="Loket Twente", regions=[twente]),
    }
    offer = KnowledgeOfferFactory
    w["mbo_stage"] = offer(
        name="Mbo-stage in de metaal",
        provider=roc,
        form=KnowledgeForm.STAGE,
        level=OfferLevel.MBO,
        duration=OfferDuration.KORT,
        regions=[twente],
        factors=[arbeid],
        themes=[metaal],
        summary="Een mbo-student techniek loopt stage in uw werkplaats, bijvoorbeeld op de CNC-afdeling.",
    )
    w["hbo_afstuderen"] = offer(
        name="Afstudeeropdracht werktuigbouwkunde",
        provider=hogeschool,
        form=KnowledgeForm.AFSTUDEEROPDRACHT,
        level=OfferLevel.HBO,
        duration=OfferDuration.LANG,
        regions=[province],
        factors=[kennis, arbeid],
        summary="Een hbo-student werkt een half jaar aan een technische vraag van uw bedrijf.",
    )
    w["wo_zwolle"] = offer(
        name="Onderzoeksprogramma slimme productie",
        provider=universiteit,
        form=KnowledgeForm.ONDERZOEK,
        level=OfferLevel.WO,
        duration=OfferDuration.LANG,
        regions=[zwolle],
        factors=[kennis, arbeid],
        themes=[metaal],
        summary="Promovendi en stagiairs onderzoeken met uw bedrijf CNC-bewerking en robots.",
    )
    w["cursus_lassen"] = offer(
        name="Cursus lassen op maat",
        provider=roc,
        form=KnowledgeForm.MAATWERKCURSUS,
        level=OfferLevel.MBO,
        regions=[twente],
        factors=[kennis],
        summary="Uw medewerkers leren lassen in de leerwerkplaats van de school.",
    )
    w["lab"] = offer(
        name="Testlab voor coatings",
        provider=hogeschool,
        form=KnowledgeForm.FACILITEITEN,
        level=OfferLevel.HBO,
        regions=[province],
        factors=[kennis],
        themes=[metaal],
        summary="Gebruik het lab van de hogeschool om coatings te testen.",
    )
    w["salland_stage"] = offer(
        name="Stageplekken in Salland",
        provider=roc,
        form=KnowledgeForm.STAGE,
        level=OfferLevel.MBO,
        regions=[salland],
        factors=[arbeid],
        summary="Stagiairs voor bedrijven in Salland.",
    )
    w["draft_stage"] = offer(
        name="Stagiair CNC-afdeling (concept)",
        provider=roc,
        regions=[twente],
        factors=[arbeid],
        summary="Stagiair voor de CNC-afdeling.",
        publication_status=PublicationStatus.CONCEPT,
    )
    community = LearningCommunityFactory
    w["leerkring_cnc"] = community(
        name="Leerkring CNC en verspaning",
        theme="Verspanen en CNC",
        contact=roc,
        status=CommunityStatus.ACTIEF,
        regions=[twente],
        factors=[kennis, arbeid],
        themes=[metaal],
        summary="Werkplaatschefs en docenten leren samen over CNC-verspaning en hoe je stagiairs begeleidt.",
    )
    w["leerkring_familie"] = community(
        name="Leerkring familiebedrijven",
        theme="Opvolging",
        contact=hogeschool,
        status=CommunityStatus.ACTIEF,
        regions=[province],
        factors=[netwerk],
        summary="Eigenaren van familiebedrijven praten over opvolging.",
    )
    w["leerkring_familie_oud"] = community(
        name="Leerkring familiebedrijven 2019",
        theme="Opvolging",
        contact=hogeschool,
        status=CommunityStatus.AFGELOPEN,
        regions=[twente],
        factors=[netwerk],
        summary="Eigenaren van familiebedrijven praten over opvolging.",
    )
    w["zorg_zwolle"] = community(
        name="Zorgtechnologie Zwolle",
        theme="Zorg",
        contact=universiteit,
        status=CommunityStatus.ACTIEF,
        regions=[zwolle],
        factors=[netwerk],
        themes=[zorg],
        summary="Zorginstellingen en bedrijven over robots in de zorg.",
    )
    example = PracticeExampleFactory
    w["robots_rijssen"] = example(
        title="Robots in de productie van een metaalbedrijf",
        region=rijssen,
        factors=[kennis],
        themes=[metaal],
        entrepreneur_types=[type_b],
        summary="Een metaalbedrijf automatiseerde het lassen met robots, samen met studenten.",
        what_they_did="Ze bouwden een robotcel.",
    )
    w["robots_zorg"] = example(
        title="Robots in de zorg",
        region=zwolle,
        factors=[netwerk],
        themes=[zorg],
        summary="Een zorginstelling zet robots in voor het tillen.",
        what_they_did="Ze testten robots op een afdeling.",
    )
    w["opvolging"] = example(
        title="Opvolging in een familiebedrijf",
        region=salland,
        factors=[netwerk],
        summary="Een familiebedrijf vond een opvolger via een leerkring.",
        what_they_did="Ze deden mee aan een leerkring.",
    )
    return w


def ask(world, question, *, factors=("arbeid",), entrepreneur_type="B", region="twente", extra=""):
    region = world[region]
    profile = f"regio={region.slug}&type={entrepreneur_type}" + "".join(f"&factor={f}" for f in factors)
    return HandoffRequest.objects.create(
        loket=world["loket"],
        profile=profile + extra,
        region=region,
        entrepreneur_type=entrepreneur_type,
        factors=", ".join(factors),
        name="Anna de Vries",
        email="anna@voorbeeld.nl",
        company="De Vries Metaal",
        question=question,
        consent=True,
    )


def names(suggestions):
    return [str(suggestion.record) for suggestion in suggestions]


def reasons_of(suggestions, record):
    return next(" | ".join(s.reasons) for s in suggestions if s.record == record)


# --- The order on a hand-made set, and that each suggestion explains itself ------------------------------


def test_a_stagiair_for_the_cnc_department_in_twente_gets_the_mbo_stage_first(world):
    handoff = ask(
        world,
        "We zoeken een stagiair voor onze CNC-afdeling",
        extra="&grootte=klein&sector=test-maakindustrie",
    )
    found = matching.suggestions(handoff)

    offers = found["knowledgeoffer"]
    assert names(offers)[:2] == ["Mbo-stage in de metaal", "Afstudeeropdracht werktuigbouwkunde"]
    # Zwolle's wo programme does not serve Twente, Salland's stage neither; a concept is not published.
    assert {"Onderzoeksprogramma slimme productie", "Stageplekken in Salland"}.isdisjoint(names(offers))
    assert "Stagiair CNC-afdeling (concept)" not in names(offers)
    why = reasons_of(offers, world["mbo_stage"])
    assert "woorden uit de vraag: stagiair, CNC" in why
    assert "helpt bij arbeid, wat het bedrijf mist" in why
    assert "werkgebied Twente" in why
    assert "sector Maakindustrie" in why
    assert "mbo: past bij een klein bedrijf" in why
    assert "werkgebied Overijssel, waar Twente in ligt" in reasons_of(offers, world["hbo_afstuderen"])

    assert names(found["learningcommunity"])[0] == "Leerkring CNC en verspaning"
    why = reasons_of(found["learningcommunity"], world["leerkring_cnc"])
    assert "woorden uit de vraag: stagiair, CNC" in why
    assert {"stagiair", "CNC"} <= set(found.words)
    assert all(group.by_words for group in found.groups)


def test_plurals_and_typos_still_match(world):
    found = matching.suggestions(ask(world, "Hebben jullie stagiairs voor onze werkplaats?"))
    offers = found["knowledgeoffer"]
    assert names(offers)[0] == "Mbo-stage in de metaal"
    assert "woorden uit de vraag: stagiairs, werkplaats" in reasons_of(offers, world["mbo_stage"])
    found = matching.suggestions(ask(world, "Kan iemand ons leren lasssen?", factors=("kennis",)))
    assert names(found["knowledgeoffer"])[0] == "Cursus lassen op maat"
    assert "lasssen" in reasons_of(found["knowledgeoffer"], world["cursus_lassen"])

    question = "Is er een leerkirng voor familiebedrijven?"
    found = matching.suggestions(ask(world, question, factors=("netwerk",)))
    communities = found["learningcommunity"]
    assert names(communities)[0] == "Leerkring familiebedrijven"
    assert "Leerkring familiebedrijven 2019" not in names(communities)  # it has ended
    assert "woorden uit de vraag: leerkirng, familiebedrijven" in reasons_of(
        communities, world["leerkring_familie"]
    )
    assert names(found["practiceexample"])[0] == "Opvolging in een familiebedrijf"


def test_practice_examples_of_firms_like_this_one_come_first(world):
    handoff = ask(
        world,
        "Hoe hebben andere bedrijven hun productie geautomatiseerd met robots?",
        factors=("kennis",),
        extra="&sector=test-maakindustrie",
    )
    examples = matching.suggestions(handoff)["practiceexample"]
    assert names(examples)[0] == "Robots in de productie van een metaalbedrijf"
    assert world["robots_zorg"] not in [s.record for s in examples[:1]]
    why = reasons_of(examples, world["robots_rijssen"])
    for reason in ("robots", "productie", "vond plaats in Rijssen-Holten", "bedrijven van type B", "sector"):
        assert reason in why


def test_a_question_without_matching_words_gets_suggestions_by_its_labels_and_says_so(
    world, client, admin_user
):
    handoff = ask(world, "Graag een afspraak, bel mij terug.", factors=("netwerk",))
    found = matching.suggestions(handoff)
    assert found.words == ()  # asking words ("graag", "bel mij terug") are no match
    assert not any(group.by_words for group in found.groups)
    communities = found["learningcommunity"]
    assert names(communities) == ["Leerkring familiebedrijven"]
    assert reasons_of(communities, world["leerkring_familie"]) == (
        "helpt bij netwerk, wat het bedrijf mist | werkgebied Overijssel, waar Twente in ligt"
    )
    assert found["knowledgeoffer"] == []  # no offer helps with netwerk; the region alone is no reason

    client.force_login(admin_user)
    section = page(client.get(f"{CHANGELIST}{handoff.pk}/change/")).select_one(".routekaart-suggestions")
    assert "Geen woord uit de vraag komt hierin voor" in text(section)
    assert "Leerkring familiebedrijven" in text(section)
    assert "Niets gevonden dat bij deze vraag of dit profiel past." in text(section)  # no offer


# --- In the admin -------------------------------------------------------------------------------------------


def test_the_change_page_shows_the_suggestions_with_their_links_and_reasons(world, client, admin_user):
    handoff = ask(world, "We zoeken een stagiair voor onze CNC-afdeling")
    client.force_login(admin_user)
    response = client.get(f"{CHANGELIST}{handoff.pk}/change/")
    section = page(response).select_one(".routekaart-suggestions")
    assert [h.get_text() for h in section.select("h3")] == [
        "Kennisaanbod",
        "Leergemeenschappen",
        "Praktijkvoorbeelden",
    ]
    first = section.select_one("ol > li")
    links = [a["href"] for a in first.find_all("a")]
    offer = world["mbo_stage"]
    assert links == [offer.get_absolute_url(), f"/beheer/catalog/knowledgeoffer/{offer.pk}/change/"]
    assert "woorden uit de vraag: stagiair, CNC" in text(first)
    assert "Geen woord uit de vraag" not in text(section)


def test_only_those_who_may_see_the_question_see_its_suggestions(world, client, django_user_model):
    from tests.routekaart.test_handoff import make_staff

    handoff = ask(world, "We zoeken een stagiair voor onze CNC-afdeling")
    client.force_login(make_staff("ander-loket", LoketFactory(regions=[world["zwolle"]])))
    response = client.get(f"{CHANGELIST}{handoff.pk}/change/")
    assert response.status_code == 403
    assert "Mbo-stage" not in response.content.decode()
    client.force_login(make_staff("loket-twente", world["loket"]))
    assert "Mbo-stage in de metaal" in text(page(client.get(f"{CHANGELIST}{handoff.pk}/change/")))


def test_the_question_never_leaves_the_admin(world, client, admin_user):
    question = "We zoeken een stagiair voor onze CNC-afdeling, vraag naar Xylofoonmaker Jansen"
    handoff = ask(world, question)
    client.force_login(admin_user)
    section = page(client.get(f"{CHANGELIST}{handoff.pk}/change/")).select_one(".routekaart-suggestions")
    hrefs = [a["href"] for a in section.find_all("a")]
    assert hrefs and all("?" not in href and "xylofoon" not in href.lower() for href in hrefs)
    client.logout()
    for href in hrefs:
        if href.startswith("/beheer/"):
            assert client.get(href).status_code == 302  # to the login
            continue
        response = client.get(href)
        assert response.status_code == 200, href
        assert "Xylofoonmaker" not in response.content.decode()
    assert find("Xylofoonmaker").results == []  # not in the search index either


# --- Bounded, and never a 500 ------------------------------------------------------------------------------

QUERIES = 30  # the most queries the suggestions make at any size of the catalogue


def _grow(world, n):
    provider = OrganisationFactory(kind=OrganisationKind.KENNISINSTELLING)
    arbeid = FactorFactory(slug="arbeid")
    for i in range(n):
        KnowledgeOfferFactory(
            name=f"Stage CNC {i}", provider=provider, regions=[world["twente"]], factors=[arbeid]
        )
        LearningCommunityFactory(
            name=f"Leerkring CNC {i}", contact=provider, regions=[world["twente"]], factors=[arbeid]
        )
        PracticeExampleFactory(title=f"Stagiair CNC {i}", region=world["twente"], factors=[arbeid])


def test_the_suggestions_make_as_many_queries_on_a_grown_catalogue(
    world, client, admin_user, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(matching, "TEXT_CANDIDATES", 4)  # smaller bounds, so the grown set exceeds them
    monkeypatch.setattr(matching, "LABEL_CANDIDATES", 3)
    handoff = ask(world, "We zoeken een stagiair voor onze CNC-afdeling", extra="&sector=test-maakindustrie")
    client.force_login(admin_user)
    url = f"{CHANGELIST}{handoff.pk}/change/"
    client.get(url)
    with django_assert_max_num_queries(QUERIES):
        small = matching.suggestions(handoff)
    # the admin page itself: session, user, the form, the notes, who may be assigned, the profile in words
    with django_assert_max_num_queries(QUERIES + 20):
        assert client.get(url).status_code == 200
    _grow(world, 12)
    with django_assert_max_num_queries(QUERIES):
        grown = matching.suggestions(handoff)
    with django_assert_max_num_queries(QUERIES + 20):
        assert client.get(url).status_code == 200
    assert names(small["knowledgeoffer"])[0] == "Mbo-stage in de metaal"
    assert all(len(group.suggestions) <= 5 for group in grown.groups)


settings.register_profile(
    "matching",
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "matching")))
@given(question=st.text(max_size=HandoffRequest.QUESTION_MAX_LENGTH))
def test_any_text_gives_suggestions_and_no_error(world, question):
    handoff = HandoffRequest(
        loket=world["loket"],
        profile=f"regio={world['twente'].slug}&type=B&factor=arbeid&sector={question[:20]}",
        region=world["twente"],
        entrepreneur_type="B",
        factors="arbeid",
        question=question,
    )
    found = matching.suggestions(handoff)
    assert [group.key for group in found.groups] == ["knowledgeoffer", "learningcommunity", "practiceexample"]
    # By its labels alone (arbeid, Twente), the mbo stage is always a suggestion.
    assert world["mbo_stage"] in [s.record for s in found["knowledgeoffer"]]

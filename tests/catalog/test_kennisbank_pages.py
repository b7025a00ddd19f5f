"""The kennisbank's public pages (/kennisbank/, /leergemeenschappen/): lists with the portal's filter words
and counts, details that say what is unknown, where to start, and query counts that do not grow with the data.
Every test makes its own records in a region of its own, so the starting content never shows in what is
asserted."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from catalog.models import (
    CommunityStatus,
    Document,
    KnowledgeOffer,
    LearningCommunity,
    OrganisationKind,
    PublicationStatus,
    Scope,
    Source,
)
from catalog.search import search
from tests.factories import (
    FactorFactory,
    KnowledgeOfferFactory,
    LearningCommunityFactory,
    OrganisationFactory,
    RegionFactory,
    ThemeFactory,
    province_world,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

OFFERS = "/kennisbank/"
COMMUNITIES = "/leergemeenschappen/"


@pytest.fixture
def region():
    return RegionFactory(name="Kwelderdal")


def cards(response):
    """The result cards of a list: {title: {fact label: value}}."""
    found = {}
    for card in page(response).select("#resultaten .routekaart-card"):
        facts = dict(
            zip([text(dt) for dt in card.select("dt")], [text(dd) for dd in card.select("dd")], strict=True)
        )
        found[text(card.h3)] = facts
    return found


def counts(response, name):
    """{option label: count} of one filter of a list's form."""
    form = page(response).find("form", class_="routekaart-filters")
    result = {}
    for box in form.select(f'input[name="{name}"]'):
        label = text(form.find("label", attrs={"for": box["id"]}))
        option, _, count = label.rpartition(" (")
        result[option] = int(count.rstrip(")"))
    return result


def facts(response):
    """{label: value} of the facts at the top of a detail page."""
    summary = page(response).select_one(".routekaart-facts")
    return dict(
        zip([text(dt) for dt in summary.select("dt")], [text(dd) for dd in summary.select("dd")], strict=True)
    )


# --- /kennisbank/ ----------------------------------------------------------------------------------------


def test_the_list_names_form_provider_level_and_region_and_says_onbekend_where_blank(client, region):
    school = OrganisationFactory(name="Kwelder College", kind=OrganisationKind.KENNISINSTELLING)
    KnowledgeOfferFactory(name="Stage in de kwelder", provider=school, level="mbo", regions=[region])
    KnowledgeOfferFactory(name="Kijken bij Kwelder Metaal", form="bedrijfsbezoek", regions=[region])

    response = client.get(OFFERS, {"regio": region.slug})

    assert cards(response) == {
        "Kijken bij Kwelder Metaal": {
            "Vorm": "Bedrijfsbezoek",
            "Aanbieder": response.context["page"].object_list[0].provider.name,
            "Niveau": "onbekend",
            "Regio": "Kwelderdal",
        },
        "Stage in de kwelder": {
            "Vorm": "Stage",
            "Aanbieder": "Kwelder College",
            "Niveau": "mbo",
            "Regio": "Kwelderdal",
        },
    }
    assert text(page(response).h1) == "Kennisbank (2)"


def test_firms_offer_beside_the_institutions(client, region):
    """Ondernemers leren van ondernemers: a firm's offer is in the same list, named as a firm's."""
    firm = OrganisationFactory(name="Kwelder Metaal", kind=OrganisationKind.BEDRIJF)
    KnowledgeOfferFactory(
        name="Demo lasrobot", form="demonstratie", provider=firm, level="bedrijf", regions=[region]
    )
    KnowledgeOfferFactory(name="Afstuderen bij ons", form="afstudeeropdracht", level="hbo", regions=[region])

    everything = client.get(OFFERS, {"regio": region.slug})
    assert set(cards(everything)) == {"Demo lasrobot", "Afstuderen bij ons"}
    assert cards(everything)["Demo lasrobot"]["Ondernemer"] == "Kwelder Metaal"
    assert counts(everything, "niveau")["bedrijf"] == 1

    firms = client.get(OFFERS, {"regio": region.slug, "niveau": "bedrijf"})
    assert set(cards(firms)) == {"Demo lasrobot"}


def test_filters_combine_and_each_option_counts_what_choosing_it_would_list(client, region):
    kennis, arbeid = FactorFactory(slug="kennis"), FactorFactory(slug="arbeid")
    bouw = ThemeFactory(slug="testthema-bouw", name="Testbouw")
    KnowledgeOfferFactory(
        name="A", form="stage", aim="exploiteren", duration="kort", regions=[region], factors=[arbeid]
    )
    KnowledgeOfferFactory(
        name="B", form="stage", aim="beide", duration="lang", regions=[region], factors=[kennis]
    )
    KnowledgeOfferFactory(
        name="C", form="werkplaats", aim="exploreren", regions=[region], factors=[kennis], themes=[bouw]
    )
    KnowledgeOfferFactory(name="D", form="werkplaats", regions=[region])  # aim and duration unknown

    response = client.get(OFFERS, {"regio": region.slug, "vorm": "stage"})
    assert set(cards(response)) == {"A", "B"}
    # counted as if only that option of the facet were chosen, with the other filters as they are
    assert counts(response, "vorm")["Stage"] == 2
    assert counts(response, "vorm")["Innovatiewerkplaats of onderzoekswerkplaats"] == 2
    assert counts(response, "duur") == {"Kort": 1, "Lang": 1}

    # "beide" serves both aims
    exploit = client.get(OFFERS, {"regio": region.slug, "doel": "exploiteren"})
    assert set(cards(exploit)) == {"A", "B"}
    explore = client.get(OFFERS, {"regio": region.slug, "doel": "exploreren"})
    assert set(cards(explore)) == {"B", "C"}
    assert counts(explore, "doel") == {
        "Bestaande producten of processen verbeteren": 2,
        "Iets nieuws ontwikkelen": 2,
    }

    both = client.get(OFFERS, {"regio": region.slug, "factor": "kennis", "thema": bouw.slug})
    assert set(cards(both)) == {"C"}
    assert set(cards(client.get(OFFERS, {"regio": region.slug, "duur": ["kort", "lang"]}))) == {"A", "B"}


def test_a_region_lists_the_offers_whose_werkgebied_contains_it(client):
    world = province_world()
    KnowledgeOfferFactory(name="Voor de hele provincie", regions=[world["province"]])
    KnowledgeOfferFactory(name="Voor de regio", regions=[world["region"]])
    KnowledgeOfferFactory(name="Elders", regions=[RegionFactory()])

    in_town = client.get(OFFERS, {"regio": world["municipality"].slug})
    assert set(cards(in_town)) == {"Voor de hele provincie", "Voor de regio"}
    in_province = client.get(OFFERS, {"regio": world["province"].slug})
    assert set(cards(in_province)) == {"Voor de hele provincie"}


def test_drafts_are_not_public(client, region):
    KnowledgeOfferFactory(name="Openbaar", regions=[region])
    draft = KnowledgeOfferFactory(
        name="Concept", regions=[region], publication_status=PublicationStatus.CONCEPT
    )
    assert set(cards(client.get(OFFERS, {"regio": region.slug}))) == {"Openbaar"}
    assert client.get(f"/kennisbank/{draft.slug}/").status_code == 404
    assert client.get("/kennisbank/bestaat-niet/").status_code == 404
    assert client.get("/leergemeenschappen/bestaat-niet/").status_code == 404


def test_an_empty_kennisbank_says_offers_are_still_being_collected_and_points_to_the_loket(client):
    KnowledgeOffer.objects.all().delete()
    response = client.get(OFFERS)
    assert response.status_code == 200
    note = page(response).select_one(".routekaart-still-collecting")
    assert "Wij verzamelen dit nog." in text(note)
    assert links(note)[reverse("contact")] == "Vind uw innovatieloket"


def test_an_empty_result_in_a_region_names_the_regions_loket(client):
    world = province_world()
    KnowledgeOfferFactory(form="stage", regions=[world["region"]])

    KnowledgeOfferFactory(form="afstudeeropdracht")
    response = client.get(OFFERS, {"regio": world["region"].slug, "vorm": "afstudeeropdracht"})

    note = page(response).select_one(".routekaart-still-collecting")
    assert "Niets gevonden met deze filters. Wij verzamelen dit nog" in text(note)
    loket = world["loket"]
    assert links(note)[reverse("catalog:organisation_detail", args=[loket.slug])] == loket.name


def test_a_form_with_no_offer_yet_says_so_and_invites_providers_to_add_theirs(client):
    KnowledgeOffer.objects.filter(form__in=["gastles", "bedrijfsbezoek"]).delete()
    KnowledgeOfferFactory(form="stage")

    response = client.get(OFFERS, {"vorm": ["gastles", "bedrijfsbezoek"]})

    note = text(page(response).select_one(".routekaart-still-collecting"))
    assert "Voor gastles, bedrijfsbezoek hebben we nog geen aanbod verzameld." in note
    assert (
        links(page(response).select_one(".routekaart-still-collecting"))[reverse("share")] == "Deel uw kennis"
    )
    assert "Niets gevonden met deze filters" not in note
    assert "Gastles (0)" in text(page(response))  # the form stays in the filter as a vocabulary


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("vorm=koffie", "Vorm van samenwerking"),
        ("doel=beide", "Doel"),  # the filter offers the two aims; "beide" is what an offer may be
        ("niveau=mbo&niveau=lagere-school", "Niveau"),
        ("duur=eeuwig", "Duur van de samenwerking"),
        ("type=B", None),  # not a filter of this list: ignored like any unknown parameter
    ],
)
def test_bad_filter_values_get_a_clear_message_not_a_500(client, query, ignored):
    response = client.get(f"{OFFERS}?{query}")
    if ignored is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    [item] = page(response).find(role="alert").find_all("li")
    assert text(item).startswith(f"{ignored}:")


# --- /kennisbank/<slug>/ ---------------------------------------------------------------------------------


def test_the_detail_shows_every_field_and_says_what_is_unknown(client, region):
    provider = OrganisationFactory(name="Hogeschool Kwelder", kind=OrganisationKind.KENNISINSTELLING)
    document = Document.objects.create(code="test-kb", title="Kennis delen in de kwelder", line_count=40)
    offer = KnowledgeOfferFactory(
        name="Afstuderen bij Hogeschool Kwelder",
        form="afstudeeropdracht",
        provider=provider,
        level="hbo",
        aim="exploreren",
        regions=[region],
        factors=[FactorFactory(slug="kennis")],
        summary="Een student werkt een half jaar aan uw vraag.",
        starts="In september en februari",
        inferred=["aim"],
        last_reviewed=datetime.date(2026, 1, 15),
    )
    offer.sources.add(Source.objects.create(document=document, line_start=7, line_end=9))

    response = client.get(f"/kennisbank/{offer.slug}/")

    shown = facts(response)
    assert shown["Vorm van samenwerking"] == "Afstudeeropdracht"
    assert shown["Niveau"] == "hbo"
    assert shown["Doel"] == "Iets nieuws ontwikkelen (ingeschat door de redactie, de bron zegt dit niet)"
    assert shown["Duur van de samenwerking"] == "Nog niet bekend"
    assert shown["Thema's"] == "Nog niet bekend"
    assert shown["Voor bedrijven in"] == "Kwelderdal"
    assert shown["Wanneer u kunt beginnen"] == "In september en februari"
    html = page(response)
    assert "Laatst gecontroleerd op 15 januari 2026." in text(html)
    assert "Kennis delen in de kwelder, r. 7–9" in text(html.select_one(".routekaart-sources"))
    found = links(response)
    assert found[reverse("catalog:organisation_detail", args=[provider.slug])] == "Hogeschool Kwelder"
    report = reverse("catalog:report_outdated", args=["kennisaanbod", offer.slug])
    assert found[report] == "Meld verouderde informatie"


def test_without_how_to_start_the_page_points_to_the_provider_and_the_loket(client):
    provider = OrganisationFactory(name="Kwelder Lab")
    offer = KnowledgeOfferFactory(provider=provider, how_to_start="")
    start = page(client.get(f"/kennisbank/{offer.slug}/")).find(
        "section", attrs={"aria-labelledby": "start-title"}
    )
    assert links(start) == {
        reverse("catalog:organisation_detail", args=[provider.slug]): "Kwelder Lab",
        reverse("contact"): "Vind uw innovatieloket",
    }

    offer.how_to_start = "Bel het stagebureau op maandag."
    offer.save()
    start = page(client.get(f"/kennisbank/{offer.slug}/")).find(
        "section", attrs={"aria-labelledby": "start-title"}
    )
    assert text(start).startswith("Hoe begint u? Bel het stagebureau op maandag.")


def test_a_firms_offer_says_it_comes_from_a_firm(client):
    offer = KnowledgeOfferFactory(form="mentoring", level="bedrijf")
    assert "Ondernemers leren van ondernemers" in text(client.get(f"/kennisbank/{offer.slug}/"))
    other = KnowledgeOfferFactory(level="hbo")
    assert "Ondernemers leren van ondernemers" not in text(client.get(f"/kennisbank/{other.slug}/"))


# --- /leergemeenschappen/ --------------------------------------------------------------------------------


def test_communities_filter_by_status_region_factor_and_theme_with_counts(client, region):
    netwerk = FactorFactory(slug="netwerk")
    familie = ThemeFactory(slug="testthema-familie", name="Testfamilie")
    LearningCommunityFactory(
        name="Kring 1", status="actief", regions=[region], factors=[netwerk], themes=[familie]
    )
    LearningCommunityFactory(name="Kring 2", status="afgelopen", regions=[region])
    LearningCommunityFactory(name="Kring 3", regions=[region], factors=[netwerk])  # status onbekend

    response = client.get(COMMUNITIES, {"regio": region.slug, "factor": "netwerk"})
    assert set(cards(response)) == {"Kring 1", "Kring 3"}
    assert counts(response, "status") == {
        "Start binnenkort": 0,
        "Actief, u kunt meedoen": 1,
        "Vol": 0,
        "Afgelopen": 0,
        "Onbekend": 1,
    }
    active = client.get(COMMUNITIES, {"regio": region.slug, "status": "actief", "thema": familie.slug})
    assert set(cards(active)) == {"Kring 1"}


def test_the_community_page_tells_who_takes_part_and_how_to_join(client, region):
    contact = OrganisationFactory(name="Kwelderloket")
    school = OrganisationFactory(name="Kwelder College")
    hidden = OrganisationFactory(name="Verborgen BV", publication_status=PublicationStatus.CONCEPT)
    community = LearningCommunityFactory(
        name="Familiebedrijven leren samen",
        theme="Opvolging in familiebedrijven",
        contact=contact,
        participants=[school, hidden],
        participants_note="En zes familiebedrijven uit de regio.",
        status="actief",
        rhythm="Vier keer per jaar",
        regions=[region],
    )

    response = client.get(f"/leergemeenschappen/{community.slug}/")

    shown = facts(response)
    assert shown["Onderwerp"] == "Opvolging in familiebedrijven"
    assert shown["Hoe vaak"] == "Vier keer per jaar"
    assert shown["Waar"] == "Nog niet bekend"
    assert shown["Contactorganisatie"] == "Kwelderloket"
    html = page(response)
    participants = html.find("section", attrs={"aria-labelledby": "participants-title"})
    assert links(participants) == {
        reverse("catalog:organisation_detail", args=[school.slug]): "Kwelder College"
    }
    assert "En zes familiebedrijven uit de regio." in text(participants)
    join = html.find("section", attrs={"aria-labelledby": "join-title"})
    assert links(join) == {
        reverse("join", args=[community.slug]): "Ik wil meedoen",
        reverse("catalog:organisation_detail", args=[contact.slug]): "Kwelderloket",
        reverse("contact"): "Vind uw innovatieloket",
    }
    assert "Deze leergemeenschap komt nu bij elkaar. U kunt meedoen." in text(html)
    report = reverse("catalog:report_outdated", args=["leergemeenschap", community.slug])
    assert links(response)[report] == "Meld verouderde informatie"


@pytest.mark.parametrize(
    ("status", "badge", "words"),
    [
        ("onbekend", "Status onbekend", "Wij weten niet of deze leergemeenschap nog bij elkaar komt."),
        ("vol", "Vol", "Deze leergemeenschap is vol."),
        ("afgelopen", "Afgelopen", "Deze leergemeenschap is afgelopen."),
        ("startend", "Start binnenkort", "Deze leergemeenschap begint binnenkort."),
    ],
)
def test_a_status_reads_in_words_and_only_a_stated_one_looks_positive(client, status, badge, words):
    community = LearningCommunityFactory(status=status)
    html = page(client.get(f"/leergemeenschappen/{community.slug}/"))
    shown = html.select_one(".routekaart-status-line .routekaart-status")
    assert text(shown) == badge
    assert words in text(html.select_one(".routekaart-status-line"))
    classes = shown["class"]
    assert "routekaart-status--community-actief" not in classes  # the green one
    assert ("routekaart-status--onbekend" in classes) == (status == CommunityStatus.ONBEKEND)


def test_no_participants_known_says_so(client):
    community = LearningCommunityFactory()
    section = page(client.get(f"/leergemeenschappen/{community.slug}/")).find(
        "section", attrs={"aria-labelledby": "participants-title"}
    )
    assert text(section) == "Wie doen er mee? Nog niet bekend."


def test_an_empty_community_list_points_to_the_loket(client):
    LearningCommunity.objects.all().delete()
    note = page(client.get(COMMUNITIES)).select_one(".routekaart-still-collecting")
    assert "Wij verzamelen dit nog." in text(note)


# --- Navigation and search -------------------------------------------------------------------------------


def test_the_navigation_and_home_lead_to_both(client):
    nav = page(client.get("/")).find("nav", attrs={"aria-label": "Hoofdmenu"})
    assert links(nav)[OFFERS] == "Kennisbank"
    assert links(nav)[COMMUNITIES] == "Leergemeenschappen"
    home = page(client.get("/")).find("section", attrs={"aria-labelledby": "share-title"})
    assert set(links(home)) == {OFFERS, COMMUNITIES}
    current = page(client.get(OFFERS)).find("nav", attrs={"aria-label": "Hoofdmenu"})
    assert current.find("a", attrs={"aria-current": "page"})["href"] == OFFERS


@pytest.mark.parametrize("query", ["stage", "stagiair", "stagiairs", "afstudeeropdracht", "stageplek"])
def test_search_finds_offers_by_the_words_a_firm_uses(query):
    stage = KnowledgeOfferFactory(name="Kwartelstage", form="stage", summary="Een student komt bij u werken.")
    thesis = KnowledgeOfferFactory(name="Kwartelonderzoek", form="afstudeeropdracht", summary="Een student.")
    found = [result.slug for result in search(query=query) if result.kind == "knowledgeoffer"]
    assert {stage.slug, thesis.slug} <= set(found)


def test_search_finds_a_community_and_links_to_its_page(client):
    community = LearningCommunityFactory(name="Kwabbelkring", theme="Opvolging")
    [result] = [r for r in search(query="kwabbelkring") if r.kind == "learningcommunity"]
    assert result.url == f"/leergemeenschappen/{community.slug}/"
    assert result.kind_label == "Leergemeenschap"
    community.publication_status = PublicationStatus.ARCHIVED
    community.save()
    assert not [r for r in search(query="kwabbelkring") if r.kind == "learningcommunity"]


def test_an_offer_in_a_region_is_found_by_its_place():
    world = province_world()
    offer = KnowledgeOfferFactory(name="Kwartelhub", regions=[world["region"]])
    with override_settings(PORTAL_PROVINCE=world["province"].slug):
        assert offer.slug in [r.slug for r in search(query=f"kwartelhub {world['region'].name}")]


# --- Query counts ----------------------------------------------------------------------------------------


def _world(region, n):
    """n offers and n communities in `region`, each community with n participants."""
    factor = FactorFactory(slug="kennis")
    provider = OrganisationFactory(regions=[region])
    participants = [OrganisationFactory() for _ in range(n)]
    for i in range(n):
        KnowledgeOfferFactory(
            provider=provider, regions=[region], factors=[factor], level=["mbo", "bedrijf"][i % 2]
        )
        LearningCommunityFactory(
            contact=provider, participants=participants, regions=[region], factors=[factor]
        )
    return KnowledgeOffer.objects.filter(regions=region).first(), LearningCommunity.objects.filter(
        regions=region
    ).first()


def _assert_bounded(client, django_assert_max_num_queries, region, offer, community, limit, *, kept):
    pages = [
        f"{OFFERS}?regio={region.slug}&factor=kennis&niveau=mbo&niveau=bedrijf&doel=exploreren&pagina=2",
        f"{OFFERS}?regio={region.slug}",
        f"{COMMUNITIES}?regio={region.slug}&factor=kennis&status=onbekend",
        f"/kennisbank/{offer.slug}/",
        f"/leergemeenschappen/{community.slug}/",
    ]
    for path in pages:
        if kept:
            client.get(path)  # the first visit of this catalogue version reads the record sets it needs
        with django_assert_max_num_queries(limit, info=path):
            assert client.get(path).status_code == 200, path


# The most queries a page reads at any size: with the record sets read on every request (the test settings)
# and with them kept per catalogue version (production: catalog.recordsets).
LIMITS = {False: 19, True: 8}


@pytest.mark.parametrize("kept", [False, True], ids=["sets-read-each-request", "sets-kept"])
def test_query_counts_do_not_grow_with_the_data(
    client, region, django_assert_max_num_queries, settings, kept
):
    from catalog import recordsets

    settings.RECORD_SETS_REUSE = kept
    recordsets.forget()
    offer, community = _world(region, 2)
    _assert_bounded(client, django_assert_max_num_queries, region, offer, community, LIMITS[kept], kept=kept)
    _world(region, 40)
    community.participants.add(*OrganisationFactory.create_batch(40))
    _assert_bounded(client, django_assert_max_num_queries, region, offer, community, LIMITS[kept], kept=kept)
    recordsets.forget()

    listed = page(client.get(OFFERS, {"regio": region.slug}))
    assert len(listed.select("#resultaten .routekaart-card")) == 20  # the first page of 42
    shown = page(client.get(f"/leergemeenschappen/{community.slug}/"))
    participants = shown.find("section", attrs={"aria-labelledby": "participants-title"})
    assert "U ziet hier 12 van de 42." in text(participants)


def test_the_list_narrows_to_a_provider_and_to_an_area_as_the_links_of_other_pages_ask(client):
    province = RegionFactory(scope=Scope.PROVINCIE)
    area = RegionFactory(parents=[province])
    inside = RegionFactory(scope=Scope.GEMEENTE, parents=[area])
    school, firm = OrganisationFactory(name="School"), OrganisationFactory(name="Firma")
    by_school = KnowledgeOfferFactory(name="Gastles van de school", provider=school, regions=[inside])
    by_firm = KnowledgeOfferFactory(name="Bedrijfsbezoek bij de firma", provider=firm, regions=[province])
    KnowledgeOfferFactory(name="Elders", provider=firm, regions=[RegionFactory(parents=[province])])

    def names(query):
        response = client.get(f"/kennisbank/?{query}")
        assert response.status_code == 200
        return list(cards(response))

    assert names(f"aanbieder={school.slug}") == [by_school.name]
    # offered in a place inside the area, or province-wide (as the dekkingskaart counts), not next to it
    assert names(f"gebied={area.slug}") == [by_firm.name, by_school.name]
    assert by_firm.name in names(f"aanbieder={firm.slug}")
    assert client.get("/kennisbank/?aanbieder=bestaat-niet").status_code == 400

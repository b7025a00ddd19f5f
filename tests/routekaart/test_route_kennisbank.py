"""Judged: what an experienced loket advisor would put first from the kennisbank, on hand-made records.

A small firm lacking people in Twente starts with an mbo school's stage nearby; a firm that named its sector
sees offers for its sector first; a firm that innovates without problems (type D) is invited to share what
it knows. Learning communities it can join come with the route; full or ended ones never."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from catalog import recordsets
from catalog.models import (
    CommunityStatus,
    KnowledgeForm,
    KnowledgeOffer,
    LearningCommunity,
    OfferDuration,
    OfferLevel,
    PublicationStatus,
    Scope,
)
from routekaart import route_rules
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile
from tests.factories import FactorFactory, RegionFactory, ThemeFactory, province_world
from tests.html import page, text
from tests.kb_factories import KnowledgeOfferFactory, LearningCommunityFactory

pytestmark = pytest.mark.django_db

PROVINCE = "kbprovincie"


@pytest.fixture
def world():
    with override_settings(PORTAL_PROVINCE=PROVINCE):
        world = province_world(slug=PROVINCE)
        country = RegionFactory(name="Testland", scope=Scope.LAND)
        world["province"].parents.set([country])
        world["region"].name = "Twente"
        world["region"].save()
        world["country"] = country
        world["other_region"] = RegionFactory(name="Elders", parents=[world["province"]])
        world["kennis"] = FactorFactory(slug="kennis")
        world["arbeid"] = FactorFactory(slug="arbeid", phase__slug="uitvoeringsfase")
        world["netwerk"] = FactorFactory(slug="netwerk")
        yield world


def route(world, query):
    profile, errors = parse_profile(QueryDict(f"regio={world['region'].slug}&{query}"))
    assert errors == {}
    return route_for(profile)


def step(result, kind):
    return next((s for s in result.steps if s.kind == kind), None)


def names(result, kind):
    found = step(result, kind)
    return [item.name for item in found.items] if found else []


def offer(world, name, *, level="", form=KnowledgeForm.ADVIES, regions=None, factors=("arbeid",), **extra):
    return KnowledgeOfferFactory(
        name=name,
        level=level,
        form=form,
        regions=regions or [world["region"]],
        factors=[world[f] for f in factors],
        **extra,
    )


def test_a_small_firm_lacking_people_in_twente_starts_with_an_mbo_stage_nearby(world):
    offer(world, "Stage bij ROC van Twente", level=OfferLevel.MBO, form=KnowledgeForm.STAGE)
    offer(
        world,
        "Maatwerkcursus van een landelijk mbo-netwerk",
        level=OfferLevel.MBO,
        form=KnowledgeForm.MAATWERKCURSUS,
        regions=[world["country"]],
    )
    offer(world, "Stage voor hbo-studenten", level=OfferLevel.HBO, form=KnowledgeForm.STAGE)
    offer(
        world,
        "Afstudeeropdracht hbo",
        level=OfferLevel.HBO,
        form=KnowledgeForm.AFSTUDEEROPDRACHT,
        duration=OfferDuration.LANG,
    )
    offer(
        world,
        "Onderzoek met de universiteit",
        level=OfferLevel.WO,
        form=KnowledgeForm.ONDERZOEK,
        regions=[world["province"]],
    )
    # Not for this firm: knowledge only (it lacks people), another region, a draft.
    offer(world, "Bedrijfsbezoek bij een maakbedrijf", level=OfferLevel.BEDRIJF, factors=("kennis",))
    offer(
        world, "Stage elders", level=OfferLevel.MBO, form=KnowledgeForm.STAGE, regions=[world["other_region"]]
    )
    offer(
        world,
        "Concept: stage",
        level=OfferLevel.MBO,
        form=KnowledgeForm.STAGE,
        publication_status=PublicationStatus.CONCEPT,
    )

    result = route(world, "type=C&factor=arbeid&grootte=klein")

    assert names(result, StepKind.KNOWLEDGE) == [
        "Stage bij ROC van Twente",  # mbo, concrete, nearby
        "Maatwerkcursus van een landelijk mbo-netwerk",  # mbo and concrete, though national
        "Stage voor hbo-studenten",  # concrete
        "Afstudeeropdracht hbo",  # long, but in Twente
        "Onderzoek met de universiteit",
    ]
    knowledge = step(result, StepKind.KNOWLEDGE)
    assert knowledge.title == "Kennis en mensen van scholen en bedrijven"
    assert "mbo-scholen en korte, concrete vormen" in knowledge.reason
    first = knowledge.items[0].route_reason
    assert "Voor bedrijven in Twente" in first
    assert "helpt bij arbeid" in first
    assert "mbo" in first
    assert "Stage: een concrete manier om te beginnen" in first
    assert "Testland" in knowledge.items[1].route_reason  # says it is national


def test_a_larger_firm_gets_the_nearest_offer_first_not_the_mbo_one(world):
    offer(
        world,
        "Mbo-stage in de provincie",
        level=OfferLevel.MBO,
        form=KnowledgeForm.STAGE,
        regions=[world["province"]],
    )
    offer(world, "Hbo-onderzoek in Twente", level=OfferLevel.HBO, form=KnowledgeForm.ONDERZOEK)

    result = route(world, "type=C&factor=arbeid&grootte=middel")

    assert names(result, StepKind.KNOWLEDGE) == ["Hbo-onderzoek in Twente", "Mbo-stage in de provincie"]
    assert "mbo-scholen" not in step(result, StepKind.KNOWLEDGE).reason


def test_a_firm_that_named_its_sector_sees_offers_for_its_sector_first(world):
    maak = ThemeFactory(slug="maakindustrie", name="Maakindustrie")
    zorg = ThemeFactory(slug="zorg", name="Zorg")
    offer(world, "Algemeen advies in Twente", factors=("kennis",))
    offer(world, "Zorglab in Twente", factors=("kennis",), themes=[zorg])
    offer(
        world,
        "Fieldlab voor de maakindustrie",
        form=KnowledgeForm.WERKPLAATS,
        factors=("kennis",),
        regions=[world["province"]],
        themes=[maak],
    )

    result = route(world, "type=B&factor=kennis&sector=maakindustrie")

    # its sector first, even from further away; another sector only after the offers for any sector
    assert names(result, StepKind.KNOWLEDGE) == [
        "Fieldlab voor de maakindustrie",
        "Algemeen advies in Twente",
        "Zorglab in Twente",
    ]
    assert "past bij maakindustrie" in step(result, StepKind.KNOWLEDGE).items[0].route_reason


def test_learning_communities_the_firm_can_join_open_ones_first_never_full_or_ended(world):
    LearningCommunityFactory(
        name="Leerkring Twente", status=CommunityStatus.ACTIEF, regions=[world["region"]]
    )
    LearningCommunityFactory(
        name="Landelijke leergemeenschap", status=CommunityStatus.STARTEND, regions=[world["country"]]
    )
    LearningCommunityFactory(
        name="Aaa status onbekend", status=CommunityStatus.ONBEKEND, regions=[world["region"]]
    )
    LearningCommunityFactory(name="Volle groep", status=CommunityStatus.VOL, regions=[world["region"]])
    LearningCommunityFactory(
        name="Afgelopen groep", status=CommunityStatus.AFGELOPEN, regions=[world["region"]]
    )
    LearningCommunityFactory(name="Elders", status=CommunityStatus.ACTIEF, regions=[world["other_region"]])

    result = route(world, "type=B&factor=kennis&grootte=klein")

    assert names(result, StepKind.COMMUNITIES) == [
        "Leerkring Twente",  # open and nearby
        "Landelijke leergemeenschap",  # open, national
        "Aaa status onbekend",  # nearby, but whether it takes new members is unknown
    ]
    reasons = [c.route_reason for c in step(result, StepKind.COMMUNITIES).items]
    assert reasons[0] == "Voor bedrijven in Twente · actief: u kunt meedoen"
    assert reasons[1] == "Voor bedrijven in Testland · start binnenkort: u kunt zich aanmelden"
    assert "weten we niet" in reasons[2]


def test_a_community_that_helps_with_the_lacking_factor_comes_first_among_the_open_ones(world):
    LearningCommunityFactory(name="Aaa netwerkclub", regions=[world["region"]], factors=[world["netwerk"]])
    LearningCommunityFactory(
        name="Zzz mensen en opleiding", regions=[world["region"]], factors=[world["arbeid"]]
    )

    assert names(route(world, "type=C&factor=arbeid"), StepKind.COMMUNITIES) == [
        "Zzz mensen en opleiding",
        "Aaa netwerkclub",
    ]


def test_a_community_on_the_lacking_factor_comes_before_an_open_one_about_something_else(world):
    LearningCommunityFactory(
        name="Aaa kring over netwerken",
        status=CommunityStatus.ACTIEF,
        regions=[world["region"]],
        factors=[world["netwerk"]],
    )
    LearningCommunityFactory(
        name="Zzz vakmensen samen opleiden",
        status=CommunityStatus.ONBEKEND,
        regions=[world["region"]],
        factors=[world["arbeid"]],
    )

    assert names(route(world, "type=B&factor=arbeid"), StepKind.COMMUNITIES) == [
        "Zzz vakmensen samen opleiden",
        "Aaa kring over netwerken",
    ]


def test_no_knowledge_step_for_a_firm_lacking_only_money_or_network(world):
    offer(
        world,
        "Stage",
        level=OfferLevel.MBO,
        form=KnowledgeForm.STAGE,
        factors=("kennis", "arbeid", "netwerk"),
    )
    LearningCommunityFactory(regions=[world["region"]])
    for query in ("type=C&factor=financiering", "type=B&factor=netwerk"):
        result = route(world, query)
        assert step(result, StepKind.KNOWLEDGE) is None
        assert step(result, StepKind.COMMUNITIES) is None


def test_type_d_is_invited_to_share_its_knowledge_right_after_the_loket(world):
    result = route(world, "type=D&factor=netwerk")

    assert [s.kind for s in result.steps][:2] == [StepKind.LOKET, StepKind.SHARE]
    share = step(result, StepKind.SHARE)
    assert share.title == "Deel uw kennis"
    assert share.reason == str(route_rules.SHARE.reason)
    assert share.links == [
        (str(route_rules.SHARE_FORM), f"/kennisbank/delen/?regio={world['region'].slug}"),
        (str(route_rules.SHARE_KENNISBANK), "/kennisbank/"),
    ]
    for kind in ("A", "B", "C"):
        assert step(route(world, f"type={kind}&factor=kennis"), StepKind.SHARE) is None


def test_the_steps_come_in_the_order_route_rules_gives_each_type(world):
    offer(world, "Stage", level=OfferLevel.MBO, form=KnowledgeForm.STAGE, factors=("kennis", "arbeid"))
    LearningCommunityFactory(regions=[world["region"]], factors=[world["kennis"]])
    for kind in "ABCD":
        result = route(world, f"type={kind}&factor=kennis&factor=arbeid")
        kinds = [s.kind for s in result.steps]
        order = route_rules.RULES[kind].step_order
        assert kinds == sorted(kinds, key=order.index), kind
        assert {StepKind.KNOWLEDGE, StepKind.COMMUNITIES} <= set(kinds), kind


def test_the_route_page_shows_offers_communities_and_the_invitation(client, world):
    offer(world, "Stage bij ROC van Twente", level=OfferLevel.MBO, form=KnowledgeForm.STAGE)
    LearningCommunityFactory(name="Leerkring Twente", regions=[world["region"]], factors=[world["arbeid"]])
    html = page(client.get(f"/route/?regio={world['region'].slug}&type=C&factor=arbeid&grootte=klein"))
    body = text(html)
    assert "Kennis en mensen van scholen en bedrijven" in body
    links = {a.get_text(strip=True): a["href"] for a in html.select(".routekaart-route__item h3 a")}
    assert links["Stage bij ROC van Twente"].endswith(
        "/kennisbank/" + _slug("Stage bij ROC van Twente") + "/"
    )
    assert links["Leerkring Twente"].endswith(
        "/leergemeenschappen/" + _slug("Leerkring Twente", community=True) + "/"
    )
    d = page(client.get(f"/route/?regio={world['region'].slug}&type=D&factor=netwerk"))
    assert "Deel uw kennis" in text(d)
    assert d.select_one('.routekaart-route__item a[href$="/kennisbank/"]') is not None
    form = d.select_one('.routekaart-route__item a[href*="/kennisbank/delen/?regio="]')
    assert form.get_text(strip=True) == "Bied uw kennis aan"


def _slug(name, community=False):
    model = LearningCommunity if community else KnowledgeOffer
    return model.objects.get(name=name).slug


def test_the_route_reads_only_the_records_it_shows(world, record_sets_kept):
    """Queries do not grow with the kennisbank: the same number for 2 offers as for 60."""

    def count():
        route(world, "type=C&factor=arbeid&grootte=klein")  # reads the record sets of this version
        with CaptureQueriesContext(connection) as queries:
            result = route(world, "type=C&factor=arbeid&grootte=klein")
        assert step(result, StepKind.KNOWLEDGE).items
        assert step(result, StepKind.COMMUNITIES).items
        return len(queries)

    offer(world, "Stage", level=OfferLevel.MBO, form=KnowledgeForm.STAGE)
    LearningCommunityFactory(regions=[world["region"]])
    small = count()
    for n in range(60):
        offer(world, f"Aanbod {n:02d}", level=OfferLevel.HBO, form=KnowledgeForm.STAGE)
        LearningCommunityFactory(regions=[world["region"]], factors=[world["arbeid"]])
    recordsets.forget()
    assert count() == small
    assert small <= 16, small

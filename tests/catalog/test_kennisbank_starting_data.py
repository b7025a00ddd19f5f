"""Judged tests on the real starting content of the kennisbank (fixtures/kennisbank.yaml).

They name its records on purpose: these are the offers and learning communities an advisor expects from the
seeds, with their facts. And the general rule (fixtures/README.md): no status, start moment, level, provider,
participant or region the cited lines do not give, unless the dimension is marked inferred.
"""

import pytest

from catalog.models import CommunityStatus, KnowledgeOffer, LearningCommunity, OfferLevel

from .test_starting_data_honesty import PROVIDER_ALIASES, cited_text, pytestmark  # noqa: F401

# Other names the cited lines use for an organisation, besides its own name.
NAME_ALIASES = {
    **PROVIDER_ALIASES,
    "kennispoort-regio-zwolle": ("kennispoort",),
    "windesheim": ("windesheim",),  # "Hogeschool Windesheim"
}
REGION_ALIASES = {"gelderland": ("gelderse",)}
# A level the offer states needs one of these words in its cited lines.
LEVEL_WORDS = {
    OfferLevel.MBO: ("mbo",),
    OfferLevel.HBO: ("hbo", "hogeschool", "hogescholen"),
    OfferLevel.WO: ("wo-", "wo ", "universiteit"),
    OfferLevel.ONDERZOEK: ("onderzoek",),
    OfferLevel.BEDRIJF: ("ondernemer", "bedrijf", "bedrijven"),
}


def names(organisation):
    """The name, the name without and inside its brackets ("Technologiekring Twente (TKT)"), and aliases."""
    name = organisation.name.lower()
    base, _, inside = name.partition(" (")
    return {name, base, inside.rstrip(")"), *NAME_ALIASES.get(organisation.slug, ())} - {""}


def named(organisation, cited):
    return any(name in cited for name in names(organisation))


def region_named(region, cited):
    return any(name in cited for name in (region.name.lower(), *REGION_ALIASES.get(region.slug, ())))


@pytest.fixture(scope="module")
def offers(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        found = KnowledgeOffer.objects.select_related("provider").prefetch_related(
            "sources__document", "regions", "themes"
        )
        return {offer.slug: (offer, cited_text(offer)) for offer in found}


@pytest.fixture(scope="module")
def communities(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        found = LearningCommunity.objects.select_related("contact").prefetch_related(
            "sources__document", "participants", "regions", "themes"
        )
        return {community.slug: (community, cited_text(community)) for community in found}


def test_innovatiehub_salland_offers_stage_and_graduation_assignments_in_salland(offers):
    hub = [offer for offer, _ in offers.values() if offer.provider.slug == "innovatiehub-salland"]
    assert {offer.form for offer in hub} == {KnowledgeOffer.Form.STAGE, KnowledgeOffer.Form.AFSTUDEEROPDRACHT}
    for offer in hub:
        assert [region.slug for region in offer.regions.all()] == ["salland"]
        assert offer.level == OfferLevel.HBO
        assert "wo" in offer.summary  # hbo and wo students; the level field holds one value


def test_innovatego_is_novel_ts_accelerator_with_students(offers):
    offer, _ = offers["innovatego"]
    assert (offer.provider.slug, offer.form) == ("novel-t", KnowledgeOffer.Form.ACCELERATOR)
    assert "studenten" in offer.summary
    assert offer.is_inferred("regions")  # 001 r. 56 does not say where it runs
    assert offer.level == ""  # the students' level is not given


def test_firms_offer_knowledge_too_beside_the_schools(offers):
    by_firms = {slug for slug, (offer, _) in offers.items() if offer.by_firm}
    assert by_firms == {"pioniers-delen-hun-ervaring"}
    by_schools = {offer.level for offer, _ in offers.values() if not offer.by_firm}
    assert OfferLevel.HBO in by_schools


def test_the_family_firm_learning_circles_are_there_with_the_schools_that_guide_them(communities):
    circles = {
        community.contact.slug
        for community, _ in communities.values()
        if community.themes.filter(slug="familiebedrijven").exists()
    }
    assert circles == {"saxion", "windesheim"}


def test_the_civs_are_learning_communities_of_firms_and_schools(communities):
    techwise, _ = communities["techwise-twente"]
    members = {organisation.slug for organisation in techwise.participants.all()}
    assert {"roc-van-twente", "technologiekring-twente", "uneto-vni"} <= members
    polymers, _ = communities["civ-polymeren-coatings-en-composieten"]
    assert {"deltion", "windesheim", "dsm"} <= {o.slug for o in polymers.participants.all()}


def test_no_community_status_the_sources_do_not_give(communities):
    """The sources (2017-2022) say which circles ran or were starting then, never whether one is open now."""
    assert communities
    assert {community.status for community, _ in communities.values()} == {CommunityStatus.ONBEKEND}


def test_no_start_moment_the_cited_lines_do_not_give(offers):
    assert len(offers) >= 10
    unsupported = [
        slug for slug, (offer, cited) in offers.items() if offer.starts and offer.starts.lower() not in cited
    ]
    assert unsupported == []


def test_no_level_the_cited_lines_do_not_give(offers):
    unsupported = [
        (slug, offer.level)
        for slug, (offer, cited) in offers.items()
        if offer.level
        and not offer.is_inferred("level")
        and not any(word in cited for word in LEVEL_WORDS[offer.level])
    ]
    assert unsupported == []


def test_every_provider_contact_and_participant_is_named_in_the_cited_lines(offers, communities):
    assert all(cited for _, cited in [*offers.values(), *communities.values()])
    unnamed = [slug for slug, (offer, cited) in offers.items() if not named(offer.provider, cited)]
    unnamed += [
        slug for slug, (community, cited) in communities.items() if not named(community.contact, cited)
    ]
    unnamed += [
        (slug, organisation.slug)
        for slug, (community, cited) in communities.items()
        for organisation in community.participants.all()
        if not named(organisation, cited)
    ]
    assert unnamed == []


def test_every_region_is_named_in_the_cited_lines_unless_inferred(offers, communities):
    records = [
        (slug, record, cited)
        for slug, (record, cited) in [*offers.items(), *communities.items()]
        if not getattr(record, "is_inferred", lambda _: False)("regions")
    ]
    unnamed = [
        (slug, region.slug)
        for slug, record, cited in records
        for region in record.regions.all()
        if not region_named(region, cited)
    ]
    assert unnamed == []


def test_onderzoekswerkplaatsen_are_not_invented(offers):
    """000 r. 3076-3080 recommends them; no seed names one that exists."""
    assert not [offer for offer, _ in offers.values() if "onderzoekswerkplaats" in offer.name.lower()]

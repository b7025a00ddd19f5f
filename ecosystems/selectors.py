"""Reads about how the landscape hangs together: regions and who serves them."""

from django.conf import settings
from pyroaring import BitMap

from catalog.models import (
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    OrganisationKind,
    PracticeExample,
    Region,
    Scope,
)
from catalog.recordsets import kept, record_sets_of
from catalog.selectors import (
    community_cards,
    knowledge_offer_cards,
    list_url,
    loket_pks,
    loketten_for,
    on_offer,
    published,
    sections,
    serving,
    with_label,
    within,
)


def regions_with_loket(*, province=None, limit=3):
    """The regions of a province (the portal's by default), each with the first `limit` innovatieloketten
    whose werkgebied names it (`loketten`, by name) and their number (`loket_count`)."""
    province = province or settings.PORTAL_PROVINCE
    naming = kept(("loketten naming", province), lambda: _loketten_naming(province))
    regions = list(
        Region.objects.published().filter(scope=Scope.REGIO, lineage__slug=province).order_by("name")
    )
    shown = [pk for region in regions for pk in naming.get(region.pk, [])[:limit]]
    loketten = {loket.pk: loket for loket in Organisation.objects.filter(pk__in=shown)}
    for region in regions:
        pks = naming.get(region.pk, [])
        region.loket_count = len(pks)
        region.loketten = [loketten[pk] for pk in pks[:limit]]
    return regions


def _loketten_naming(province):
    """{region pk: the pks of the province's loketten whose werkgebied names that region, by name}."""
    ordered = loket_pks(("province", province), lambda: Organisation.objects.loketten_of_province(province))
    rank = {pk: i for i, pk in enumerate(ordered)}
    naming = {}
    werkgebied = Organisation.regions.through.objects.filter(organisation__in=ordered)
    for region, loket in werkgebied.values_list("region_id", "organisation_id"):
        naming.setdefault(region, []).append(loket)
    return {region: sorted(pks, key=rank.__getitem__) for region, pks in naming.items()}


def region_overview(region, *, limit=6):
    """Everything for a firm in `region`, in bounded sections: who to call first (catalog.selectors.
    loketten_for), institutions, collaborations, the instruments offered at each level above it (the region
    itself, its province, the country, ...), and examples from inside it. Each section is a record set
    (catalog.recordsets): the page reads the records it shows and counts the rest without reading them."""
    instruments, organisations, examples, offers, communities = record_sets_of(
        Instrument, Organisation, PracticeExample, KnowledgeOffer, LearningCommunity
    )
    here = published(Organisation, organisations) & serving(Organisation, region, organisations)
    kind = organisations.by("kind")
    found = sections(
        organisations,
        {
            "institutions": here & kind.get(OrganisationKind.KENNISINSTELLING, BitMap()),
            "collaborations": here & kind.get(OrganisationKind.SAMENWERKING, BitMap()),
        },
        Organisation.objects.published().prefetch_related("factors"),
        limit,
    )
    levels = sorted(region.lineage.all(), key=lambda r: Scope.rank(r.scope), reverse=True)
    offer = on_offer(instruments)
    by_level = sections(
        instruments,
        {level: offer & with_label(Instrument, "regions", level.pk, instruments) for level in levels},
        _open_instruments(),
        limit,
    )
    return {
        # Its own loket, or the province's where none is named for it; bounded as the other sections.
        "loket": loketten_for(region, limit=limit),
        **found,
        "instruments_by_level": list(by_level.items()),
        **sections(
            examples,
            {"examples": published(PracticeExample, examples) & within(region, examples)},
            PracticeExample.objects.with_places().select_related("region").prefetch_related("factors"),
            limit,
        ),
        **_kennisbank(region, offers, communities, limit),
    }


def _kennisbank(region, offers, communities, limit):
    """The published knowledge offers and learning communities serving `region` (its werkgebied or a region
    above it, as the lists' `regio` filter), the first `limit` of each by name, and the full lists."""
    found = {
        **sections(
            offers,
            {"knowledge_offers": published(KnowledgeOffer, offers) & serving(KnowledgeOffer, region, offers)},
            knowledge_offer_cards(),
            limit,
        ),
        **sections(
            communities,
            {
                "communities": published(LearningCommunity, communities)
                & serving(LearningCommunity, region, communities)
            },
            community_cards(),
            limit,
        ),
    }
    found["knowledge_offers"]["url"] = list_url("catalog:knowledgeoffer_list", regio=region.slug)
    found["communities"]["url"] = list_url("catalog:learningcommunity_list", regio=region.slug)
    return found


def _open_instruments():
    return Instrument.objects.select_related("provider").prefetch_related("factors").with_providers()

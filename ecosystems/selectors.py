"""Reads about how the landscape hangs together: regions and who serves them."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from pyroaring import BitMap

from catalog.models import Instrument, Organisation, OrganisationKind, PracticeExample, Region, Scope
from catalog.recordsets import record_sets
from catalog.selectors import loketten_for, on_offer, published, section, serving, with_label, within


def regions_with_loket(*, province=None, limit=3):
    """The regions of a province (the portal's by default), each with the first `limit` innovatieloketten
    whose werkgebied names it (`loketten`) and their number (`loket_count`)."""
    province = province or settings.PORTAL_PROVINCE
    loketten = Organisation.objects.loketten_of_province(province)
    return (
        Region.objects.published()
        .filter(scope=Scope.REGIO, lineage__slug=province)
        .annotate(loket_count=Count("organisations", filter=Q(organisations__in=loketten), distinct=True))
        .prefetch_related(Prefetch("organisations", queryset=loketten[:limit], to_attr="loketten"))
        .order_by("name")
    )


def region_overview(region, *, limit=6):
    """Everything for a firm in `region`, in bounded sections: who to call first (catalog.selectors.
    loketten_for), institutions, collaborations, the instruments offered at each level above it (the region
    itself, its province, the country, ...), and examples from inside it. Each section is a record set
    (catalog.recordsets): the page reads the records it shows and counts the rest without reading them."""
    organisations = published(Organisation) & serving(Organisation, region)
    cards = Organisation.objects.published().prefetch_related("factors")
    by_kind = record_sets(Organisation).by("kind")
    return {
        # Its own loket, or the province's where none is named for it; bounded as the other sections.
        "loket": loketten_for(region, limit=limit),
        "institutions": section(
            Organisation,
            organisations & by_kind.get(OrganisationKind.KENNISINSTELLING, BitMap()),
            cards,
            limit,
        ),
        "collaborations": section(
            Organisation, organisations & by_kind.get(OrganisationKind.SAMENWERKING, BitMap()), cards, limit
        ),
        "instruments_by_level": [
            (
                level,
                section(
                    Instrument,
                    on_offer() & with_label(Instrument, "regions", level.pk),
                    _open_instruments(),
                    limit,
                ),
            )
            for level in sorted(region.lineage.all(), key=lambda r: Scope.rank(r.scope), reverse=True)
        ],
        "examples": section(
            PracticeExample,
            published(PracticeExample) & within(region),
            PracticeExample.objects.with_places().select_related("region").prefetch_related("factors"),
            limit,
        ),
    }


def _open_instruments():
    return Instrument.objects.select_related("provider").prefetch_related("factors").with_providers()

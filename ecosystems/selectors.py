"""Reads about how the landscape hangs together: regions and who serves them."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from catalog.models import Instrument, Organisation, OrganisationKind, PracticeExample, Region, Scope
from catalog.selectors import loketten_for


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
    itself, its province, the country, ...), and examples from inside it. The number of queries depends on the
    depth of the region graph only."""
    organisations = Organisation.objects.published().serving(region).prefetch_related("factors")
    examples = PracticeExample.objects.published().within(region)
    return {
        # Its own loket, or the province's where none is named for it; bounded as the other sections.
        "loket": loketten_for(region, limit=limit),
        "institutions": _section(organisations.filter(kind=OrganisationKind.KENNISINSTELLING), limit),
        "collaborations": _section(organisations.filter(kind=OrganisationKind.SAMENWERKING), limit),
        "instruments_by_level": [
            (level, _section(_open_instruments().filter(regions=level), limit))
            for level in sorted(region.lineage.all(), key=lambda r: Scope.rank(r.scope), reverse=True)
        ],
        "examples": _section(
            examples.with_places().select_related("region").prefetch_related("factors"), limit
        ),
    }


def _open_instruments():
    return (
        Instrument.objects.on_offer().select_related("provider").prefetch_related("factors").with_providers()
    )


def _section(queryset, limit):
    items = list(queryset[:limit])
    return {"items": items, "count": len(items) if len(items) < limit else queryset.count()}

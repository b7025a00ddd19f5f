"""Reads about how the landscape hangs together: regions and who serves them."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from catalog.models import Instrument, Organisation, OrganisationKind, PracticeExample, Region, Scope

SCOPE_HEADINGS = {
    Scope.GEMEENTE: _("Van de gemeente"),
    Scope.REGIO: _("Voor deze regio"),
    Scope.PROVINCIE: _("Voor de hele provincie"),
    Scope.LANDSDEEL: _("Voor Oost-Nederland of een ander landsdeel"),
    Scope.LAND: _("Landelijk"),
    Scope.EUROPA: _("Europees"),
}


def regions_with_loket(*, province="overijssel"):
    """The regions of a province, each with the innovatieloketten whose werkgebied names it."""
    loketten = Organisation.objects.published().innovatieloketten().order_by("name")
    return (
        Region.objects.published()
        .filter(scope=Scope.REGIO, lineage__slug=province)
        .prefetch_related(Prefetch("organisations", queryset=loketten, to_attr="loketten"))
        .order_by("name")
    )


def region_overview(region):
    """Everything for a firm in `region`: its loket, institutions, collaborations, instruments, examples."""
    organisations = list(Organisation.objects.published().serving(region).prefetch_related("factors"))
    by_kind = {}
    for organisation in organisations:
        by_kind.setdefault(organisation.kind, []).append(organisation)
    instruments = (
        Instrument.objects.published()
        .serving(region)
        .exclude(status=Instrument.Status.GESLOTEN)
        .select_related("provider")
        .prefetch_related("regions", "factors")
    )
    return {
        "loketten": by_kind.get(OrganisationKind.INNOVATIELOKET, []),
        "institutions": by_kind.get(OrganisationKind.KENNISINSTELLING, []),
        "collaborations": by_kind.get(OrganisationKind.SAMENWERKING, []),
        "instruments_by_scope": _by_scope(instruments),
        "examples": list(
            PracticeExample.objects.published()
            .within(region)
            .select_related("region")
            .prefetch_related("factors")
        ),
    }


def _by_scope(instruments):
    """Instruments grouped by the broadest of their scope regions: local first, European last."""
    groups = {}
    for instrument in instruments:
        scope = min((r.scope for r in instrument.regions.all()), key=Scope.rank)
        groups.setdefault(scope, []).append(instrument)
    return [(SCOPE_HEADINGS[scope], groups[scope]) for scope in sorted(groups, key=Scope.rank, reverse=True)]

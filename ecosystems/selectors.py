"""Reads about how the landscape hangs together: regions and who serves them."""

from django.db.models import Prefetch

from catalog.models import Organisation, Region, Scope


def regions_with_loket(*, province="overijssel"):
    """The regions of a province, each with the innovatieloketten whose werkgebied names it."""
    loketten = Organisation.objects.published().innovatieloketten().order_by("name")
    return (
        Region.objects.published()
        .filter(scope=Scope.REGIO, lineage__slug=province)
        .prefetch_related(Prefetch("organisations", queryset=loketten, to_attr="loketten"))
        .order_by("name")
    )

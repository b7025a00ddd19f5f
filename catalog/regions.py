"""The region graph: parents are broader, and each region knows its lineage for one-query lookups."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Region, Scope

# A record is offered in area R when one of its regions serves R or a place inside R: the record's region X is
# in the lineage of some region D, and D lies in R (R is in D's lineage). This takes in offers for R, for a
# region containing R, for a region inside R and for a region overlapping R (Deventer lies in Salland and in
# Cleantech Regio). A region therefore never has fewer offers than a region inside it. Coverage groups by this
# path (ecosystems.coverage); the lists filter on it with `gebied` (catalog.filters).
AREA = "regions__descendants__lineage"


def in_area(queryset, *regions):
    """Records of `queryset` (a model with `regions`) offered in one of `regions` or a place inside it."""
    through = queryset.model.regions.through
    owner = f"{queryset.model._meta.model_name}_id"
    inside = through.objects.filter(region__descendants__lineage__in=regions)
    return queryset.filter(pk__in=inside.values(owner))


def check_parents(region_scope, parents):
    """Raise ValidationError unless every parent has a broader scope than the region."""
    too_narrow = [p.name for p in parents if Scope.rank(p.scope) >= Scope.rank(region_scope)]
    if too_narrow:
        raise ValidationError(
            _("Een regio kan alleen liggen in een groter gebied. Niet groter: %(names)s.")
            % {"names": ", ".join(too_narrow)}
        )


@transaction.atomic
def rebuild_lineage():
    """Recompute Region.lineage (each region with all regions above it) for the whole graph."""
    parents_of = {}
    for child_id, parent_id in Region.parents.through.objects.values_list("from_region_id", "to_region_id"):
        parents_of.setdefault(child_id, set()).add(parent_id)
    region_ids = list(Region.objects.values_list("pk", flat=True))

    lineage = {}

    def ancestors_of(region_id, seen=()):
        if region_id in lineage:
            return lineage[region_id]
        if region_id in seen:
            raise ValidationError(_("De regio's vormen een kring; controleer 'ligt in'."))
        result = {region_id}
        for parent_id in parents_of.get(region_id, ()):
            result |= ancestors_of(parent_id, (*seen, region_id))
        lineage[region_id] = result
        return result

    through = Region.lineage.through
    through.objects.all().delete()
    through.objects.bulk_create(
        through(from_region_id=region_id, to_region_id=ancestor_id)
        for region_id in region_ids
        for ancestor_id in ancestors_of(region_id)
    )

"""Grow the real starting data n-fold by copying records one by one through every signal (slow; the benchmark
uses `manage.py synthetic_catalog`, catalog/synthetic.py). Kept for tests that need exact copies."""

from django.db import transaction

from catalog.models import Instrument, Organisation, PracticeExample, Region
from catalog.regions import rebuild_lineage
from catalog.search_index import rebuild_index

COPIED = {
    Organisation: ["regions", "factors", "entrepreneur_types"],
    Instrument: ["regions", "factors", "entrepreneur_types"],
    PracticeExample: ["organisations", "factors", "themes"],
}


@transaction.atomic
def multiply(copies, *, regions=True):
    """Add `copies` copies of every organisation, instrument and practice example, and unless `regions` is
    False of every region below Overijssel (geography hardly grows; the benchmark keeps it as it is)."""
    regions = (
        list(Region.objects.filter(lineage__slug="overijssel").exclude(slug="overijssel")) if regions else []
    )
    parents = {region: list(region.parents.all()) for region in regions}
    originals = {
        model: list(model._base_manager.prefetch_related(*fields)) for model, fields in COPIED.items()
    }
    for n in range(copies):
        region_copies = {
            region: Region(
                name=f"{region.name} {n}",
                slug=f"{region.slug}--{n}",
                scope=region.scope,
                publication_status=region.publication_status,
            )
            for region in regions
        }
        Region.objects.bulk_create(region_copies.values())  # bulk: one lineage rebuild at the end
        Region.parents.through.objects.bulk_create(
            Region.parents.through(from_region=copy, to_region=parent)
            for region, copy in region_copies.items()
            for parent in parents[region]
        )
        for model, fields in COPIED.items():
            for record in originals[model]:
                _copy(record, n, fields)
    rebuild_lineage()
    rebuild_index()  # region copies were bulk-created, and every copy's regions changed after its save


def _copy(record, n, fields):
    related = {field: list(getattr(record, field).all()) for field in fields}
    record.pk = record.id = None
    record.slug = f"{record.slug.split('--')[0]}--{n}"
    record._state.adding, record._prefetched_objects_cache = True, {}
    record.save()
    for field, values in related.items():
        getattr(record, field).set(values)

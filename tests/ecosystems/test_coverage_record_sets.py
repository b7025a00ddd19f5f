"""The matrices count on record sets (ecosystems.coverage.Supply); every cell must equal its definition in
SQL, one query per cell, as the coverage page counted before: on the real starting content and on a
catalogue grown with `synthetic_catalog`."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.filters import with_partner_level
from catalog.models import Instrument, Membership, Organisation, OrganisationKind, PublicationStatus
from catalog.regions import in_area
from ecosystems import coverage

pytestmark = pytest.mark.django_db

KINDS = {
    coverage.INSTRUMENTS: None,
    coverage.LOKETTEN: OrganisationKind.INNOVATIELOKET,
    coverage.COLLABORATIONS: OrganisationKind.SAMENWERKING,
}
# Five rows (Overijssel and its four regions) x 4 factors, 7 kinds of money, 4 partner columns; and per row
# region, 4 types and 4 sizes x 4 factors.
CELLS = 5 * (4 + 7 + 4) + 5 * (4 + 4) * 4


def offers(part):
    """The records a part of a cell counts, in SQL."""
    if part == coverage.INSTRUMENTS:
        return Instrument.objects.on_offer().firms_can_apply()
    return Organisation.objects.published().filter(kind=KINDS[part])


def count(queryset, region):
    return in_area(queryset, region).count()


def parts_of(cell):
    return {part.kind: part.count for part in cell.parts}


def expected_region_cell(region, factor):
    parts = {part: count(offers(part).filter(factors__slug=factor), region) for part in KINDS}
    unlabelled = sum(count(offers(part).filter(factors=None), region) for part in KINDS)
    return parts, unlabelled


def expected_label_cell(region, label_path, label, factor, parts):
    counts = {
        part: count(offers(part).filter(**{label_path: label}).filter(factors__slug=factor), region)
        for part in parts
    }
    no_label = label_path.split("__")[0]
    unlabelled = sum(
        count(offers(part).filter(**{no_label: None}).filter(factors__slug=factor), region) for part in parts
    )
    return counts, unlabelled


def expected_partner_cell(region, column):
    collaborations = offers(coverage.COLLABORATIONS)
    if column == coverage.ALL_COLLABORATIONS:
        return count(collaborations, region), 0
    published = Membership.objects.filter(member__publication_status=PublicationStatus.PUBLISHED)
    without = collaborations.exclude(pk__in=published.values("collaboration_id"))
    return count(with_partner_level(collaborations, [column]), region), count(without, region)


def assert_every_cell_is_its_sql_count():
    regions = coverage.coverage_regions()
    supply = coverage.Supply()
    checked = 0
    for (row, column), cell in coverage.region_matrix(regions=regions, supply=supply).cells.items():
        region = next(r for r in regions if r.slug == row)
        assert (parts_of(cell), cell.unlabelled) == expected_region_cell(region, column), (row, column)
        checked += 1
    for (row, column), cell in coverage.kind_matrix(regions=regions, supply=supply).cells.items():
        region = next(r for r in regions if r.slug == row)
        expected = count(offers(coverage.INSTRUMENTS).filter(kind=column), region)
        assert parts_of(cell) == {coverage.INSTRUMENTS: expected}, (row, column)
        checked += 1
    for (row, column), cell in coverage.partner_matrix(regions=regions, supply=supply).cells.items():
        region = next(r for r in regions if r.slug == row)
        total, unlabelled = expected_partner_cell(region, column)
        assert (cell.total, cell.unlabelled) == (total, unlabelled), (row, column)
        checked += 1
    for region in regions:
        for matrix, path, parts in (
            (coverage.type_matrix(region=region, supply=supply), "entrepreneur_types__code", list(KINDS)),
            (coverage.size_matrix(region=region, supply=supply), "firm_sizes__slug", [coverage.INSTRUMENTS]),
        ):
            for (row, column), cell in matrix.cells.items():
                expected = expected_label_cell(region, path, row, column, parts)
                assert (parts_of(cell), cell.unlabelled) == expected, (matrix.name, region.slug, row, column)
                checked += 1
    return checked


def test_every_cell_equals_its_sql_count_on_the_starting_data():
    assert assert_every_cell_is_its_sql_count() == CELLS


def test_every_cell_equals_its_sql_count_on_a_grown_catalogue(record_sets_kept):
    call_command("synthetic_catalog", instruments=300, stdout=StringIO())
    assert assert_every_cell_is_its_sql_count() == CELLS

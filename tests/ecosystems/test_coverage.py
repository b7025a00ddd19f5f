"""ecosystems.coverage: the matrices of the dekkingskaart, counted by hand on a country of the test's own
(the `world` fixture in conftest.py), with links to lists of exactly that length and a fixed number of
queries."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from ecosystems import coverage
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _parts(matrix):
    return {key: tuple(part.count for part in cell.parts) for key, cell in matrix.cells.items()}


def test_region_matrix_counts_distinct_offers_whose_scope_contains_the_region(world, settings):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 3
    matrix = coverage.region_matrix(province="testprov")
    assert [row.key for row in matrix.rows] == ["testprov", "noord", "zuid"]  # province first
    # (instruments, loketten, collaborations), computed by hand from the world in conftest.py
    assert _parts(matrix) == {
        ("testprov", "kennis"): (2, 0, 1),
        ("testprov", "netwerk"): (1, 0, 0),
        ("testprov", "financiering"): (0, 0, 0),
        ("testprov", "arbeid"): (0, 0, 0),
        ("noord", "kennis"): (2, 1, 1),
        ("noord", "netwerk"): (1, 1, 0),
        ("noord", "financiering"): (0, 1, 0),
        ("noord", "arbeid"): (0, 1, 0),
        ("zuid", "kennis"): (2, 0, 1),
        ("zuid", "netwerk"): (1, 0, 0),
        ("zuid", "financiering"): (0, 0, 0),
        ("zuid", "arbeid"): (0, 0, 1),
    }
    gaps = {(cell.row.key, cell.column.key) for cell in matrix.gaps}
    assert gaps == {("testprov", "financiering"), ("testprov", "arbeid"), ("zuid", "financiering")}
    # more than 3 offers for one need: only Noord x kennis (4); Zuid x kennis has exactly 3
    assert {(c.row.key, c.column.key) for c in matrix.fragmented} == {("noord", "kennis")}


def test_a_municipality_gets_its_own_offers_and_everything_above_it(world):
    matrix = coverage.region_matrix(regions=[world["midden"]])
    # Midden lies in Noord and Zuid: the loket of Noord, o3 of Zuid and the municipal instrument all serve it
    assert _parts(matrix)["midden", "arbeid"] == (1, 1, 1)
    assert _parts(matrix)["midden", "kennis"] == (2, 1, 1)


def test_type_and_size_matrices_count_records_that_name_the_type_or_size(world):
    types = coverage.type_matrix(region=world["noord"])
    assert _parts(types)["B", "kennis"] == (2, 1, 0)
    assert _parts(types)["C", "kennis"] == (1, 0, 0)
    assert _parts(types)["B", "financiering"] == (0, 1, 0)
    assert all(cell.gap for (row, _), cell in types.cells.items() if row in {"A", "D"})
    sizes = coverage.size_matrix(region=world["noord"])
    assert {key: cell.total for key, cell in sizes.cells.items() if cell.total} == {("klein", "kennis"): 1}


def test_mbo_hbo_wo_participation_counts_published_member_schools(world):
    matrix = coverage.partner_matrix(province="testprov")
    totals = {key: cell.total for key, cell in matrix.cells.items()}
    assert totals == {
        ("testprov", "alle"): 1, ("testprov", "mbo"): 1, ("testprov", "hbo"): 0, ("testprov", "wo"): 0,
        ("noord", "alle"): 1, ("noord", "mbo"): 1, ("noord", "hbo"): 0, ("noord", "wo"): 0,
        ("zuid", "alle"): 2, ("zuid", "mbo"): 1, ("zuid", "hbo"): 0, ("zuid", "wo"): 1,
    }  # fmt: skip


def _list_length(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_every_number_links_to_a_list_of_exactly_that_length(client, world):
    matrices = [
        coverage.region_matrix(province="testprov"),
        coverage.partner_matrix(province="testprov"),
        coverage.type_matrix(region=world["noord"]),
        coverage.size_matrix(region=world["noord"]),
    ]
    checked = 0
    for matrix in matrices:
        for cell in matrix.cells.values():
            for part in cell.parts:
                assert _list_length(client, part.url) == part.count, (
                    matrix.name,
                    cell.row,
                    cell.column,
                    part,
                )
                checked += 1
    assert checked == 12 * 3 + 12 + 16 * 3 + 16


def test_links_of_the_portal_matrices_match_too(client, portal_region, make_instrument, make_organisation):
    """The page's own matrices (the portal's province, with everything above it) link the same way."""
    make_instrument([portal_region], ["kennis"])
    make_organisation("innovatieloket", [portal_region], ["kennis"])
    matrix = coverage.coverage()[coverage.REGION]
    cell = matrix.cell(portal_region.slug, "kennis")
    assert cell.total >= 2
    for part in cell.parts:
        assert _list_length(client, part.url) == part.count
        assert parse_qs(urlsplit(part.url).query)["regio"] == [portal_region.slug]


def test_query_count_does_not_grow_with_regions_or_records(
    world, make_instrument, make_organisation, django_assert_num_queries
):
    with django_assert_num_queries(13):
        matrices = coverage.coverage(region=world["noord"], province="testprov")
    assert len(matrices[coverage.REGION].rows) == 3
    for n in range(10):
        region = RegionFactory(name=f"Extra {n}", parents=[world["prov"]])
        for factor in ("kennis", "netwerk", "financiering", "arbeid"):
            make_instrument([region], [factor], types=["B"], sizes=["klein"])
            make_organisation("samenwerking", [region], [factor])
        make_organisation("innovatieloket", [region], ["kennis"])
    cache.clear()
    with django_assert_num_queries(13):
        matrices = coverage.coverage(region=world["noord"], province="testprov")
    assert len(matrices[coverage.REGION].rows) == 13
    # the last new region: its own three offers plus the national and provincial ones of the world
    assert _parts(matrices[coverage.REGION])[region.slug, "kennis"] == (3, 1, 2)

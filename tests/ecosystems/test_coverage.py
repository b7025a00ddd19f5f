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


def test_region_matrix_counts_distinct_offers_in_the_region_above_and_inside_it(world, settings):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 3
    matrix = coverage.region_matrix(province="testprov")
    assert [row.key for row in matrix.rows] == ["testprov", "noord", "west", "zuid"]  # province first
    # (instruments, loketten, collaborations), computed by hand from the world in conftest.py: the municipal
    # instrument of Midden counts for Noord, Zuid and the province; Noord's loket and Zuid's collaboration
    # reach the other through Midden; West gets only what lies above it; the school fund counts nowhere.
    everywhere = {"kennis": (2, 1, 1), "netwerk": (1, 1, 0), "financiering": (0, 1, 0), "arbeid": (1, 1, 1)}
    west = {"kennis": (2, 0, 1), "netwerk": (1, 0, 0), "financiering": (0, 0, 0), "arbeid": (0, 0, 0)}
    assert _parts(matrix) == {
        (row, factor): parts
        for row in ("testprov", "noord", "west", "zuid")
        for factor, parts in (west if row == "west" else everywhere).items()
    }
    gaps = {(cell.row.key, cell.column.key) for cell in matrix.gaps}
    assert gaps == {("west", "financiering"), ("west", "arbeid")}
    # more than 3 offers for one need: kennis everywhere but West, which has exactly 3
    assert {(c.row.key, c.column.key) for c in matrix.fragmented} == {
        ("testprov", "kennis"),
        ("noord", "kennis"),
        ("zuid", "kennis"),
    }


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
    # A and D: nothing names them. Per factor, offers that name no type at all make the zero "not labelled":
    # kennis has o2, arbeid the municipal instrument and o3; netwerk and financiering are all labelled.
    for row in ("A", "D"):
        assert {column: cell.unlabelled for (r, column), cell in types.cells.items() if r == row} == {
            "kennis": 1,
            "netwerk": 0,
            "financiering": 0,
            "arbeid": 2,
        }
        assert types.cell(row, "kennis").not_labelled and not types.cell(row, "kennis").gap
        assert types.cell(row, "netwerk").gap and not types.cell(row, "netwerk").not_labelled
    sizes = coverage.size_matrix(region=world["noord"])
    assert {key: cell.total for key, cell in sizes.cells.items() if cell.total} == {("klein", "kennis"): 1}
    # the instruments without any size: kennis and netwerk (instr2), arbeid (Midden's); financiering none
    assert sizes.cell("micro", "financiering").gap
    assert sizes.cell("micro", "arbeid").not_labelled and sizes.cell("micro", "arbeid").unlabelled == 1


def test_mbo_hbo_wo_participation_counts_published_member_schools(world):
    matrix = coverage.partner_matrix(province="testprov")
    totals = {key: cell.total for key, cell in matrix.cells.items()}
    # o3 (Zuid, wo member) reaches Noord and the province through Midden; West has only o2 (province, mbo)
    assert totals == {
        ("testprov", "alle"): 2, ("testprov", "mbo"): 1, ("testprov", "hbo"): 0, ("testprov", "wo"): 1,
        ("noord", "alle"): 2, ("noord", "mbo"): 1, ("noord", "hbo"): 0, ("noord", "wo"): 1,
        ("west", "alle"): 1, ("west", "mbo"): 1, ("west", "hbo"): 0, ("west", "wo"): 0,
        ("zuid", "alle"): 2, ("zuid", "mbo"): 1, ("zuid", "hbo"): 0, ("zuid", "wo"): 1,
    }  # fmt: skip
    # every collaboration has a published member, so each zero is a gap (the concept hbo member is unknown)
    assert not matrix.not_labelled and len(matrix.gaps) == 5


def _list_length(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_every_number_links_to_a_list_of_exactly_that_length(client, world):
    matrices = [
        coverage.region_matrix(province="testprov"),
        coverage.kind_matrix(province="testprov"),
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
    assert checked == 16 * 3 + 4 * 7 + 16 + 16 * 3 + 16


def test_links_of_the_portal_matrices_match_too(client, portal_region, make_instrument, make_organisation):
    """The page's own matrices (the portal's province, with everything above it) link the same way."""
    make_instrument([portal_region], ["kennis"])
    make_organisation("innovatieloket", [portal_region], ["kennis"])
    matrix = coverage.coverage()[coverage.REGION]
    cell = matrix.cell(portal_region.slug, "kennis")
    assert cell.total >= 2
    for part in cell.parts:
        assert _list_length(client, part.url) == part.count
        assert parse_qs(urlsplit(part.url).query)["gebied"] == [portal_region.slug]


def test_query_count_does_not_grow_with_regions_or_records(
    world, make_instrument, make_organisation, django_assert_num_queries
):
    # Rows, factors, types, sizes, and the 19 record sets (read afresh here: tests do not keep them), 4 of
    # them the knowledge offers' (positions, area, published, level)
    queries = 23
    with django_assert_num_queries(queries):
        matrices = coverage.coverage(region=world["noord"], province="testprov")
    assert len(matrices[coverage.REGION].rows) == 4
    for n in range(10):
        region = RegionFactory(name=f"Extra {n}", parents=[world["prov"]])
        for factor in ("kennis", "netwerk", "financiering", "arbeid"):
            make_instrument([region], [factor], types=["B"], sizes=["klein"])
            make_organisation("samenwerking", [region], [factor])
        make_organisation("innovatieloket", [region], ["kennis"])
    cache.clear()
    with django_assert_num_queries(queries):
        matrices = coverage.coverage(region=world["noord"], province="testprov")
    assert len(matrices[coverage.REGION].rows) == 14
    # the last new region: its own three offers plus the national and provincial ones of the world
    assert _parts(matrices[coverage.REGION])[region.slug, "kennis"] == (3, 1, 2)

"""ecosystems.charts: the coordinates and colours of the dekkingskaart's SVG charts."""

import pytest

from ecosystems import charts, coverage

pytestmark = pytest.mark.django_db


def test_the_tile_map_says_which_region_has_no_innovatieloket(world):
    tiles = charts.tile_map(coverage.region_matrix(province="testprov"), province="testprov")
    loket = {row.key: has_loket for row, _weakest, _gaps, has_loket, _box in tiles["tiles"]}
    # Noord names a loket, which reaches Zuid through Midden; nothing reaches West. The province frames them.
    assert loket == {"noord": True, "west": False, "zuid": True}
    assert tiles["province"][0].key == "testprov"


def test_each_tile_is_coloured_by_its_weakest_factor(world):
    tiles = charts.tile_map(coverage.region_matrix(province="testprov"), province="testprov")
    weakest = {
        row.key: (cell.column.key, cell.total, gaps) for row, cell, gaps, _loket, _box in tiles["tiles"]
    }
    assert weakest["west"] == ("financiering", 0, 2)
    assert weakest["noord"] == ("financiering", 1, 0)  # the first of the factors with the fewest offers
    west_box = next(box for row, *_, box in tiles["tiles"] if row.key == "west")
    assert (west_box.fill, west_box.ink) == charts.GAP


@pytest.mark.parametrize(
    ("value", "maximum", "colours"),
    [
        (0, 10, charts.GAP),
        (1, 10, charts.PALETTE[0]),
        (10, 10, charts.PALETTE[-1]),
        (5, 0, charts.PALETTE[-1]),
    ],
)
def test_shade_gives_gaps_their_own_colour_and_counts_five_steps(value, maximum, colours):
    assert charts.shade(value, maximum) == colours

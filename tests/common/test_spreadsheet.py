"""One formula guard for every export (common/spreadsheet.py)."""

import pytest

from common.spreadsheet import plain_cell, spreadsheet_cell


@pytest.mark.parametrize("cell", ["=1+1", "+31 6 1234", "-5", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_that_starts_like_a_formula_reads_as_text_and_comes_back(cell):
    assert spreadsheet_cell(cell) == "'" + cell
    assert plain_cell(spreadsheet_cell(cell)) == cell


@pytest.mark.parametrize("cell", ["Kennis", "'t Hof van Twente", "a=b", "", 12, None, -5])
def test_other_cells_are_left_alone(cell):
    assert spreadsheet_cell(cell) == cell
    assert plain_cell(cell) == cell

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def _numbers(page, selector):
    return page.eval_on_selector_all(
        selector, "els => Object.fromEntries(els.map(e => [e.dataset.cell, Number(e.dataset.total)]))"
    )


def _visible_numbers(page, matrix):
    """What a reader sees: the first number drawn in each SVG cell, and the total in each table cell."""
    svg = page.eval_on_selector_all(
        f'svg[data-matrix="{matrix}-chart"] g[data-cell]',
        "els => Object.fromEntries(els.map(e => [e.dataset.cell,"
        " parseInt(e.querySelector('text').textContent)]))",
    )
    table = page.eval_on_selector_all(
        f'table[data-matrix="{matrix}-table"] td[data-cell]',
        "els => Object.fromEntries(els.map(e => [e.dataset.cell,"
        " parseInt(e.querySelector('.routekaart-matrix__total').textContent)]))",
    )
    return svg, table


def test_coverage_page_svg_and_table_agree_and_pass_axe(site, page):
    response = page.goto(site.url + "/dekking/")
    assert response.status == 200
    for matrix in ("regio", "type", "grootte"):
        svg, table = _visible_numbers(page, matrix)
        assert svg and svg == table, matrix
    assert _numbers(page, 'svg[data-matrix="mbo-chart"] g[data-cell]') == _numbers(
        page, 'table[data-matrix="mbo-table"] td[data-cell]'
    )
    tiles = _numbers(page, 'svg[data-matrix="tiles"] g[data-cell]')
    assert set(tiles) == {"twente", "regio-zwolle", "salland", "cleantech-regio"}
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/dekking/ scrolls sideways by {overflow}px"


def test_a_cell_link_opens_a_list_with_that_many_results(site, page):
    page.goto(site.url + "/dekking/?regio=twente")
    link = page.locator('table[data-matrix="type-table"] td[data-cell="B:kennis"] a').first
    expected = int(link.get_attribute("data-count"))
    link.click()
    assert page.url.startswith(site.url + "/instrumenten/?")
    assert str(expected) in page.locator("h1").inner_text()


def test_region_page_with_coverage_passes_axe(site, page):
    assert page.goto(site.url + "/regio/salland/").status == 200
    assert page.locator('table[data-matrix="region-coverage"]').count() == 1
    assert axe_violations(page) == []


def test_kinds_of_money_and_unlabelled_cells_read_at_every_width(site, page):
    """The financiering-by-kind table shows the missing loan as a gap, and 'niet gelabeld' cells say so in
    words; a screenshot of the page is kept for a person to look at."""
    page.goto(site.url + "/dekking/")
    loan = page.locator('table[data-matrix="soort-table"] td[data-cell="overijssel:krediet"]')
    assert "Leemte" in loan.inner_text()
    unlabelled = page.locator(".routekaart-matrix__cell--unlabelled")
    assert unlabelled.count() > 0
    assert "niet gelabeld (" in unlabelled.first.inner_text()
    width = page.viewport_size["width"]
    page.screenshot(path=f"/tmp/dekking-{width}.png", full_page=True)

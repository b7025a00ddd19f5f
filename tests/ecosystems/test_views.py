"""The region page /regio/<slug>/ and the dekkingskaart /dekking/ with its CSV files (ecosystems.views).

The region page takes any region, so its tests build a country of their own. /dekking/ always shows the
portal's province: those tests put their records in a region of their own below it (`portal_region`) and
assert on that region's row only.
"""

import csv
import io

import pytest
from django.urls import reverse

from catalog.models import Factor, Membership, Scope
from ecosystems import coverage
from ecosystems.services import take_snapshot
from tests.factories import (
    FactorFactory,
    InstrumentFactory,
    LoketFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Kwelderland > Kwelderprovincie > Kwelderdal > Kwelderdorp, with an offer at every level."""
    kennis = FactorFactory(slug="kennis")
    land = RegionFactory(name="Kwelderland", scope=Scope.LAND)
    province = RegionFactory(name="Kwelderprovincie", scope=Scope.PROVINCIE, parents=[land])
    region = RegionFactory(name="Kwelderdal", parents=[province])
    municipality = RegionFactory(name="Kwelderdorp", scope=Scope.GEMEENTE, parents=[region])
    return {
        "land": land,
        "province": province,
        "region": region,
        "municipality": municipality,
        "loket": LoketFactory(name="Loket Kwelderdal", regions=[region], factors=[kennis]),
        "national": InstrumentFactory(name="Landelijke kwelderregeling", regions=[land], factors=[kennis]),
        "provincial": InstrumentFactory(
            name="Provinciale kwelderregeling", regions=[province], factors=[kennis]
        ),
        "regional": InstrumentFactory(name="Kwelderdalfonds", regions=[region], factors=[kennis]),
        "collaboration": OrganisationFactory(
            name="Kwelderkampus", kind="samenwerking", regions=[municipality], factors=[kennis]
        ),
    }


# --- The region page ---------------------------------------------------------------------------------------


def test_region_page_has_its_loket_and_instruments_from_every_level(client, country):
    InstrumentFactory(name="Gesloten kwelderregeling", regions=[country["region"]], status="gesloten")
    response = client.get(reverse("ecosystems:region_detail", args=[country["municipality"].slug]))
    html = page(response)
    assert text(html.h1) == "Kwelderdorp"
    loket = html.find(id="loket-title").find_parent("section")
    assert [text(a) for a in loket.select("h3 a")] == ["Loket Kwelderdal"]
    instruments = html.find(id="instruments-title").find_parent("section")
    levels = [text(h3) for h3 in instruments.find_all("h3") if not h3.find("a")]
    # from the nearest level up; the closed instrument is not on offer
    assert levels == [
        "Voor bedrijven in Kwelderdal (1)",
        "Voor bedrijven in Kwelderprovincie (1)",
        "Voor bedrijven in Kwelderland (1)",
    ]
    names = [text(a) for a in instruments.select(".routekaart-card h3 a")]
    assert names == ["Kwelderdalfonds", "Provinciale kwelderregeling", "Landelijke kwelderregeling"]
    collaborations = html.find(id="collaborations-title").find_parent("section")
    assert [text(a) for a in collaborations.select(".routekaart-card h3 a")] == ["Kwelderkampus"]


def test_region_page_shows_its_coverage_with_links(client, country):
    mbo = OrganisationFactory(kind="kennisinstelling", level="mbo")
    Membership.objects.create(collaboration=country["collaboration"], member=mbo)
    response = client.get(reverse("ecosystems:region_detail", args=[country["municipality"].slug]))
    html = page(response)
    section = html.find(id="coverage-title").find_parent("section")
    assert text(section.h2) == "Dekking: wat is er per innovatiefactor"
    row = response.context["coverage_row"]
    factors = list(Factor.objects.order_by("order").values_list("slug", flat=True))
    assert [cell.column.key for cell in row] == factors
    kennis = next(cell for cell in row if cell.column.key == "kennis")
    # instruments (national, provincial, regional), the loket of the region, the collaboration in the town
    assert [part.count for part in kennis.parts] == [3, 1, 1]
    table = section.find("table")
    assert [a["data-count"] for a in table.find_all("a")[:3]] == [str(part.count) for part in row[0].parts]
    partners = {
        a["href"].rsplit("=", 1)[1]: text(a) for a in section.find_all("a") if "partnerniveau=" in a["href"]
    }
    assert partners == {"mbo": "mbo: 1", "hbo": "hbo: 0", "wo": "wo: 0"}


def test_region_page_links_to_the_report_form_and_back(client, country):
    region = country["region"]
    detail_url = reverse("ecosystems:region_detail", args=[region.slug])
    report_url = reverse("catalog:report_outdated", args=["regio", region.slug])
    assert links(client.get(detail_url))[report_url] == "Meld verouderde informatie"
    assert links(client.get(report_url))[detail_url] == "Kwelderdal"


def test_unknown_or_unpublished_region_is_404(client):
    assert client.get("/regio/atlantis/").status_code == 404
    concept = RegionFactory(publication_status="concept")
    assert client.get(reverse("ecosystems:region_detail", args=[concept.slug])).status_code == 404


def test_region_page_query_count_does_not_grow_with_the_data(
    client, country, django_assert_max_num_queries, record_sets_kept
):
    # the coverage table when it is not cached (ecosystems.coverage.region_coverage), the record sets of a
    # first visit after a change (of five models: the kennisbank's two too), then one read per model for the
    # sections (ecosystems.selectors)
    limit = 36
    url = reverse("ecosystems:region_detail", args=[country["municipality"].slug])
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    kennis = FactorFactory(slug="kennis")
    for level in ("land", "province", "region", "municipality"):
        for _ in range(10):
            InstrumentFactory(regions=[country[level]], factors=[kennis])
            OrganisationFactory(kind="samenwerking", regions=[country[level]], factors=[kennis])
            OrganisationFactory(kind="kennisinstelling", level="hbo", regions=[country[level]])
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert "Alle 11 regelingen voor Kwelderdal" in text(response)


# --- /dekking/ ---------------------------------------------------------------------------------------------


def test_page_shows_matrices_marks_threshold_and_links(client, settings, portal_region, make_instrument):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 20
    make_instrument([portal_region], ["kennis"])
    loket = LoketFactory(regions=[portal_region], factors=[FactorFactory(slug="kennis")])
    response = client.get(reverse("ecosystems:coverage"))
    assert response.status_code == 200
    html = page(response)
    cell = response.context["matrices"][coverage.REGION].cell(portal_region.slug, "kennis")
    drawn = html.find_all(attrs={"data-cell": f"{portal_region.slug}:kennis"})
    assert [node.name for node in drawn] == ["g", "td"]  # in the SVG and in the table
    assert {node["data-total"] for node in drawn} == {str(cell.total)}
    assert [a["href"] for a in drawn[1].find_all("a")] == [part.url for part in cell.parts]
    assert "meer dan 20 aanbieders" in text(response)
    assert html.find("svg", role="img")
    assert "schematisch" in text(html.find("svg", attrs={"data-matrix": "tiles"}))
    loketten = page(client.get(cell.parts[1].url))  # the loketten number opens the list with the test's loket
    assert loket.name in [text(a) for a in loketten.select("#resultaten .routekaart-card h3 a")]


def test_every_cell_of_the_table_marks_gaps_and_fragmentation(
    client, settings, portal_region, make_instrument
):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 1
    make_instrument([portal_region], ["kennis"])
    LoketFactory(regions=[portal_region], factors=[FactorFactory(slug="kennis")])
    response = client.get(reverse("ecosystems:coverage"))
    assert "meer dan 1 aanbieders" in text(response)
    matrix = response.context["matrices"][coverage.REGION]
    assert matrix.cell(portal_region.slug, "kennis").fragmented  # the test's instrument and loket, at least
    table = page(response).find("table", attrs={"data-matrix": "regio-table"})
    for (row, column), cell in matrix.cells.items():
        td = table.find("td", attrs={"data-cell": f"{row}:{column}"})
        marks = [text(mark) for mark in td.select(".routekaart-mark")]
        expected = ["Leemte"] if cell.gap else ["Mogelijk versnipperd"] if cell.fragmented else []
        assert marks == expected, (row, column)


def test_unknown_region_gets_a_clear_400_with_the_province(client):
    response = client.get(reverse("ecosystems:coverage"), {"regio": "atlantis"})
    assert response.status_code == 400
    alert = page(response).find(role="alert")
    assert text(alert) == 'De regio "atlantis" kennen we niet. U ziet nu heel Overijssel.'
    assert client.get("/dekking/onbekend.csv").status_code == 404
    assert client.get("/dekking/type.csv?regio=atlantis").status_code == 404


def test_the_map_says_which_region_has_no_innovatieloket(client, portal_region):
    served = RegionFactory(name="Kwelderhoek", parents=portal_region.parents.all())
    LoketFactory(regions=[served], factors=[FactorFactory(slug="kennis")])
    response = client.get(reverse("ecosystems:coverage"))
    tiles = {g["data-cell"]: text(g) for g in page(response).select("svg[data-matrix=tiles] g[data-cell]")}
    assert "geen innovatieloket" not in tiles[served.slug]
    matrix = response.context["matrices"][coverage.REGION]
    for row, cells in matrix.table[1:]:  # the first row is the province, which frames the tiles
        loketten = sum(part.count for cell in cells for part in cell.parts if part.kind == coverage.LOKETTEN)
        assert ("geen innovatieloket" in tiles[row.key]) == (loketten == 0), row.key


def test_the_page_shows_the_change_since_the_last_snapshot(client, portal_region, make_instrument):
    take_snapshot(note="begin")
    make_instrument([portal_region], ["arbeid"])
    make_instrument([portal_region], ["arbeid"])
    response = client.get(reverse("ecosystems:coverage"))
    cell = response.context["matrices"][coverage.REGION].cell(portal_region.slug, "arbeid")
    assert cell.change == 2
    td = page(response).find("td", attrs={"data-cell": f"{portal_region.slug}:arbeid"})
    assert text(td.select_one(".routekaart-matrix__change")) == "+2 sinds momentopname"


def test_csv_has_bom_header_filename_and_the_cell_numbers(client, portal_region, make_instrument):
    make_instrument([portal_region], ["kennis"], types=["B"])
    response = client.get(reverse("ecosystems:coverage_csv", args=["regio"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="dekking-regio.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == ["regio", "innovatiefactor", "instrumenten", "loketten", "samenwerkingen", "totaal"]
    matrix = coverage.coverage()[coverage.REGION]
    assert len(rows) == 1 + len(matrix.rows) * len(matrix.columns)
    kennis = Factor.objects.get(slug="kennis").name
    [own] = [row for row in rows if row[0] == "Kwelderdal" and row[1] == kennis]
    cell = matrix.cell(portal_region.slug, "kennis")
    assert [int(n) for n in own[2:6]] == [*(part.count for part in cell.parts), cell.total]
    assert own[7] == ("ja" if cell.fragmented else "nee")

    types = client.get(reverse("ecosystems:coverage_csv", args=["type"]), {"regio": portal_region.slug})
    assert types["Content-Disposition"] == f'attachment; filename="dekking-type-{portal_region.slug}.csv"'
    assert "Kwelderdal;B: " in types.content.decode("utf-8")


def test_csv_cells_that_look_like_a_formula_open_as_text(client):
    """A region name such as '=HYPERLINK(…)' must not run in the spreadsheet of whoever opens the CSV."""
    from django.conf import settings

    from catalog.models import Region

    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)
    RegionFactory(name='=HYPERLINK("http://example.org","klik")', parents=[province])
    body = client.get(reverse("ecosystems:coverage_csv", args=["regio"])).content.decode("utf-8")
    names = {row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")}
    assert '\'=HYPERLINK("http://example.org","klik")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)

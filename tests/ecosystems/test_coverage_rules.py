"""The rules of what coverage counts (issue 11 item 6), each on a small world of its own: an offer counts for
every region it is offered in (so no region shows less than a region inside it), only what a firm can apply
for counts, money is broken down by kind, and a missing label is not a gap."""

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.models import Membership, Scope
from catalog.regions import rebuild_lineage
from ecosystems import coverage
from tests.factories import FactorFactory, InstrumentFactory, OrganisationFactory, RegionFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def zwolle_world():
    """Provincie > Regio > Stad; a collaboration based in the town with an mbo school as a member."""
    province = RegionFactory(name="Provincie", scope=Scope.PROVINCIE)
    region = RegionFactory(name="Regio", parents=[province])
    town = RegionFactory(name="Stad", scope=Scope.GEMEENTE, parents=[region])
    school = OrganisationFactory(kind="kennisinstelling", level="mbo")
    collaboration = OrganisationFactory(
        kind="samenwerking", regions=[town], factors=[FactorFactory(slug="arbeid")]
    )
    Membership.objects.create(collaboration=collaboration, member=school)
    return {"province": province, "region": region, "town": town}


def test_a_collaboration_based_in_a_town_counts_for_its_region_and_province(client, zwolle_world):
    rows = [zwolle_world[key] for key in ("province", "region", "town")]
    partners = coverage.partner_matrix(regions=rows)
    assert [partners.cell(r.slug, "mbo").total for r in rows] == [1, 1, 1]
    factors = coverage.region_matrix(regions=rows)
    assert [factors.cell(r.slug, "arbeid").total for r in rows] == [1, 1, 1]
    # the region's own page says the same, and its number opens a list with the collaboration
    response = client.get(reverse("ecosystems:region_detail", args=[zwolle_world["region"].slug]))
    assert [cell.total for cell in response.context["partner_row"]] == [1, 1, 0, 0]
    link = response.context["partner_row"][1].parts[0].url
    assert client.get(link).context["page"].paginator.count == 1


# A random forest of regions: each region after the first few lies in one or two earlier ones, and offers
# name one or two random regions.
@st.composite
def region_graphs(draw):
    size = draw(st.integers(min_value=2, max_value=8))
    parents = [[]]
    for index in range(1, size):
        choices = st.lists(st.integers(min_value=0, max_value=index - 1), max_size=2, unique=True)
        parents.append(draw(choices))
    offers = draw(
        st.lists(
            st.lists(st.integers(min_value=0, max_value=size - 1), min_size=1, max_size=2, unique=True),
            max_size=6,
        )
    )
    return parents, offers


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(graph=region_graphs())
def test_no_region_ever_shows_less_supply_than_a_region_inside_it(graph):
    parents, offers = graph
    kennis = FactorFactory(slug="kennis")
    with transaction.atomic():
        regions = []
        for above in parents:
            scope = Scope.PROVINCIE if not above else Scope.REGIO
            regions.append(RegionFactory(scope=scope, parents=[regions[i] for i in above]))
        rebuild_lineage()
        for names in offers:
            InstrumentFactory(regions=[regions[i] for i in names], factors=[kennis])
            OrganisationFactory(kind="samenwerking", regions=[regions[i] for i in names], factors=[kennis])
        matrix = coverage.region_matrix(regions=regions)
        total = {region.slug: matrix.cell(region.slug, "kennis").total for region in regions}
        for region in regions:
            for descendant in region.descendants.all():
                assert total[region.slug] >= total[descendant.slug], (parents, offers)
        # and an offer counts where it is named
        for names in offers:
            assert all(total[regions[i].slug] >= 2 for i in names)
        transaction.set_rollback(True)


def test_a_missing_loan_or_guarantee_shows_as_a_gap_also_in_the_csv(client, portal_region, make_instrument):
    make_instrument([portal_region], ["financiering"], kind="subsidie")
    make_instrument([portal_region], ["kennis"], kind="voucher")
    matrix = coverage.kind_matrix(regions=[portal_region])
    assert [column.key for column in matrix.columns] == [kind.value for kind in coverage.MONEY_KINDS]
    own = {column: cell.total for (row, column), cell in matrix.cells.items()}
    assert own["subsidie"] >= 1 and own["voucher"] >= 1
    if own["krediet"] == 0:  # the starting data may add a loan for the whole province one day
        assert matrix.cell(portal_region.slug, "krediet").gap
    response = client.get(reverse("ecosystems:coverage"))
    table = page(response).find("table", attrs={"data-matrix": "soort-table"})
    for kind in ("krediet", "garantie"):
        cell = response.context["matrices"][coverage.KIND].cell(portal_region.slug, kind)
        td = table.find("td", attrs={"data-cell": f"{portal_region.slug}:{kind}"})
        assert ("Leemte" in text(td)) == (cell.total == 0)
    body = client.get(reverse("ecosystems:coverage_csv", args=["soort"])).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["regio", "soort geld"]
    [loan] = [row for row in rows if row[0] == "Kwelderdal" and row[1] == "Krediet of lening"]
    assert loan[4] == ("ja" if own["krediet"] == 0 else "nee")


def test_a_gap_in_loans_on_a_world_of_its_own(world, make_instrument):
    make_instrument([world["noord"]], ["financiering"], kind="garantie")
    matrix = coverage.kind_matrix(province="testprov")
    assert matrix.cell("noord", "garantie").total == 1
    assert matrix.cell("testprov", "garantie").total == 1  # Noord lies in the province
    assert matrix.cell("west", "garantie").gap
    assert all(matrix.cell(row, "krediet").gap for row in ("testprov", "noord", "west", "zuid"))


def test_what_a_firm_cannot_use_is_no_supply(world, make_instrument):
    before = coverage.kind_matrix(province="testprov").cell("west", "fonds").total
    make_instrument([world["west"]], ["financiering"], kind="fonds", firms_can_apply=False)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    make_instrument([world["west"]], ["financiering"], kind="fonds", status="open", closes_on=yesterday)
    make_instrument([world["west"]], ["financiering"], kind="fonds", status="gesloten")
    assert coverage.kind_matrix(province="testprov").cell("west", "fonds").total == before == 0
    assert coverage.region_matrix(province="testprov").cell("west", "financiering").gap


def test_not_labelled_is_told_apart_from_no_supply(client, portal_region, make_instrument):
    make_instrument([portal_region], ["arbeid"])  # names no type and no size
    response = client.get(reverse("ecosystems:coverage"), {"regio": portal_region.slug})
    types = response.context["matrices"][coverage.TYPE]
    assert types.cell("A", "arbeid").not_labelled and not types.cell("A", "arbeid").gap
    n = types.cell("A", "arbeid").unlabelled
    html = page(response)
    td = html.find("table", attrs={"data-matrix": "type-table"}).find("td", attrs={"data-cell": "A:arbeid"})
    assert "Leemte" not in text(td)
    assert f"niet gelabeld ({n})" in text(td)
    assert "routekaart-matrix__cell--unlabelled" in td["class"]
    svg = html.find("svg", attrs={"data-matrix": "type-chart"})
    svg_cell = svg.find("g", attrs={"data-cell": "A:arbeid"})
    assert f"niet gelabeld ({n})" in text(svg_cell)
    legend = text(html.find(class_="routekaart-legend"))
    assert "niet gelabeld (N)" in legend and "leemte" in legend
    # a real gap in the same page still says so
    gaps = [cell for cell in types.cells.values() if cell.gap]
    for cell in gaps:
        gap_td = html.find("table", attrs={"data-matrix": "type-table"}).find(
            "td", attrs={"data-cell": f"{cell.row.key}:{cell.column.key}"}
        )
        assert "Leemte" in text(gap_td) and "niet gelabeld" not in text(gap_td)


@pytest.mark.parametrize("extra", [0, 30])
def test_page_queries_do_not_grow_with_the_catalogue(
    client, world, portal_region, make_instrument, make_organisation, extra, django_assert_max_num_queries
):
    for n in range(extra):
        region = RegionFactory(name=f"Extra {n}", parents=[portal_region])
        make_instrument([region], ["kennis"], kind="krediet", types=["B"], sizes=["klein"])
        make_organisation("samenwerking", [region], ["arbeid"])
    with django_assert_max_num_queries(35):
        assert client.get(reverse("ecosystems:coverage")).status_code == 200

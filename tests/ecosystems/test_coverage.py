import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from catalog.models import EntrepreneurType, Factor, FirmSize, Instrument, Membership, Region
from ecosystems import coverage
from ecosystems.models import CoverageSnapshot
from tests.factories import InstrumentFactory, OrganisationFactory, RegionFactory
from tests.scale import multiply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the test database rolls back without signals; never reuse another test's matrices
    yield
    cache.clear()


def _instrument(regions, factors, *, types=(), sizes=(), **kwargs):
    instrument = InstrumentFactory(regions=regions, **kwargs)
    instrument.factors.set(Factor.objects.filter(slug__in=factors))
    instrument.entrepreneur_types.set(EntrepreneurType.objects.filter(code__in=types))
    instrument.firm_sizes.set(FirmSize.objects.filter(slug__in=sizes))
    return instrument


def _organisation(kind, regions, factors, *, types=(), **kwargs):
    organisation = OrganisationFactory(kind=kind, **kwargs)
    organisation.regions.set(regions)
    organisation.factors.set(Factor.objects.filter(slug__in=factors))
    organisation.entrepreneur_types.set(EntrepreneurType.objects.filter(code__in=types))
    return organisation


@pytest.fixture
def world():
    """A small country of its own, apart from the real data:
    Testland > Testprov > Noord, Zuid; the municipality Midden lies in both Noord and Zuid."""
    land = RegionFactory(name="Testland", slug="testland", scope="land")
    prov = RegionFactory(name="Testprov", slug="testprov", scope="provincie", parents=[land])
    noord = RegionFactory(name="Noord", slug="noord", parents=[prov])
    zuid = RegionFactory(name="Zuid", slug="zuid", parents=[prov])
    midden = RegionFactory(name="Midden", slug="midden", scope="gemeente", parents=[noord, zuid])
    _instrument([land], ["kennis"], types=["B"], sizes=["klein"])  # serves every row
    _instrument([noord, zuid, prov], ["kennis", "netwerk"], types=["B", "C"])  # in each lineage twice
    _instrument([zuid], ["financiering"], status="gesloten")  # closed: not counted
    _instrument([noord], ["financiering"], publication_status="concept")  # not published
    _instrument([midden], ["arbeid"])  # municipal: not for the whole of Noord or Zuid
    _organisation("innovatieloket", [noord], ["kennis", "netwerk", "financiering", "arbeid"], types=["B"])
    mbo = OrganisationFactory(kind="kennisinstelling", level="mbo")
    hbo = OrganisationFactory(kind="kennisinstelling", level="hbo", publication_status="concept")
    wo = OrganisationFactory(kind="kennisinstelling", level="wo")
    o2 = _organisation("samenwerking", [prov], ["kennis"])
    Membership.objects.create(collaboration=o2, member=mbo)
    Membership.objects.create(collaboration=o2, member=hbo)  # concept member: does not count
    o3 = _organisation("samenwerking", [zuid], ["arbeid"])
    Membership.objects.create(collaboration=o3, member=wo)
    _organisation("kennisinstelling", [prov], ["kennis"], level="hbo")  # not a loket or collaboration
    return {"prov": prov, "noord": noord, "zuid": zuid, "midden": midden}


def _parts(matrix):
    return {key: tuple(part.count for part in cell.parts) for key, cell in matrix.cells.items()}


def test_region_matrix_counts_distinct_offers_whose_scope_contains_the_region(world, settings):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 3
    matrix = coverage.region_matrix(province="testprov")
    assert [row.key for row in matrix.rows] == ["testprov", "noord", "zuid"]  # province first
    # (instruments, loketten, collaborations), computed by hand from the world above
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


def test_links_on_the_real_data_match_too(client):
    matrix = coverage.coverage()[coverage.REGION]
    twente_kennis = matrix.cell("twente", "kennis")
    assert twente_kennis.total > 0
    for part in twente_kennis.parts:
        assert _list_length(client, part.url) == part.count
        assert parse_qs(urlsplit(part.url).query)["regio"] == ["twente"]


def test_query_count_does_not_grow_with_regions_or_records(django_assert_num_queries):
    twente = Region.objects.get(slug="twente")
    with django_assert_num_queries(13):
        coverage.coverage(region=twente)
    multiply(3)  # four times the records, and a copy of every region in Overijssel
    cache.clear()
    assert len(coverage.coverage_regions()) > 8
    with django_assert_num_queries(13):
        matrices = coverage.coverage(region=twente)
    assert len(matrices[coverage.REGION].rows) > 8


def test_matrices_are_cached_until_a_record_changes(django_assert_num_queries):
    before = coverage.coverage()[coverage.REGION].cell("twente", "arbeid").total
    with django_assert_num_queries(0):
        coverage.coverage()
    _instrument([Region.objects.get(slug="twente")], ["arbeid"])
    assert coverage.coverage()[coverage.REGION].cell("twente", "arbeid").total == before + 1
    Instrument.objects.get(slug=Instrument.objects.latest("pk").slug).delete()
    assert coverage.coverage()[coverage.REGION].cell("twente", "arbeid").total == before


def test_page_shows_matrices_marks_threshold_and_links(client, settings):
    settings.COVERAGE_FRAGMENTATION_THRESHOLD = 20
    response = client.get(reverse("ecosystems:coverage"))
    assert response.status_code == 200
    html = response.content.decode()
    matrix = response.context["matrices"][coverage.REGION]
    cell = matrix.cell("twente", "kennis")
    assert f'data-cell="twente:kennis" data-total="{cell.total}"' in html  # in the SVG and in the table
    assert html.count('data-cell="twente:kennis"') == 2
    assert "meer dan 20 aanbieders" in html
    assert "Mogelijk versnipperd" in html and "Leemte" in html
    assert 'role="img"' in html and "schematisch" in html
    for part in cell.parts:
        assert f'href="{part.url.replace("&", "&amp;")}"' in html


def test_unknown_region_gets_a_clear_400_with_the_province(client):
    response = client.get(reverse("ecosystems:coverage"), {"regio": "atlantis"})
    assert response.status_code == 400
    assert 'De regio "atlantis" kennen we niet' in response.content.decode()
    assert client.get("/dekking/onbekend.csv").status_code == 404
    assert client.get("/dekking/type.csv?regio=atlantis").status_code == 404


def test_csv_has_bom_header_filename_and_the_cell_numbers(client):
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
    twente = next(row for row in rows if row[0] == "Twente" and row[1] == "Kennis")
    cell = matrix.cell("twente", "kennis")
    assert [int(n) for n in twente[2:6]] == [*(part.count for part in cell.parts), cell.total]
    assert twente[7] == ("ja" if cell.fragmented else "nee")

    types = client.get(reverse("ecosystems:coverage_csv", args=["type"]), {"regio": "twente"})
    assert types["Content-Disposition"] == 'attachment; filename="dekking-type-twente.csv"'
    assert "Twente;B: " in types.content.decode("utf-8")


def test_snapshot_command_and_change_since_the_last_snapshot(client):
    call_command("snapshot_coverage", "--note", "begin", stdout=io.StringIO())
    snapshot = CoverageSnapshot.objects.get()
    assert snapshot.note == "begin"
    before = snapshot.data["regio"]["twente"]["arbeid"]
    _instrument([Region.objects.get(slug="twente")], ["arbeid"])
    _instrument([Region.objects.get(slug="twente")], ["arbeid"])
    response = client.get(reverse("ecosystems:coverage"))
    cell = response.context["matrices"][coverage.REGION].cell("twente", "arbeid")
    assert (cell.total, cell.change) == (before + 2, 2)
    assert "+2 sinds momentopname" in response.content.decode()
    assert "twente" in snapshot.data["type:twente"] or "B" in snapshot.data["type:twente"]


def test_admin_button_takes_a_snapshot(client):
    admin = get_user_model().objects.create_superuser("beheer", "b@example.nl", "een-lang-wachtwoord")
    client.force_login(admin)
    changelist = reverse("admin:ecosystems_coveragesnapshot_changelist")
    assert "Nu een momentopname maken" in client.get(changelist).content.decode()
    take = reverse("admin:ecosystems_coveragesnapshot_take")
    assert client.get(take).status_code == 405
    response = client.post(take, {"note": "na de nieuwe regeling"})
    assert response.status_code == 302
    snapshot = CoverageSnapshot.objects.get()
    assert (snapshot.taken_by, snapshot.note) == (admin, "na de nieuwe regeling")
    assert snapshot.data["regio"]["twente"]["kennis"] > 0


def test_region_page_shows_its_coverage_with_links(client):
    response = client.get(reverse("ecosystems:region_detail", args=["twente"]))
    html = response.content.decode()
    assert "Dekking: wat is er per innovatiefactor" in html
    row = response.context["coverage_row"]
    assert [cell.column.key for cell in row] == ["kennis", "netwerk", "financiering", "arbeid"]
    assert f'data-count="{row[0].parts[0].count}"' in html
    assert "partnerniveau=mbo" in html


def test_list_filters_for_firm_size_and_partner_level(client, world):
    sizes = client.get(reverse("catalog:instrument_list"), {"grootte": "klein", "regio": "noord"})
    assert sizes.status_code == 200 and sizes.context["page"].paginator.count == 1
    partners = client.get(reverse("catalog:organisation_list"), {"partnerniveau": "hbo", "regio": "noord"})
    assert partners.context["page"].paginator.count == 0  # the hbo member is a concept
    partners = client.get(reverse("catalog:organisation_list"), {"partnerniveau": "mbo", "regio": "noord"})
    assert partners.context["page"].paginator.count == 1
    assert client.get(reverse("catalog:organisation_list"), {"partnerniveau": "havo"}).status_code == 400


def test_staff_without_the_permission_cannot_take_a_snapshot(client):
    staff = get_user_model().objects.create_user("medewerker", password="een-lang-wachtwoord", is_staff=True)
    client.force_login(staff)
    assert client.post(reverse("admin:ecosystems_coveragesnapshot_take")).status_code == 403
    assert not CoverageSnapshot.objects.exists()


def test_cache_follows_changes_to_factors_and_memberships():
    twente = Region.objects.get(slug="twente")
    instrument = _instrument([twente], ["arbeid"])
    before = coverage.coverage()
    arbeid = before[coverage.REGION].cell("twente", "arbeid").total
    mbo = before[coverage.PARTNERS].cell("twente", "mbo").total
    instrument.factors.clear()  # m2m change only, no save of the instrument
    assert coverage.coverage()[coverage.REGION].cell("twente", "arbeid").total == arbeid - 1
    collaboration = _organisation("samenwerking", [twente], ["kennis"])
    Membership.objects.create(
        collaboration=collaboration, member=OrganisationFactory(level="mbo", kind="kennisinstelling")
    )
    after = coverage.coverage()
    assert after[coverage.REGION].cell("twente", "arbeid").total == arbeid - 1
    assert after[coverage.PARTNERS].cell("twente", "mbo").total == mbo + 1


def test_the_map_says_which_region_has_no_innovatieloket(client):
    html = client.get(reverse("ecosystems:coverage")).content.decode()
    tiles = dict(re.findall(r'<g data-cell="([a-z-]+)" data-total="\d+">(.*?)</g>', html, flags=re.S))
    assert "geen innovatieloket" in tiles["salland"]  # the known gap of the seeds: no loket named for Salland
    assert "geen innovatieloket" not in tiles["twente"]

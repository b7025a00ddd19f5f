"""/dekking/: knowledge offers per region and level (mbo, hbo, wo, onderzoek, bedrijf), with "no supply"
(leemte: nothing at that level, and every offer there names its level) told apart from "not labelled" (some
offers there name no level), the mbo column first, and the CSV like the other tables."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import OfferLevel, PublicationStatus
from ecosystems import coverage
from tests.factories import RegionFactory
from tests.html import page, text
from tests.kb_factories import KnowledgeOfferFactory

pytestmark = pytest.mark.django_db


def totals(matrix, row):
    return {column.key: matrix.cell(row, column.key).total for column in matrix.columns}


def test_offers_count_per_region_and_level_with_mbo_first(world):
    KnowledgeOfferFactory(level=OfferLevel.MBO, regions=[world["noord"]])
    KnowledgeOfferFactory(level=OfferLevel.MBO, regions=[world["midden"]])  # inside Noord and Zuid
    KnowledgeOfferFactory(level=OfferLevel.HBO, regions=[world["prov"]])
    KnowledgeOfferFactory(level=OfferLevel.BEDRIJF, regions=[world["zuid"]])
    KnowledgeOfferFactory(
        level=OfferLevel.WO, regions=[world["noord"]], publication_status=PublicationStatus.CONCEPT
    )

    matrix = coverage.knowledge_matrix(province="testprov")

    assert [c.key for c in matrix.columns] == ["mbo", "hbo", "wo", "onderzoek", "bedrijf"]
    # Noord and Zuid share Midden: what is offered in one is offered in part of the other (the area rule,
    # docs/coverage.md)
    assert totals(matrix, "noord") == {"mbo": 2, "hbo": 1, "wo": 0, "onderzoek": 0, "bedrijf": 1}
    assert totals(matrix, "zuid") == {"mbo": 2, "hbo": 1, "wo": 0, "onderzoek": 0, "bedrijf": 1}
    assert totals(matrix, "west") == {"mbo": 0, "hbo": 1, "wo": 0, "onderzoek": 0, "bedrijf": 0}
    assert totals(matrix, "testprov") == {"mbo": 2, "hbo": 1, "wo": 0, "onderzoek": 0, "bedrijf": 1}
    # every offer there names its level: a zero is no supply
    west_mbo = matrix.cell("west", "mbo")
    assert west_mbo.gap and not west_mbo.not_labelled


def test_a_zero_where_offers_name_no_level_is_not_labelled_not_a_gap(world):
    KnowledgeOfferFactory(level=OfferLevel.HBO, regions=[world["west"]])
    KnowledgeOfferFactory(level="", regions=[world["west"]])  # level unknown
    KnowledgeOfferFactory(level="", regions=[world["west"]])

    matrix = coverage.knowledge_matrix(province="testprov")

    mbo = matrix.cell("west", "mbo")
    assert mbo.total == 0 and mbo.not_labelled and not mbo.gap
    assert mbo.unlabelled == 2
    assert not matrix.cell("west", "hbo").not_labelled  # one hbo offer: nothing is missing there
    noord = matrix.cell("noord", "mbo")  # the West offers are not offered in Noord
    assert noord.gap


def test_every_number_links_to_the_kennisbank_filtered_on_area_and_level(world):
    KnowledgeOfferFactory(level=OfferLevel.MBO, regions=[world["noord"]])
    matrix = coverage.knowledge_matrix(province="testprov")
    [part] = matrix.cell("noord", "mbo").parts
    url = urlsplit(part.url)
    assert url.path == "/kennisbank/"
    assert parse_qs(url.query) == {"gebied": ["noord"], "niveau": ["mbo"]}


def test_the_count_does_not_grow_in_queries_with_more_offers(world, django_assert_num_queries):
    KnowledgeOfferFactory(level=OfferLevel.MBO, regions=[world["noord"]])
    regions = coverage.coverage_regions(province="testprov")
    # the offers' record sets: positions, area, published, level (read afresh: tests do not keep them), and
    # the positions of instruments and organisations that a Supply reads
    with django_assert_num_queries(6):
        coverage.knowledge_matrix(regions=regions, supply=coverage.Supply())
    for n in range(20):
        region = RegionFactory(name=f"Extra {n}", parents=[world["prov"]])
        KnowledgeOfferFactory(level=OfferLevel.values[n % 5], regions=[region])
    with django_assert_num_queries(6):
        coverage.knowledge_matrix(regions=regions, supply=coverage.Supply())


def test_the_page_shows_the_table_with_gap_and_not_labelled_cells(client, portal_region):
    # the starting data's province-wide offers count for the region too
    starting_hbo = coverage.coverage()[coverage.KNOWLEDGE].cell(portal_region.slug, "hbo").total
    KnowledgeOfferFactory(level=OfferLevel.HBO, regions=[portal_region])
    KnowledgeOfferFactory(level="", regions=[portal_region])
    cache.clear()
    html = page(client.get(reverse("ecosystems:coverage")))
    table = html.select_one('table[data-matrix="kennisaanbod-table"]')
    headers = [text(th) for th in table.select("thead th")]
    assert headers[:3] == ["Regio", "mbo", "hbo"]
    hbo = table.find("td", attrs={"data-cell": f"{portal_region.slug}:hbo"})
    assert hbo["data-total"] == str(starting_hbo + 1)
    mbo = table.find("td", attrs={"data-cell": f"{portal_region.slug}:mbo"})
    cell = coverage.coverage()[coverage.KNOWLEDGE].cell(portal_region.slug, "mbo")
    # without an mbo offer for the region (the starting data may add one for the province), the offer without
    # a level makes the zero "not labelled", not a gap
    expected = "niet gelabeld (1)" if cell.total == 0 else str(cell.total)
    assert expected in text(mbo)
    assert "Leemte" not in text(mbo)
    assert html.select_one('a[href="#kennisaanbod"]') is not None


def test_the_csv_counts_per_level_and_opens_formulas_as_text(client, portal_region):
    KnowledgeOfferFactory(level=OfferLevel.MBO, regions=[portal_region])
    KnowledgeOfferFactory(level="", regions=[portal_region])
    RegionFactory(name="=1+1", parents=[portal_region.parents.get()])
    cache.clear()
    response = client.get(reverse("ecosystems:coverage_csv", args=["kennisaanbod"]))
    assert response["Content-Disposition"] == 'attachment; filename="dekking-kennisaanbod.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["regio", "niveau", "kennisaanbod", "totaal"]
    own = {row[1]: row for row in rows if row[0] == "Kwelderdal"}
    assert list(own) == ["mbo", "hbo", "wo", "onderzoek", "bedrijf"]
    assert int(own["mbo"][2]) >= 1
    matrix = coverage.coverage()[coverage.KNOWLEDGE]
    for level, row in own.items():
        cell = matrix.cell(portal_region.slug, level)
        assert int(row[2]) == cell.total
        assert row[4] == ("ja" if cell.gap else "nee")
        assert row[6] == (str(cell.unlabelled) if cell.not_labelled else "")
    assert "'=1+1" in {row[0] for row in rows}

"""ecosystems.selectors: the regions of a province with their loketten, and everything for one region."""

import pytest

from catalog.models import Scope
from catalog.selectors import loketten_for
from ecosystems.selectors import region_overview, regions_with_loket
from tests.factories import (
    FactorFactory,
    InstrumentFactory,
    LoketFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    province_world,
)

pytestmark = pytest.mark.django_db


def test_regions_of_a_province_come_with_their_own_loket(django_assert_num_queries, record_sets_kept):
    world = province_world()
    other = RegionFactory(name="Aaa-regio zonder loket", parents=[world["province"]])
    regions_with_loket(province="testprovincie")  # the first call reads the loketten of this version
    with django_assert_num_queries(2):  # then: the regions and the loketten shown
        regions = {
            region.slug: [loket.slug for loket in region.loketten]
            for region in regions_with_loket(province="testprovincie")
        }
    # regions only, by name: not the province itself, not its municipality
    assert list(regions) == [other.slug, world["region"].slug]
    assert regions == {other.slug: [], world["region"].slug: [world["loket"].slug]}


def test_concept_loketten_and_other_kinds_are_left_out():
    world = province_world()
    region = RegionFactory(parents=[world["province"]])
    OrganisationFactory(kind="innovatieloket", publication_status="concept").regions.add(region)
    OrganisationFactory(kind="kennisinstelling", level="hbo").regions.add(region)
    listed = {r.slug: r.loketten for r in regions_with_loket(province="testprovincie")}
    assert listed[region.slug] == []
    assert listed[world["region"].slug] == [world["loket"]]


def test_region_overview_has_bounded_sections_for_every_level():
    world = province_world()
    kennis = FactorFactory(slug="kennis")
    for _ in range(8):
        InstrumentFactory(regions=[world["region"]], factors=[kennis])
    provincial = InstrumentFactory(regions=[world["province"]], factors=[kennis])
    InstrumentFactory(regions=[world["province"]], factors=[kennis], status="gesloten")
    example = PracticeExampleFactory(region=world["municipality"])
    PracticeExampleFactory(region=world["province"])  # above the municipality: not inside it

    overview = region_overview(world["municipality"], limit=6)

    assert overview["loket"].own and overview["loket"].loketten == [world["loket"]]
    levels = [
        (level.scope, section["count"], len(section["items"]))
        for level, section in overview["instruments_by_level"]
    ]
    assert levels == [
        (Scope.GEMEENTE, 0, 0),
        (Scope.REGIO, 8, 6),  # six shown, eight counted
        (Scope.PROVINCIE, 1, 1),  # the closed one is left out
    ]
    assert overview["instruments_by_level"][2][1]["items"] == [provincial]
    assert overview["examples"] == {"items": [example], "count": 1}


def test_a_region_names_a_newly_published_loket_although_its_loketten_are_kept(
    django_assert_num_queries, record_sets_kept
):
    world = province_world()
    region = RegionFactory(parents=[world["province"]])
    lineage = list(region.lineage.all())
    assert loketten_for(region, lineage=lineage).own is False  # none of its own: the province's loketten
    # kept for this catalogue version: then only the loketten shown and their werkgebied are read
    with django_assert_num_queries(2):
        assert loketten_for(region, lineage=lineage).loketten == [world["loket"]]

    LoketFactory(name="Aaa-loket", regions=[region])  # a change: a new catalogue version

    answer = loketten_for(region)
    assert answer.own and [loket.name for loket in answer.loketten] == ["Aaa-loket"]
    listed = {
        r.slug: [loket.name for loket in r.loketten] for r in regions_with_loket(province="testprovincie")
    }
    assert listed[region.slug] == ["Aaa-loket"]

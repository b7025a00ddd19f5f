import pytest

from catalog.models import Region
from ecosystems.selectors import regions_with_loket
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_regions_of_overijssel_come_with_their_own_loket(django_assert_num_queries):
    with django_assert_num_queries(2):
        regions = {region.slug: [loket.slug for loket in region.loketten] for region in regions_with_loket()}
    assert "novel-t" in regions["twente"]
    assert "kennispoort-regio-zwolle" in regions["regio-zwolle"]
    assert "nederland" not in regions


def test_concept_loketten_and_other_kinds_are_left_out():
    region = RegionFactory(parents=[Region.objects.get(slug="overijssel")])
    OrganisationFactory(kind="innovatieloket", publication_status="concept").regions.add(region)
    OrganisationFactory(kind="kennisinstelling", level="hbo").regions.add(region)
    listed = {r.slug: r.loketten for r in regions_with_loket()}
    assert listed[region.slug] == []

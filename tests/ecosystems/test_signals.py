"""ecosystems.signals: the cached matrices stay until a record that could change a count changes."""

import pytest

from catalog.models import Membership
from ecosystems import coverage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _cell(matrix, row, column):
    return coverage.coverage(province="testprov")[matrix].cell(row, column).total


def test_matrices_are_cached_until_a_record_changes(world, make_instrument, django_assert_num_queries):
    before = _cell(coverage.REGION, "noord", "arbeid")
    with django_assert_num_queries(0):
        coverage.coverage(province="testprov")
    instrument = make_instrument([world["noord"]], ["arbeid"])
    assert _cell(coverage.REGION, "noord", "arbeid") == before + 1
    instrument.delete()
    assert _cell(coverage.REGION, "noord", "arbeid") == before


def test_cache_follows_changes_to_factors_and_memberships(world, make_instrument, make_organisation):
    instrument = make_instrument([world["noord"]], ["arbeid"])
    arbeid = _cell(coverage.REGION, "noord", "arbeid")
    mbo = _cell(coverage.PARTNERS, "noord", "mbo")
    instrument.factors.clear()  # m2m change only, no save of the instrument
    assert _cell(coverage.REGION, "noord", "arbeid") == arbeid - 1
    collaboration = make_organisation("samenwerking", [world["noord"]], ["kennis"])
    Membership.objects.create(
        collaboration=collaboration, member=OrganisationFactory(level="mbo", kind="kennisinstelling")
    )
    assert _cell(coverage.REGION, "noord", "arbeid") == arbeid - 1
    assert _cell(coverage.PARTNERS, "noord", "mbo") == mbo + 1


def test_a_change_to_the_region_graph_changes_the_counts(world, make_instrument):
    make_instrument([world["zuid"]], ["netwerk"])

    def netwerk_instruments_in_midden():
        cell = coverage.region_coverage(world["midden"])[coverage.REGION].cell("midden", "netwerk")
        return cell.parts[0].count

    assert netwerk_instruments_in_midden() == 2  # the provincial instrument and the one of Zuid
    world["midden"].parents.remove(world["zuid"])  # Midden now lies in Noord only
    assert netwerk_instruments_in_midden() == 1

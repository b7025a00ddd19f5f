"""ecosystems.services and the snapshot_coverage command: a snapshot keeps every matrix of the portal."""

import io

import pytest
from django.core.management import call_command

from ecosystems import coverage, demand
from ecosystems.models import CoverageSnapshot
from ecosystems.services import latest_snapshot, take_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_command_keeps_the_totals_of_every_matrix(portal_region, make_instrument):
    make_instrument([portal_region], ["kennis"], types=["B"], sizes=["klein"])
    call_command("snapshot_coverage", "--note", "begin", stdout=io.StringIO())
    snapshot = CoverageSnapshot.objects.get()
    assert snapshot.note == "begin"
    slug = portal_region.slug
    regions = [region.slug for region in coverage.coverage_regions()]
    assert slug in regions
    expected_keys = {"regio", "soort", "mbo", "kennisaanbod", "vraag"} | {
        f"{name}:{region}" for region in regions for name in ("type", "grootte")
    }
    assert set(snapshot.data) == expected_keys
    assert snapshot.data["regio"] == coverage.region_matrix().totals()
    assert snapshot.data["vraag"] == demand.demand().totals()  # the demand beside it (/dekking/vraag/)
    assert snapshot.data["mbo"] == coverage.partner_matrix().totals()
    assert snapshot.data["kennisaanbod"] == coverage.knowledge_matrix().totals()
    # the type and size matrices of the test's region, as /dekking/?regio=<slug> shows them
    assert snapshot.data[f"type:{slug}"] == coverage.type_matrix(region=portal_region).totals()
    assert snapshot.data[f"grootte:{slug}"] == coverage.size_matrix(region=portal_region).totals()
    assert set(snapshot.data[f"type:{slug}"]) == {"A", "B", "C", "D"}
    assert snapshot.data[f"type:{slug}"]["B"]["kennis"] >= 1  # the test's own instrument names type B
    assert snapshot.data[f"grootte:{slug}"]["klein"]["kennis"] >= 1


def test_the_latest_snapshot_is_the_newest(portal_region):
    assert latest_snapshot() is None
    first = take_snapshot(note="eerste")
    second = take_snapshot(note="tweede")
    assert latest_snapshot() == second != first


def test_with_changes_compares_each_cell_with_the_snapshot(portal_region, make_instrument):
    take_snapshot()
    make_instrument([portal_region], ["arbeid"])
    make_instrument([portal_region], ["arbeid"])
    matrix = coverage.with_changes(coverage.region_matrix(), latest_snapshot().data)
    assert matrix.cell(portal_region.slug, "arbeid").change == 2
    assert matrix.cell(portal_region.slug, "kennis").change == 0
    fresh = coverage.with_changes(coverage.region_matrix(), None)
    assert fresh.cell(portal_region.slug, "arbeid").change is None

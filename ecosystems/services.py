"""Writes for coverage: taking a snapshot (the supply matrices and, under "vraag", the demand totals)."""

from . import demand
from .coverage import snapshot_data
from .models import CoverageSnapshot

DEMAND = "vraag"  # the snapshot's key for the demand totals (ecosystems.demand)


def take_snapshot(*, taken_by=None, note=""):
    data = {**snapshot_data(), DEMAND: demand.snapshot_data()}
    return CoverageSnapshot.objects.create(data=data, taken_by=taken_by, note=note)


def latest_snapshot():
    return CoverageSnapshot.objects.order_by("-created_at", "-pk").first()

"""Writes for coverage: taking a snapshot."""

from .coverage import snapshot_data
from .models import CoverageSnapshot


def take_snapshot(*, taken_by=None, note=""):
    return CoverageSnapshot.objects.create(data=snapshot_data(), taken_by=taken_by, note=note)


def latest_snapshot():
    return CoverageSnapshot.objects.order_by("-created_at", "-pk").first()

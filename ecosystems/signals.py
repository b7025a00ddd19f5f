"""Invalidate the cached coverage matrices whenever a record that could change a count changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from catalog.models import (
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    KnowledgeOffer,
    Membership,
    Organisation,
    Region,
)
from common import pagecache

from .coverage import bump_version
from .models import CoverageSnapshot

MODELS = [Instrument, Organisation, KnowledgeOffer, Membership, Region, Factor, EntrepreneurType, FirmSize]
# The relations (of the models' RELATIONS) that coverage counts or groups by; the others change no number.
COUNTED = {"regions", "factors", "entrepreneur_types", "firm_sizes", "parents"}
RELATIONS = [
    getattr(model, name)
    for model in MODELS
    for name in getattr(model, "RELATIONS", ())  # the vocabularies have none
    if name in COUNTED
] + [Region.lineage]  # not editable: rebuilt from parents


def _changed(sender, **kwargs):
    bump_version()


def _m2m_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_version()


def _snapshot_changed(sender, **kwargs):
    pagecache.invalidate()  # /dekking/ shows the change since the latest snapshot


def connect():
    post_save.connect(_snapshot_changed, sender=CoverageSnapshot, dispatch_uid="pagecache-snapshot-save")
    post_delete.connect(_snapshot_changed, sender=CoverageSnapshot, dispatch_uid="pagecache-snapshot-delete")
    for model in MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"coverage-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"coverage-delete-{model.__name__}")
    for relation in RELATIONS:
        through = relation.through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"coverage-m2m-{through.__name__}")

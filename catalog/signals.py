from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common import pagecache

from .models import (
    Ambassador,
    Checklist,
    ChecklistItem,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    PendingRevision,
    PracticeExample,
    Region,
)
from .regions import rebuild_lineage
from .search_index import KIND_OF_MODEL, index_record, unindex_record


@receiver(post_save, sender=Region)
def _region_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        rebuild_lineage()


@receiver(post_delete, sender=Region)
def _region_deleted(sender, **kwargs):
    rebuild_lineage()


@receiver(m2m_changed, sender=Region.parents.through)
def _region_parents_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        rebuild_lineage()


# --- The search index (catalog.search_index): an entry follows its record ----------------------------------


def _index_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_record(instance)


def _index_deleted(sender, instance, **kwargs):
    unindex_record(instance)


for _model in KIND_OF_MODEL:
    post_save.connect(_index_saved, sender=_model, dispatch_uid=f"search_index_saved_{_model.__name__}")
    post_delete.connect(_index_deleted, sender=_model, dispatch_uid=f"search_index_deleted_{_model.__name__}")


@receiver(m2m_changed, sender=Instrument.regions.through)
@receiver(m2m_changed, sender=Instrument.other_providers.through)
@receiver(m2m_changed, sender=Organisation.regions.through)
@receiver(m2m_changed, sender=PracticeExample.other_regions.through)
@receiver(m2m_changed, sender=KnowledgeOffer.regions.through)
@receiver(m2m_changed, sender=LearningCommunity.regions.through)
@receiver(m2m_changed, sender=Ambassador.regions.through)
@receiver(m2m_changed, sender=Region.parents.through)
def _regions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Where a record applies, and who offers it, is part of its entry."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse and not isinstance(instance, model):
        for record in model.objects.filter(pk__in=pk_set or ()):
            index_record(record)
    else:
        index_record(instance)


@receiver(post_save, sender=ChecklistItem)
@receiver(post_delete, sender=ChecklistItem)
def _checklist_item_changed(sender, instance, raw=False, **kwargs):
    if not raw and Checklist.objects.filter(pk=instance.checklist_id).exists():
        index_record(Checklist.objects.get(pk=instance.checklist_id))


# --- The page cache (common.pagecache): any change of a catalog record may show on any public page ---------


def _catalog_changed(sender, **kwargs):
    # A change waiting for review is not on any public page (catalog/curation/revisions.py).
    if sender._meta.app_label == "catalog" and sender is not PendingRevision:
        pagecache.invalidate()


def _catalog_relation_changed(sender, action, **kwargs):
    if sender._meta.app_label == "catalog" and action in {"post_add", "post_remove", "post_clear"}:
        pagecache.invalidate()


post_save.connect(_catalog_changed, dispatch_uid="pagecache_saved")
post_delete.connect(_catalog_changed, dispatch_uid="pagecache_deleted")
m2m_changed.connect(_catalog_relation_changed, dispatch_uid="pagecache_relation")

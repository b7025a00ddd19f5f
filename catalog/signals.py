from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Instrument, Organisation, PracticeExample, Region
from .regions import rebuild_lineage
from .search import update_search_vectors


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


@receiver(post_save, sender=Instrument)
@receiver(post_save, sender=Organisation)
@receiver(post_save, sender=PracticeExample)
def _searchable_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        update_search_vectors(sender, pks=[instance.pk])

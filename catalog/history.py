"""The change history of records (django-simple-history), with their many-to-many relations as they end up.

simple-history writes an entry when a record is saved, before the admin saves its relations (the m2m fields of
the form and the inlines, such as sources), and one more entry for every relation the form changes. An admin
save should be one entry holding the relations as they are afterwards: `complete_latest` does that.
"""

from django.apps import apps
from simple_history.utils import get_m2m_field_name


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def copy_relations(model, entries):
    """Store, for each history entry, the current rows of the record's tracked many-to-many fields."""
    by_pk = {entry.id: entry for entry in entries}
    for field in getattr(model.history.model, "_history_m2m_fields", []):
        through = field.remote_field.through
        m2m_history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field.name}")
        owner = f"{get_m2m_field_name(field)}_id"
        attnames = [f.attname for f in through._meta.fields]
        m2m_history.objects.bulk_create(
            m2m_history(history=by_pk[row[owner]], **row)
            for row in through.objects.filter(**{f"{owner}__in": list(by_pk)}).values(*attnames)
        )


def start(model, *, reason):
    """One "created" entry, with its relations, for each record of `model` that has no history yet."""
    history = model.history
    missing = list(model._default_manager.exclude(pk__in=history.values("id")))
    copy_relations(model, history.bulk_history_create(missing, default_change_reason=reason))


def complete_latest(record):
    """Give the record's latest entry the relations the record has now."""
    model = type(record)
    latest = record.history.order_by("-history_date", "-history_id").first()
    if latest is None:
        return
    for field in model.history.model._history_m2m_fields:
        getattr(latest, field.name).all().delete()
    copy_relations(model, [latest])


def relations(entry):
    """{m2m field name: [pk of each related record]} as a history entry holds them."""
    return {
        field.name: [
            getattr(row, f"{field.m2m_reverse_field_name()}_id") for row in getattr(entry, field.name).all()
        ]
        for field in type(entry.instance).history.model._history_m2m_fields
    }

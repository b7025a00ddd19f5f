"""PostgreSQL only: the extensions and the Dutch text search configuration that catalog.search uses.

`dutch_unaccent` is Dutch with accents removed before stemming ("financiële" and "financiele" meet), after
djangoproject.com's docs search. On SQLite every operation here does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_CONFIGURATION = """
    CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = dutch);
    ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
"""
DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent;"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIGURATION)
        schema_editor.execute(CREATE_CONFIGURATION)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIGURATION)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        # Both no-ops on databases other than PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
    ]

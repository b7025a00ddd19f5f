"""The role groups again, now that catalog has search synonyms: provincial administrators edit them."""

from django.db import migrations

from routekaart.role_setup import setup_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0003_role_groups"),
        ("catalog", "0013_search_index_and_synonyms"),
    ]

    operations = [migrations.RunPython(setup_roles_in_migration, migrations.RunPython.noop)]

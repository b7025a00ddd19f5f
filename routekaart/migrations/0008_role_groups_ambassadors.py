"""The role groups again, now that catalog has ambassadors: editors, curators and administrators edit them
like knowledge offers."""

from django.db import migrations

from routekaart.role_setup import setup_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0007_join_and_share"),
        ("catalog", "0020_ambassadors"),
    ]

    operations = [migrations.RunPython(setup_roles_in_migration, migrations.RunPython.noop)]

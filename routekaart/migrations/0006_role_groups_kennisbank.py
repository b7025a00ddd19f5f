"""The role groups again, now that catalog has the kennisbank: editors, curators and administrators edit
knowledge offers and learning communities like instruments."""

from django.db import migrations

from routekaart.role_setup import setup_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0005_handoffrequest_notified_at"),
        ("catalog", "0018_kennisbank"),
    ]

    operations = [migrations.RunPython(setup_roles_in_migration, migrations.RunPython.noop)]

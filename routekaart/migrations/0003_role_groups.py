"""The role groups of docs/curation.md with their permissions (the same as `manage.py setup_roles`).

It lives in routekaart because the groups also get the hand-off permissions, and routekaart depends on catalog
(never the reverse)."""

from django.db import migrations

from routekaart.role_setup import setup_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("routekaart", "0002_loket_staff_to_catalog"),
        ("catalog", "0008_link_checks"),
        ("ecosystems", "0001_initial"),
    ]

    operations = [migrations.RunPython(setup_roles_in_migration, migrations.RunPython.noop)]

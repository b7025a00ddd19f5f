"""The role groups of docs/curation.md with their permissions (the same as `manage.py setup_roles`).

It lives in routekaart because the groups also get the hand-off permissions, and routekaart depends on catalog
(never the reverse)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    from routekaart.role_setup import setup_roles

    for app_config in apps.get_app_configs():  # permissions are otherwise created only after all migrations
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("routekaart", "0002_loket_staff_to_catalog"),
        ("catalog", "0008_link_checks"),
        ("ecosystems", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

"""LoketStaff becomes catalog.OrganisationEditor: one link between a user and the organisation they work for,
which decides both the records they edit and the hand-off questions they receive."""

from django.db import migrations


def copy_staff(apps, schema_editor):
    LoketStaff = apps.get_model("routekaart", "LoketStaff")
    OrganisationEditor = apps.get_model("catalog", "OrganisationEditor")
    for staff in LoketStaff.objects.all():
        OrganisationEditor.objects.get_or_create(user_id=staff.user_id, organisation_id=staff.organisation_id)


def copy_back(apps, schema_editor):
    LoketStaff = apps.get_model("routekaart", "LoketStaff")
    OrganisationEditor = apps.get_model("catalog", "OrganisationEditor")
    for editor in OrganisationEditor.objects.filter(organisation__kind="innovatieloket"):
        LoketStaff.objects.get_or_create(user_id=editor.user_id, organisation_id=editor.organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0001_initial"),
        ("catalog", "0007_roles_history_validation"),
    ]

    operations = [
        migrations.RunPython(copy_staff, copy_back),
        migrations.DeleteModel(name="LoketStaff"),
    ]

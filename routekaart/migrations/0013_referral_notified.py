from django.db import migrations, models
from django.db.models import F


def referrals_made_before_were_mailed(apps, schema_editor):
    """Referrals made before this field were mailed when made (or logged): notify_handoffs does not repeat."""
    apps.get_model("routekaart", "Referral").objects.update(notified_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0012_referral"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="notified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="organisatie gemaild op"),
        ),
        migrations.RunPython(referrals_made_before_were_mailed, migrations.RunPython.noop),
    ]

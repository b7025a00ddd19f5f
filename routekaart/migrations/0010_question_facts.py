"""The anonymous rows of the demand figures (ecosystems.QuestionFact) for the questions already stored: from now
on routekaart.demand keeps them in step; questions already purged are not known any more."""

from django.db import migrations


def backfill(apps, schema_editor):
    from routekaart.demand import fact_fields  # plain attribute reads: works on the historical model too

    HandoffRequest = apps.get_model("routekaart", "HandoffRequest")
    QuestionFact = apps.get_model("ecosystems", "QuestionFact")
    known = set(QuestionFact.objects.exclude(handoff=None).values_list("handoff", flat=True))
    QuestionFact.objects.bulk_create(
        QuestionFact(handoff=handoff.pk, **fact_fields(handoff))
        for handoff in HandoffRequest.objects.exclude(pk__in=known).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("routekaart", "0009_case_workflow"),
        ("ecosystems", "0002_demand"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

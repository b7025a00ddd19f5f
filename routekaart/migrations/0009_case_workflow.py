"""A question is a case (issue 14): statuses nieuw, in behandeling, doorverwezen, afgerond; an outcome when
closed; notes, an assignee, the time of first contact, the reminders sent. Questions that were "afgehandeld"
become "afgerond" with the outcome "niet-vastgelegd" (nobody recorded one then)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def closed_to_afgerond(apps, schema_editor):
    HandoffRequest = apps.get_model("routekaart", "HandoffRequest")
    HandoffRequest.objects.filter(status="afgehandeld").update(status="afgerond", outcome="niet-vastgelegd")


def afgerond_to_closed(apps, schema_editor):
    HandoffRequest = apps.get_model("routekaart", "HandoffRequest")
    HandoffRequest.objects.filter(status="afgerond").update(status="afgehandeld", outcome="")
    HandoffRequest.objects.filter(status="doorverwezen").update(status="in-behandeling")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0020_ambassadors"),
        ("routekaart", "0008_role_groups_ambassadors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HandoffNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="geschreven op")),
                ("text", models.TextField(max_length=4000, verbose_name="notitie")),
            ],
            options={
                "verbose_name": "interne notitie",
                "verbose_name_plural": "interne notities",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="handoffrequest",
            name="routekaart_handoffrequest_status_valid",
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                help_text="Een redacteur van dit loket of de curator van de regio.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_handoffs",
                to=settings.AUTH_USER_MODEL,
                verbose_name="behandelaar",
            ),
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="escalated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="herinnering aan het hele loket op"
            ),
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="first_contact_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="eerste contact op"
            ),
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("advies-gegeven", "Advies gegeven"),
                    ("doorverwezen", "Doorverwezen naar een andere organisatie"),
                    ("regeling-aangevraagd", "Regeling aangevraagd"),
                    ("geen-passend-aanbod", "Geen passend aanbod"),
                    ("budget-op", "Budget op"),
                    ("ondernemer-ziet-af", "Ondernemer ziet ervan af"),
                    ("geen-contact", "Ondernemer niet bereikt"),
                    ("niet-vastgelegd", "Niet vastgelegd (afgehandeld vóór de uitkomsten)"),
                ],
                default="",
                max_length=30,
                verbose_name="uitkomst",
            ),
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="referred_to",
            field=models.ForeignKey(
                blank=True,
                help_text="De organisatie, als de uitkomst een doorverwijzing is.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="handoffs_referred_here",
                to="catalog.organisation",
                verbose_name="doorverwezen naar",
            ),
        ),
        migrations.AddField(
            model_name="handoffrequest",
            name="reminded_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="herinnering gestuurd op"
            ),
        ),
        migrations.AlterField(
            model_name="handoffrequest",
            name="status",
            field=models.CharField(
                choices=[
                    ("nieuw", "Nieuw"),
                    ("in-behandeling", "In behandeling"),
                    ("doorverwezen", "Doorverwezen"),
                    ("afgerond", "Afgerond"),
                ],
                default="nieuw",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(closed_to_afgerond, afgerond_to_closed),
        migrations.AddConstraint(
            model_name="handoffrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["nieuw", "in-behandeling", "doorverwezen", "afgerond"])),
                name="routekaart_handoffrequest_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="handoffrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "outcome__in",
                        [
                            "advies-gegeven",
                            "doorverwezen",
                            "regeling-aangevraagd",
                            "geen-passend-aanbod",
                            "budget-op",
                            "ondernemer-ziet-af",
                            "geen-contact",
                            "niet-vastgelegd",
                            "",
                        ],
                    )
                ),
                name="routekaart_handoffrequest_outcome_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="handoffrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome__gt", ""), ("status", "afgerond")),
                    models.Q(models.Q(("status", "afgerond"), _negated=True), ("outcome", "")),
                    _connector="OR",
                ),
                name="routekaart_handoffrequest_outcome_when_closed",
            ),
        ),
        migrations.AddConstraint(
            model_name="handoffrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "doorverwezen"), _negated=True),
                    ("referred_to__isnull", False),
                    _connector="OR",
                ),
                name="routekaart_handoffrequest_referral_names_organisation",
            ),
        ),
        migrations.AddField(
            model_name="handoffnote",
            name="author",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="auteur",
            ),
        ),
        migrations.AddField(
            model_name="handoffnote",
            name="handoff",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notes",
                to="routekaart.handoffrequest",
                verbose_name="vraag",
            ),
        ),
        migrations.AddConstraint(
            model_name="handoffnote",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="routekaart_handoffnote_not_empty"
            ),
        ),
    ]

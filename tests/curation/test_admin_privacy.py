"""What the admin shows beyond a user's scope (catalog.admin.base, routekaart.handoff, routekaart.logins):
autocomplete offers published records and the user's own, never another loket's concept; a purged hand-off
leaves no company name in the admin's log; failed logins are purged after their retention period."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from catalog.models import PublicationStatus
from routekaart.handoff import FORGOTTEN
from routekaart.models import HandoffRequest
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def autocomplete(client, model, field, term):
    response = client.get(
        "/beheer/autocomplete/",
        {"app_label": "catalog", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_autocomplete_hides_another_lokets_concepts_but_not_published_records(
    client, editor, loket, other_loket, region
):
    secret = InstrumentFactory(
        name="Geheime regeling in voorbereiding",
        provider=other_loket,
        publication_status=PublicationStatus.CONCEPT,
    )
    InstrumentFactory(name="Geheime regeling die open is", provider=other_loket)
    InstrumentFactory(
        name="Geheime regeling van mijzelf", provider=loket, publication_status=PublicationStatus.CONCEPT
    )
    OrganisationFactory(
        name="Geheime organisatie in oprichting", publication_status=PublicationStatus.CONCEPT
    )
    client.force_login(editor)

    shown = autocomplete(client, "practiceexample", "instruments", "Geheime")
    assert "Geheime regeling die open is" in shown
    assert "Geheime regeling van mijzelf" in shown  # the editor's own concept
    assert secret.name not in shown
    assert autocomplete(client, "practiceexample", "partners", "oprichting") == []
    assert autocomplete(client, "instrument", "next_steps", "voorbereiding") == []


def test_a_provincial_admin_still_finds_every_concept(client, provincial_admin, other_loket):
    InstrumentFactory(
        name="Concept van elders", provider=other_loket, publication_status=PublicationStatus.CONCEPT
    )
    client.force_login(provincial_admin)
    assert autocomplete(client, "practiceexample", "instruments", "Concept van elders") == [
        "Concept van elders"
    ]


def _handoff(loket, region, company):
    return HandoffRequest.objects.create(
        loket=loket,
        profile=f"regio={region.slug}&type=B",
        region=region,
        entrepreneur_type="B",
        name="N",
        email="n@voorbeeld.nl",
        company=company,
        question="Vraag",
        consent=True,
    )


def _log(user, handoff):
    return LogEntry.objects.log_actions(
        user.pk,
        [handoff],
        CHANGE,
        change_message=[{"changed": {"fields": ["Afgehandeld"]}}],
        single_object=True,
    )


def test_purged_hand_offs_leave_no_company_name_in_the_admin_log(settings, provincial_admin, loket, region):
    settings.HANDOFF_RETENTION_DAYS = 180
    old = _handoff(loket, region, "Metaalbedrijf Geheim BV")
    recent = _handoff(loket, region, "Houtbedrijf Blijft BV")
    HandoffRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    _log(provincial_admin, old)
    _log(provincial_admin, recent)
    kind = ContentType.objects.get_for_model(HandoffRequest)
    assert LogEntry.objects.filter(content_type=kind, object_repr__contains="Geheim").exists()

    call_command("purge_handoffs", verbosity=0)
    entries = dict(LogEntry.objects.filter(content_type=kind).values_list("object_id", "object_repr"))
    assert entries[str(old.pk)] == FORGOTTEN  # who handled it stays known, not for whom
    assert "Houtbedrijf Blijft BV" in entries[str(recent.pk)]
    assert not LogEntry.objects.filter(object_repr__contains="Metaalbedrijf").exists()
    assert not LogEntry.objects.filter(change_message__contains="Metaalbedrijf").exists()


def test_a_hand_off_deleted_by_hand_is_forgotten_in_the_log_at_the_next_purge(
    provincial_admin, loket, region
):
    handoff = _handoff(loket, region, "Bakkerij Weg BV")
    _log(provincial_admin, handoff)
    handoff.delete()
    call_command("purge_handoffs", verbosity=0)
    assert not LogEntry.objects.filter(object_repr__contains="Bakkerij").exists()


def test_failed_logins_are_purged_after_their_retention_period(settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 30
    old = AccessAttempt.objects.create(username="oud", ip_address="192.0.2.1", failures_since_start=3)
    AccessFailureLog.objects.create(username="oud", ip_address="192.0.2.1")
    recent = AccessAttempt.objects.create(username="recent", ip_address="192.0.2.2", failures_since_start=1)
    long_ago = timezone.now() - timedelta(days=31)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=long_ago)
    AccessFailureLog.objects.update(attempt_time=long_ago)

    call_command("purge_handoffs", verbosity=0)
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessFailureLog.objects.exists()

"""Fixtures for every test of /beheer/: users per role, each in a world of their own (tests/fixtures_roles),
and an editor whose records need attention in every way the review dashboard knows."""

import datetime
import types

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR
from catalog.models import InstrumentStatus, LinkCheck, OutdatedReport, PublicationStatus, ReportStatus
from tests.factories import InstrumentFactory, OrganisationFactory

pytest.register_assert_rewrite("tests.fixtures_roles")

from tests.fixtures_roles import *  # noqa: E402, F403  (the fixtures, found by pytest by name)


@pytest.fixture
def needs_attention(make_user):
    """An editor of one organisation whose records need attention in every way the review dashboard knows,
    with an archived record (never listed) and a record of someone else beside them."""
    today = timezone.localdate()
    own = OrganisationFactory(name="Eigen organisatie", last_reviewed=today)
    records = types.SimpleNamespace(
        own=own,
        user=make_user("redacteur-eigen", LOKET_EDITOR, organisations=[own]),
        stale=InstrumentFactory(name="Oude regeling", provider=own, last_reviewed=datetime.date(2020, 1, 1)),
        never=InstrumentFactory(name="Nieuwe regeling", provider=own, last_reviewed=None),
        expired=InstrumentFactory(
            name="Verlopen regeling",
            provider=own,
            last_reviewed=today,
            status=InstrumentStatus.OPEN,
            closes_on=today - datetime.timedelta(days=3),
        ),
        reported=InstrumentFactory(name="Prima regeling", provider=own, last_reviewed=today),
        archived=InstrumentFactory(
            name="Gearchiveerde regeling",
            provider=own,
            last_reviewed=None,
            publication_status=PublicationStatus.ARCHIVED,
        ),
        elsewhere=InstrumentFactory(name="Regeling van een ander", last_reviewed=None),
    )
    LinkCheck.objects.create(
        content_type=ContentType.objects.get_for_model(own),
        object_id=own.pk,
        url="https://example.org/weg",
        checked_at=timezone.now(),
        status_code=404,
        ok=False,
    )
    OutdatedReport.objects.create(
        record_kind="instrument", record_slug=records.reported.slug, message="Klopt niet"
    )
    OutdatedReport.objects.create(
        record_kind="instrument",
        record_slug=records.stale.slug,
        message="Al gedaan",
        status=ReportStatus.AFGEHANDELD,
    )
    return records

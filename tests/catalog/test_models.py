"""catalog.models: the rules the database keeps, the clear messages an editor gets, and what a record says."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Document, Instrument, Membership, Organisation, Source
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def fails_in_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_slugs_are_unique():
    OrganisationFactory(slug="dubbel")
    fails_in_database(lambda: OrganisationFactory(slug="dubbel"))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "ministerie-van-alles"},
        {"publication_status": "half-af"},
        {"kind": Organisation.Kind.BEDRIJF, "level": Organisation.Level.HBO},
        {"kind": Organisation.Kind.BEDRIJF, "collaboration_form": Organisation.CollaborationForm.FIELDLAB},
        {"kind": Organisation.Kind.KENNISINSTELLING, "level": "basisschool"},
    ],
)
def test_database_refuses_invalid_organisation_values(fields):
    fails_in_database(lambda: OrganisationFactory(**fields))


def test_knowledge_institution_keeps_its_level():
    org = OrganisationFactory(kind=Organisation.Kind.KENNISINSTELLING, level=Organisation.Level.MBO)
    assert Organisation.objects.get(pk=org.pk).get_level_display() == "mbo"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "misschien"},
        {"kind": "cadeaubon"},
        {"opens_on": datetime.date(2026, 5, 1), "closes_on": datetime.date(2026, 4, 30)},
        {"amount_min": 5000, "amount_max": 1000},
    ],
)
def test_database_refuses_invalid_instruments(fields):
    fails_in_database(lambda: InstrumentFactory(**fields))


def test_editor_gets_a_message_not_a_crash_for_reversed_dates():
    instrument = InstrumentFactory.build(
        provider=OrganisationFactory(),
        opens_on=datetime.date(2026, 5, 1),
        closes_on=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert error.value.message_dict["closes_on"] == [
        "De sluitingsdatum ligt vóór de openingsdatum (1 mei 2026). Controleer beide datums."
    ]


def test_status_in_words_for_budget_reached():
    instrument = Instrument(status="budget-bereikt", opens_on=datetime.date(2027, 3, 1))
    sentence = str(instrument.status_in_words(today=datetime.date(2026, 11, 23)))
    assert sentence == "Budget bereikt: aanvragen kan nu niet. Verwacht weer open op 1 maart 2027."


def test_instrument_needs_a_provider():
    fails_in_database(
        lambda: Instrument.objects.create(slug="zonder-aanbieder", name="x", kind="subsidie", description="x")
    )


def test_membership_rules():
    hub, firm = OrganisationFactory(), OrganisationFactory()
    Membership.objects.create(collaboration=hub, member=firm, role=Membership.Role.TREKKER)
    fails_in_database(lambda: Membership.objects.create(collaboration=hub, member=firm))
    fails_in_database(lambda: Membership.objects.create(collaboration=hub, member=hub))
    fails_in_database(lambda: Membership.objects.create(collaboration=firm, member=hub, role="baas"))


def test_source_cites_lines_or_a_dated_url():
    document = Document.objects.create(code="test-doc", title="Testdocument")
    source = Source.objects.create(document=document, line_start=10, line_end=12)
    assert str(source) == "Testdocument, r. 10–12"
    fails_in_database(lambda: Source.objects.create(document=document, line_start=20, line_end=19))
    fails_in_database(lambda: Source.objects.create(document=document))
    fails_in_database(lambda: Source.objects.create(url="https://example.org/regeling"))
    dated = Source.objects.create(url="https://example.org/regeling", retrieved_on=datetime.date(2026, 11, 1))
    assert str(dated) == "https://example.org/regeling (01-11-2026)"


def test_published_hides_concepts_and_archived_records():
    published = OrganisationFactory()
    OrganisationFactory(publication_status="concept")
    OrganisationFactory(publication_status="gearchiveerd")
    new = set(Organisation.objects.published().filter(slug__startswith="testorganisatie"))
    assert new == {published}

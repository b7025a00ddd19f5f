"""Labels with a meaning: a label the source states reads as a fact, a label an editor inferred reads as the
editor's reading ("ingeschat door de redactie"), and `inferred` accepts only the fields a record has."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import InstrumentKind
from tests.factories import (
    EntrepreneurTypeFactory,
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    PracticeExampleFactory,
    ThemeFactory,
)
from tests.html import page, text

pytestmark = pytest.mark.django_db

INFERRED = "ingeschat door de redactie"


def facts(response):
    html = page(response)
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in html.select(".routekaart-facts dt")}


def instrument_page(client, instrument):
    return client.get(reverse("catalog:instrument_detail", args=[instrument.slug]))


def example_page(client, example):
    return client.get(reverse("catalog:practiceexample_detail", args=[example.slug]))


def test_a_stated_audience_reads_as_who_the_offer_is_for(client):
    type_b = EntrepreneurTypeFactory(code="B")
    instrument = InstrumentFactory(entrepreneur_types=[type_b])
    shown = facts(instrument_page(client, instrument))
    assert shown["Bedoeld voor ondernemers die"] == type_b.name.lower()
    assert INFERRED not in text(page(instrument_page(client, instrument)))


def test_an_inferred_audience_reads_as_the_editors_reading_not_a_fact(client):
    type_b = EntrepreneurTypeFactory(code="B")
    instrument = InstrumentFactory(entrepreneur_types=[type_b], inferred=["entrepreneur_types"])
    shown = facts(instrument_page(client, instrument))
    assert "Bedoeld voor ondernemers die" not in shown
    assert shown["Past volgens de redactie bij ondernemers die"].startswith(type_b.name.lower())
    assert INFERRED in shown["Past volgens de redactie bij ondernemers die"]


def test_each_inferred_dimension_of_an_instrument_is_marked_where_it_is_shown(client):
    instrument = InstrumentFactory(
        kind=InstrumentKind.ADVIES,
        factors=[FactorFactory(slug="kennis")],
        firm_sizes=[FirmSizeFactory(slug="klein")],
        themes=[ThemeFactory(slug="bouw", name="Bouw")],
        inferred=["kind", "firm_sizes", "themes"],
    )
    response = instrument_page(client, instrument)
    shown = facts(response)
    assert INFERRED in text(page(response).select_one("h1 + .routekaart-card__meta"))  # the kind
    assert INFERRED in shown["Bedrijfsgrootte"]
    assert shown["Sector"].startswith("Bouw") and INFERRED in shown["Sector"]
    assert INFERRED not in shown["Helpt bij"]  # factors are stated


def test_the_type_on_a_practice_example_is_the_type_of_the_firms_that_did_it(client):
    type_d = EntrepreneurTypeFactory(code="D")
    stated = PracticeExampleFactory(entrepreneur_types=[type_d])
    inferred = PracticeExampleFactory(
        entrepreneur_types=[type_d],
        themes=[ThemeFactory(slug="bouw", name="Bouw")],
        inferred=["entrepreneur_types", "themes"],
    )
    assert facts(example_page(client, stated))["Gedaan door ondernemers die"] == type_d.name.lower()
    shown = facts(example_page(client, inferred))
    assert "Gedaan door ondernemers die" not in shown
    assert INFERRED in shown["Volgens de redactie gedaan door ondernemers die"]
    assert INFERRED in shown["Thema's"]


@pytest.mark.parametrize(
    ("factory", "value", "valid"),
    [
        (
            InstrumentFactory,
            ["provider", "entrepreneur_types", "firm_sizes", "themes", "factors", "kind"],
            True,
        ),
        (InstrumentFactory, ["doelgroep"], False),
        (InstrumentFactory, "entrepreneur_types", False),  # a list, not a word
        (PracticeExampleFactory, ["entrepreneur_types", "themes", "factors"], True),
        (PracticeExampleFactory, ["kind"], False),  # an example has no kind
        (PracticeExampleFactory, ["provider"], False),
    ],
)
def test_inferred_accepts_only_the_fields_the_record_has(factory, value, valid):
    record = factory()
    record.inferred = value
    if valid:
        record.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert [e.code for e in error.value.error_dict["inferred"]] == ["inferred_unknown_field"]
    assert "Mogelijk:" in error.value.message_dict["inferred"][0]

"""`manage.py synthetic_catalog`: a larger catalogue on top of the starting data, for the benchmark."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.models import (
    Ambassador,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    Organisation,
    PracticeExample,
    Region,
    SearchEntry,
)
from tests.html import links, page

SYNTHETIC = {"slug__startswith": "syn-"}


def generate(**options):
    call_command("synthetic_catalog", stdout=StringIO(), **options)


def snapshot():
    """What a visitor could tell apart: names, providers, labels and places of the synthetic records."""
    instruments = Instrument.objects.filter(**SYNTHETIC).order_by("slug")
    return [
        (
            i.slug,
            i.name,
            i.provider.slug,
            sorted(i.factors.values_list("slug", flat=True)),
            sorted(i.regions.values_list("slug", flat=True)),
        )
        for i in instruments
    ] + list(Organisation.objects.filter(**SYNTHETIC).order_by("slug").values_list("slug", "name", "kind"))


def kennisbank_snapshot():
    offers = KnowledgeOffer.objects.filter(**SYNTHETIC).order_by("slug")
    communities = LearningCommunity.objects.filter(**SYNTHETIC).order_by("slug")
    return [
        (o.slug, o.name, o.provider.slug, o.form, o.level, sorted(o.regions.values_list("slug", flat=True)))
        for o in offers
    ] + [(c.slug, c.name, c.contact.slug, c.status) for c in communities]


def remove_synthetic():
    LearningCommunity.objects.filter(**SYNTHETIC).delete()
    KnowledgeOffer.objects.filter(**SYNTHETIC).delete()
    PracticeExample.objects.filter(**SYNTHETIC).delete()
    Instrument.objects.filter(**SYNTHETIC).delete()
    Organisation.objects.filter(**SYNTHETIC).delete()


def section_counts(response):
    return sum(int(span.get_text().strip("()")) for span in page(response).select(".routekaart-count"))


@pytest.mark.django_db
def test_it_adds_the_asked_instruments_and_the_rest_in_proportion_to_the_starting_data():
    real = {model: model.objects.count() for model in (Instrument, Organisation, PracticeExample, Membership)}
    regions = Region.objects.count()

    generate(instruments=200)

    assert Instrument.objects.filter(**SYNTHETIC).count() == 200
    scale = 200 / real[Instrument]
    assert Organisation.objects.filter(**SYNTHETIC).count() == round(real[Organisation] * scale)
    assert PracticeExample.objects.filter(**SYNTHETIC).count() == round(real[PracticeExample] * scale)
    memberships = Membership.objects.filter(collaboration__slug__startswith="syn-").count()
    assert 0.9 * real[Membership] * scale <= memberships <= round(real[Membership] * scale)
    assert Region.objects.count() == regions  # geography does not grow
    # Published, labelled and sourced like the real ones.
    synthetic = Instrument.objects.filter(**SYNTHETIC)
    assert synthetic.published().count() == 200
    assert not synthetic.filter(factors=None).exists()
    assert not synthetic.filter(regions=None).exists()
    assert not synthetic.filter(sources=None).exists()


@pytest.mark.django_db
def test_the_kennisbank_grows_with_the_organisations_that_offer_knowledge():
    real = Organisation.objects.count()
    providers = Organisation.objects.filter(kind__in=["kennisinstelling", "samenwerking", "bedrijf"]).count()

    generate(instruments=15, organisations=500, examples=5, memberships=5)

    offers = KnowledgeOffer.objects.filter(**SYNTHETIC)
    assert offers.count() == round(500 * providers / real / 2)  # one per two providers
    assert LearningCommunity.objects.filter(**SYNTHETIC).count() == 10  # one per 50 organisations
    assert offers.published().count() == offers.count()
    assert not offers.filter(sources=None).exists()
    assert offers.filter(provider__slug__startswith="syn-").exists()  # new providers offer too
    assert (
        offers.filter(provider__slug__startswith="syn-", provider__kind="bedrijf")
        .exclude(level="bedrijf")
        .count()
        == 0
    )
    assert len(set(offers.values_list("form", flat=True))) > 5  # every filter option has records
    communities = LearningCommunity.objects.filter(**SYNTHETIC)
    assert not communities.filter(sources=None).exists()
    assert communities.filter(participants__isnull=False).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_catalogue_and_another_seed_another():
    sizes = {"instruments": 15, "organisations": 10, "examples": 5, "memberships": 5}
    generate(seed=7, **sizes)
    first = snapshot(), kennisbank_snapshot()
    remove_synthetic()
    generate(seed=7, **sizes)
    assert (snapshot(), kennisbank_snapshot()) == first
    remove_synthetic()
    generate(seed=8, **sizes)
    assert snapshot() != first[0]
    assert kennisbank_snapshot() != first[1]


@pytest.mark.django_db
def test_synthetic_records_are_found_by_search_and_shown_on_lists_and_region_pages(client):
    twente = Region.objects.get(slug="twente")
    region_before = section_counts(client.get("/regio/twente/"))

    generate(instruments=200)

    # The search index holds every published record, synthetic ones included: one rebuild at the end.
    published = sum(
        model.objects.published().count()
        for model in (
            Instrument,
            Organisation,
            PracticeExample,
            Region,
            KnowledgeOffer,
            LearningCommunity,
            Ambassador,
        )
    )
    assert SearchEntry.objects.exclude(kind="checklist").count() == published
    instrument = Instrument.objects.filter(**SYNTHETIC).order_by("slug").first()
    detail = f"/instrumenten/{instrument.slug}/"
    assert detail in links(client.get("/zoeken/", {"q": instrument.name}))
    assert detail in links(client.get("/instrumenten/", {"q": instrument.name}))
    assert client.get(detail).status_code == 200
    # The region page counts what serves Twente, the synthetic records included.
    grown = Instrument.objects.on_offer().serving(twente).filter(**SYNTHETIC).count()
    assert grown > 0
    assert section_counts(client.get("/regio/twente/")) >= region_before + grown


@pytest.mark.django_db
def test_running_it_twice_is_refused_with_a_clear_message():
    generate(instruments=10, organisations=5, examples=2, memberships=2)
    with pytest.raises(CommandError, match="synthetic records already"):
        generate(instruments=10)
    assert Instrument.objects.filter(**SYNTHETIC).count() == 10

"""The lists read their records and facet counts from record sets (catalog.listing). The filters' own SQL
(`FilterSet.qs`) is the judge: for any combination of filters on the real starting content, a list shows the
same records in the same order, and each facet option's count is the number of records that choosing that
option (instead of the facet's current values) would list."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import selectors
from catalog.filters import (
    InstrumentFilter,
    KnowledgeOfferFilter,
    LearningCommunityFilter,
    OrganisationFilter,
    PracticeExampleFilter,
)
from catalog.listing import listing
from catalog.models import (
    CommunityStatus,
    Factor,
    KnowledgeForm,
    OfferAim,
    OfferDuration,
    OfferLevel,
    Organisation,
    PublicationStatus,
    Region,
    Theme,
)
from tests.factories import KnowledgeOfferFactory, LearningCommunityFactory

pytestmark = pytest.mark.django_db

SORTS = ["naam", "-naam", "sluitdatum", "-sluitdatum", "gecontroleerd", "-gecontroleerd", "titel", "-titel"]
VALUES = {  # values a visitor can choose, some that match nothing, and a few that are not options
    "factor": ["kennis", "netwerk", "financiering", "arbeid", "geen-factor"],
    "type": ["A", "B", "C", "D", "Z"],
    "regio": ["overijssel", "twente", "salland", "regio-zwolle", "rijssen-holten", "nederland", "geen"],
    "gebied": ["overijssel", "twente", "regio-zwolle", "deventer"],
    "soort": ["subsidie", "voucher", "lening", "kennisinstelling", "samenwerking", "innovatieloket",
              "overijssel", "platform31", "advies"],
    "grootte": ["zzp", "micro", "klein", "middel"],
    "status": ["open", "gesloten", "onbekend", "doorlopend", "gearchiveerd", "actief", "vol", "startend"],
    "niveau": ["mbo", "hbo", "wo", "onderzoek", "bedrijf"],
    "partnerniveau": ["mbo", "hbo"],
    "thema": ["maakindustrie", "zorg", "duurzaamheid"],
    "aanvraagbaar": ["ja"],
    "aanbieder": ["novel-t", "oost-nl", "rvo", "provincie-overijssel"],
    "q": ["innovatie", "kennis", "hogeschool", "xyzzy"],
    "vorm": ["stage", "afstudeeropdracht", "werkplaats", "bedrijfsbezoek", "koffie"],
    "doel": ["exploiteren", "exploreren", "beide"],
    "duur": ["kort", "lang"],
    "sorteer": SORTS,
    "pagina": ["1", "2", "3", "x"],
}  # fmt: skip
LISTS = [
    (InstrumentFilter, selectors.instruments_for_list),
    (OrganisationFilter, selectors.organisations_for_list),
    (PracticeExampleFilter, selectors.practice_examples_for_list),
]
QUERIES = st.lists(
    st.sampled_from(sorted(VALUES)).flatmap(
        lambda name: st.tuples(st.just(name), st.sampled_from(VALUES[name]))
    ),
    max_size=4,
)


def _data(pairs):
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def _sort_keys(records, filterset):
    """What the chosen order sorts on, record by record (ties may come in either order)."""
    ordering = filterset.form.cleaned_data.get("sorteer") or []
    fields = [filterset.filters["sorteer"].get_ordering_value(p).lstrip("-") for p in ordering]
    fields = fields or list(filterset.queryset.model._meta.ordering)
    return [tuple(getattr(record, f) for f in fields) for record in records]


KENNISBANK = [
    (KnowledgeOfferFilter, selectors.knowledge_offers_for_list),
    (LearningCommunityFilter, selectors.learning_communities_for_list),
]


@pytest.fixture
def kennisbank():
    """Offers and communities with every kind of label, some blank, some drafts, in the real regions (the
    starting content may have none yet)."""
    regions = list(Region.objects.filter(slug__in=VALUES["regio"]).order_by("slug"))
    factors, themes = list(Factor.objects.order_by("slug")), list(Theme.objects.order_by("slug"))[:4]
    forms, levels = list(KnowledgeForm.values), ["", *OfferLevel.values]
    aims, durations = ["", *OfferAim.values], ["", *OfferDuration.values]
    for i in range(45):
        some = lambda values, k=i: [values[k % len(values)], values[(k * 7 + 3) % len(values)]][: 1 + k % 2]  # noqa: E731
        status = PublicationStatus.CONCEPT if i % 9 == 0 else PublicationStatus.PUBLISHED
        KnowledgeOfferFactory(
            name=f"Aanbod {i % 13}",  # names repeat: the order falls back to the pk
            form=forms[i % len(forms)],
            level=levels[i % len(levels)],
            aim=aims[i % len(aims)],
            duration=durations[(i // 2) % len(durations)],
            regions=some(regions) if i % 5 else [],
            factors=some(factors) if i % 4 else [],
            themes=some(themes) if i % 3 else [],
            last_reviewed=None if i % 6 == 0 else datetime.date(2025, 1 + i % 12, 1),
            summary="kennis en innovatie" if i % 2 else "hogeschool",
            publication_status=status,
        )
        LearningCommunityFactory(
            name=f"Kring {i % 11}",
            status=CommunityStatus.values[i % len(CommunityStatus.values)],
            regions=some(regions) if i % 5 else [],
            factors=some(factors) if i % 4 else [],
            themes=some(themes) if i % 3 else [],
            publication_status=status,
        )


def _holds(filter_class, records, pairs):
    """The list from record sets shows what the filter's own SQL selects, in its order, with its counts."""
    data = _data(pairs)
    filterset = filter_class(data, queryset=records(), request=None)
    found = listing(filterset)
    expected = filterset.qs
    if not data.get("sorteer"):
        expected = expected.order_by(*expected.model._meta.ordering, "slug", "pk")
    expected = list(expected)

    assert found.records.count() == len(expected)
    page_number = data.get("pagina")
    page = Paginator(found.records, 20).get_page(page_number)
    expected_page = Paginator(expected, 20).get_page(page_number)
    assert {r.pk for r in page.object_list} <= {r.pk for r in expected}
    assert _sort_keys(page.object_list, filterset) == _sort_keys(expected_page.object_list, filterset)
    if not data.get("sorteer"):  # the default order: by name, then by slug and the record's number
        assert [r.pk for r in page.object_list] == [r.pk for r in expected_page.object_list]

    for facet, counts in found.counts.items():
        options = {str(value) for value, _label in filterset.form[facet].field.choices}
        for value, count in counts.items():
            if value not in options:  # a value records have but the form does not offer (the country)
                continue
            chosen = data.copy()
            chosen.setlist(facet, [value])
            assert count == filter_class(chosen, queryset=records(), request=None).qs.count(), (facet, value)


HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(("filter_class", "records"), LISTS, ids=["instruments", "organisations", "examples"])
@given(pairs=QUERIES)
@HYPOTHESIS
def test_a_list_shows_what_its_filters_select(filter_class, records, pairs):
    _holds(filter_class, records, pairs)


@pytest.mark.parametrize(("filter_class", "records"), KENNISBANK, ids=["kennisaanbod", "leergemeenschappen"])
@given(pairs=QUERIES)
@HYPOTHESIS
def test_a_kennisbank_list_shows_what_its_filters_select(kennisbank, filter_class, records, pairs):
    _holds(filter_class, records, pairs)


def test_the_counts_cover_every_option_with_records(client):
    """An option the list would not be empty for has its count; the form shows 0 only for empty ones."""
    filterset = OrganisationFilter(QueryDict(), queryset=selectors.organisations_for_list(), request=None)
    counts = listing(filterset).counts
    kinds = Organisation.objects.published().values_list("kind", flat=True).distinct()
    assert set(kinds) <= set(counts["soort"])
    assert all(n > 0 for n in counts["soort"].values())

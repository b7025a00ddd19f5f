"""The lists read their records and facet counts from record sets (catalog.listing). The filters' own SQL
(`FilterSet.qs`) is the judge: for any combination of filters on the real starting content, a list shows the
same records in the same order, and each facet option's count is the number of records that choosing that
option (instead of the facet's current values) would list."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import selectors
from catalog.filters import InstrumentFilter, OrganisationFilter, PracticeExampleFilter
from catalog.listing import listing
from catalog.models import Organisation

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
    "status": ["open", "gesloten", "onbekend", "doorlopend", "gearchiveerd"],
    "niveau": ["mbo", "hbo", "wo"],
    "partnerniveau": ["mbo", "hbo"],
    "thema": ["maakindustrie", "zorg", "duurzaamheid"],
    "aanvraagbaar": ["ja"],
    "aanbieder": ["novel-t", "oost-nl", "rvo", "provincie-overijssel"],
    "q": ["innovatie", "kennis", "hogeschool", "xyzzy"],
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


@pytest.mark.parametrize(("filter_class", "records"), LISTS, ids=["instruments", "organisations", "examples"])
@given(pairs=QUERIES)
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_list_shows_what_its_filters_select(filter_class, records, pairs):
    data = _data(pairs)
    filterset = filter_class(data, queryset=records(), request=None)
    found = listing(filterset)
    expected = filterset.qs
    if not data.get("sorteer"):
        expected = expected.order_by(*expected.model._meta.ordering, "pk")
    expected = list(expected)

    assert found.records.count() == len(expected)
    page_number = data.get("pagina")
    page = Paginator(found.records, 20).get_page(page_number)
    expected_page = Paginator(expected, 20).get_page(page_number)
    assert {r.pk for r in page.object_list} <= {r.pk for r in expected}
    assert _sort_keys(page.object_list, filterset) == _sort_keys(expected_page.object_list, filterset)
    if not data.get("sorteer"):  # the default order: by name, then by the record's number
        assert [r.pk for r in page.object_list] == [r.pk for r in expected_page.object_list]

    for facet, counts in found.counts.items():
        options = {str(value) for value, _label in filterset.form[facet].field.choices}
        for value, count in counts.items():
            if value not in options:  # a value records have but the form does not offer (the country)
                continue
            chosen = data.copy()
            chosen.setlist(facet, [value])
            assert count == filter_class(chosen, queryset=records(), request=None).qs.count(), (facet, value)


def test_the_counts_cover_every_option_with_records(client):
    """An option the list would not be empty for has its count; the form shows 0 only for empty ones."""
    filterset = OrganisationFilter(QueryDict(), queryset=selectors.organisations_for_list(), request=None)
    counts = listing(filterset).counts
    kinds = Organisation.objects.published().values_list("kind", flat=True).distinct()
    assert set(kinds) <= set(counts["soort"])
    assert all(n > 0 for n in counts["soort"].values())

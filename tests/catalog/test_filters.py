import pytest
from django.http import QueryDict

from catalog.filters import InstrumentFilter, OrganisationFilter, PracticeExampleFilter, facet_counts
from catalog.models import Instrument, PublicationStatus
from catalog.selectors import (
    facet_options,
    instruments_for_list,
    organisations_for_list,
    practice_examples_for_list,
)

pytestmark = pytest.mark.django_db


def instruments(query):
    filterset = InstrumentFilter(QueryDict(query), queryset=instruments_for_list())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("slug", flat=True))


def test_values_of_one_filter_combine_as_or():
    kennis, arbeid = instruments("factor=kennis"), instruments("factor=arbeid")
    assert kennis and arbeid and kennis != arbeid
    assert instruments("factor=kennis&factor=arbeid") == kennis | arbeid


def test_different_filters_combine_as_and():
    both = instruments("factor=kennis&soort=voucher")
    assert both == instruments("factor=kennis") & instruments("soort=voucher")
    assert both


def test_a_region_includes_everything_whose_scope_contains_it():
    rijssen = instruments("regio=rijssen-holten")
    assert "mit-kennisvoucher" in rijssen  # national
    assert "mit-haalbaarheidsproject" in rijssen  # provincial
    assert "innovatiemakelaars-novel-t" in rijssen  # Twente
    assert "innovatieadvies-kennispoort-regio-zwolle" not in rijssen  # another region
    assert rijssen <= instruments("")


def test_closed_and_archived_instruments_only_on_request():
    default = instruments("")
    closed = instruments("status=gesloten")
    assert closed and not closed & default
    archived = Instrument.objects.get(slug="mit-kennisvoucher")
    archived.publication_status = PublicationStatus.ARCHIVED
    archived.save()
    assert "mit-kennisvoucher" not in instruments("")
    assert instruments("status=gearchiveerd") == {"mit-kennisvoucher"}
    assert "mit-kennisvoucher" in instruments("status=gearchiveerd&status=doorlopend")


def test_concept_instruments_never_show():
    concept = Instrument.objects.get(slug="mit-kennisvoucher")
    concept.publication_status = PublicationStatus.CONCEPT
    concept.save()
    everything = "&".join(f"status={s}" for s in [*Instrument.Status.values, "gearchiveerd"])
    assert "mit-kennisvoucher" not in instruments(everything)


@pytest.mark.parametrize(
    ("filter_class", "queryset", "query"),
    [
        (InstrumentFilter, instruments_for_list, "factor=kennis&regio=twente"),
        (OrganisationFilter, organisations_for_list, "soort=kennisinstelling"),
        (PracticeExampleFilter, practice_examples_for_list, "regio=overijssel&factor=arbeid"),
    ],
)
def test_each_option_count_is_what_choosing_it_would_give(filter_class, queryset, query):
    base = QueryDict(query)
    filterset = filter_class(base, queryset=queryset())
    checked = 0
    for facet in facet_options(filterset, facet_counts(filterset)):
        for value, _label, count, _selected in facet["options"]:
            data = base.copy()
            data.setlist(facet["name"], [value])  # choosing only this option for this facet
            assert filter_class(data, queryset=queryset()).qs.count() == count, (facet["name"], value)
            checked += 1
    assert checked > 5


def test_practice_examples_by_region_are_those_inside_it():
    filterset = PracticeExampleFilter(QueryDict("regio=twente"), queryset=practice_examples_for_list())
    regions = {example.region.slug for example in filterset.qs}
    assert regions and regions <= {"twente", "enschede", "rijssen-holten"}


@pytest.mark.parametrize(
    "query",
    ["factor=geluk", "type=Z", "regio=atlantis", "soort=cadeaubon", "status=misschien", "sorteer=prijs"],
)
def test_unknown_values_are_reported_not_crashed_on(query):
    filterset = InstrumentFilter(QueryDict(query), queryset=instruments_for_list())
    assert not filterset.is_valid()
    assert filterset.errors

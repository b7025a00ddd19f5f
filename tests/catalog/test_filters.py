"""catalog.filters: the list filters and their facet counts, on a small world each test builds itself."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from catalog.filters import InstrumentFilter, OrganisationFilter, PracticeExampleFilter
from catalog.listing import listing
from catalog.models import Instrument, Membership, OrganisationKind, PublicationStatus, Scope
from catalog.selectors import (
    facet_options,
    instruments_for_list,
    organisations_for_list,
    practice_examples_for_list,
)
from tests.factories import (
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A country of its own: land > provincie > noord, zuid; a municipality in noord. One instrument per
    level, each with its own factor and kind, and a closed one."""
    kennis, netwerk, arbeid = (FactorFactory(slug=slug) for slug in ("kennis", "netwerk", "arbeid"))
    land = RegionFactory(scope=Scope.LAND)
    provincie = RegionFactory(scope=Scope.PROVINCIE, parents=[land])
    noord = RegionFactory(parents=[provincie])
    zuid = RegionFactory(parents=[provincie])
    gemeente = RegionFactory(scope=Scope.GEMEENTE, parents=[noord])
    instruments = {
        "national": InstrumentFactory(regions=[land], factors=[kennis], kind="voucher"),
        "provincial": InstrumentFactory(regions=[provincie], factors=[kennis, netwerk], kind="subsidie"),
        "noord": InstrumentFactory(regions=[noord], factors=[arbeid], kind="advies"),
        "zuid": InstrumentFactory(regions=[zuid], factors=[kennis], kind="voucher"),
        "closed": InstrumentFactory(regions=[noord], factors=[kennis], status="gesloten"),
    }
    regions = {"land": land, "provincie": provincie, "noord": noord, "zuid": zuid, "gemeente": gemeente}
    return {"instruments": instruments, "regions": regions}


def found(world, query):
    """The names (in `world`) of the instruments the filter finds for `query`; regions are named by key."""
    for name, region in world["regions"].items():
        query = query.replace("{" + name + "}", region.slug)
    filterset = InstrumentFilter(QueryDict(query), queryset=instruments_for_list())
    assert filterset.is_valid(), filterset.errors
    pks = set(filterset.qs.values_list("pk", flat=True))
    return {name for name, instrument in world["instruments"].items() if instrument.pk in pks}


def test_values_of_one_filter_combine_as_or(world):
    assert found(world, "factor=kennis") == {"national", "provincial", "zuid"}
    assert found(world, "factor=arbeid") == {"noord"}
    assert found(world, "factor=kennis&factor=arbeid") == {"national", "provincial", "zuid", "noord"}


def test_different_filters_combine_as_and(world):
    assert found(world, "factor=kennis&soort=voucher") == {"national", "zuid"}
    assert found(world, "factor=kennis&soort=voucher") == found(world, "factor=kennis") & found(
        world, "soort=voucher"
    )


def test_a_region_includes_everything_whose_scope_contains_it(world):
    in_gemeente = found(world, "regio={gemeente}")
    assert in_gemeente == {"national", "provincial", "noord"}  # not "zuid": another region
    assert in_gemeente <= found(world, "")
    assert found(world, "regio={gemeente}&regio={zuid}") == {"national", "provincial", "noord", "zuid"}


def test_closed_and_archived_instruments_only_on_request(world):
    assert found(world, "") == {"national", "provincial", "noord", "zuid"}
    assert found(world, "status=gesloten") == {"closed"}
    archived = world["instruments"]["national"]
    archived.publication_status = PublicationStatus.ARCHIVED
    archived.save()
    assert "national" not in found(world, "")
    assert found(world, "status=gearchiveerd") == {"national"}
    assert found(world, "status=gearchiveerd&status=onbekend") == {
        "national",
        "provincial",
        "noord",
        "zuid",
    }


def test_concept_instruments_never_show(world):
    concept = world["instruments"]["zuid"]
    concept.publication_status = PublicationStatus.CONCEPT
    concept.save()
    everything = "&".join(f"status={s}" for s in [*Instrument.Status.values, "gearchiveerd"])
    assert found(world, everything) == {"national", "provincial", "noord", "closed"}


def test_facet_counts_give_each_option_the_number_it_would_find(world):
    query = QueryDict(f"regio={world['regions']['gemeente'].slug}&factor=kennis")
    counts = listing(InstrumentFilter(query, queryset=instruments_for_list())).counts
    # factor: counted with the region filter but without the factor filter itself
    assert counts["factor"] == {"kennis": 2, "netwerk": 1, "arbeid": 1}
    # kind: counted with both filters
    assert counts["soort"] == {"voucher": 1, "subsidie": 1}
    # status: counted from every status, so the closed one in noord shows as an option
    assert counts["status"] == {"onbekend": 2, "gesloten": 1}  # onbekend: the default of a new instrument


@pytest.mark.parametrize(
    ("filter_class", "queryset", "query"),
    [
        (InstrumentFilter, instruments_for_list, "factor=kennis&regio={gemeente}"),
        (OrganisationFilter, organisations_for_list, "soort=kennisinstelling&regio={noord}"),
        (PracticeExampleFilter, practice_examples_for_list, "regio={provincie}&factor=arbeid"),
    ],
)
def test_each_option_count_is_what_choosing_it_would_give(world, filter_class, queryset, query):
    regions = world["regions"]
    OrganisationFactory(kind="kennisinstelling", level="hbo", regions=[regions["noord"]])
    PracticeExampleFactory(region=regions["gemeente"], factors=[FactorFactory(slug="arbeid")])
    base = QueryDict(query.format(**{name: region.slug for name, region in regions.items()}))
    filterset = filter_class(base, queryset=queryset())
    checked = own = 0
    for facet in facet_options(filterset, listing(filterset).counts):
        for value, _label, count, _selected in facet["options"]:
            data = base.copy()
            data.setlist(facet["name"], [value])  # choosing only this option for this facet
            assert filter_class(data, queryset=queryset()).qs.count() == count, (facet["name"], value)
            checked += 1
            own += count > 0 and value in {region.slug for region in regions.values()}
    assert checked > 5
    assert own  # the options include the test's own regions, with what they hold


def test_practice_examples_by_region_are_those_inside_it(world):
    regions = world["regions"]
    inside = {
        PracticeExampleFactory(region=regions["noord"]),
        PracticeExampleFactory(region=regions["gemeente"]),
    }
    PracticeExampleFactory(region=regions["provincie"])  # above noord: not inside it
    PracticeExampleFactory(region=regions["zuid"])
    filterset = PracticeExampleFilter(
        QueryDict(f"regio={regions['noord'].slug}"), queryset=practice_examples_for_list()
    )
    assert set(filterset.qs) == inside


def test_list_filters_for_firm_size_and_partner_level(client, world):
    noord = world["regions"]["noord"]
    small = InstrumentFactory(regions=[noord], factors=[FactorFactory()], firm_sizes=[FirmSizeFactory()])
    collaboration = OrganisationFactory(kind=OrganisationKind.SAMENWERKING, regions=[noord])
    Membership.objects.create(
        collaboration=collaboration, member=OrganisationFactory(kind="kennisinstelling", level="mbo")
    )
    Membership.objects.create(
        collaboration=collaboration,
        member=OrganisationFactory(kind="kennisinstelling", level="hbo", publication_status="concept"),
    )

    sizes = client.get(reverse("catalog:instrument_list"), {"grootte": "klein", "regio": noord.slug})
    assert sizes.status_code == 200
    assert list(sizes.context["page"]) == [small]
    organisations = reverse("catalog:organisation_list")
    hbo = client.get(organisations, {"partnerniveau": "hbo", "regio": noord.slug})
    assert list(hbo.context["page"]) == []  # the hbo member is a concept
    mbo = client.get(organisations, {"partnerniveau": "mbo", "regio": noord.slug})
    assert list(mbo.context["page"]) == [collaboration]
    assert client.get(organisations, {"partnerniveau": "havo"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    ["factor=geluk", "type=Z", "regio=atlantis", "soort=cadeaubon", "status=misschien", "sorteer=prijs"],
)
def test_unknown_values_are_reported_not_crashed_on(query):
    filterset = InstrumentFilter(QueryDict(query), queryset=instruments_for_list())
    assert not filterset.is_valid()
    assert filterset.errors


def test_filters_from_the_dekkingskaart_show_in_the_form_and_stay_on_the_next_submit(client, world):
    """`gebied` and `aanvraagbaar` have no facet; a visitor arriving from /dekking/ sees them checked, and
    choosing another filter keeps them, so the count stays the one the dekkingskaart showed."""
    from tests.html import form_data, page

    noord = world["regions"]["noord"]
    response = client.get(f"/instrumenten/?gebied={noord.slug}&aanvraagbaar=ja")
    form = page(response).find("form", class_="routekaart-filters")
    chosen = {
        fieldset.legend.get_text(strip=True): [
            label.get_text(strip=True) for label in fieldset.find_all("label")
        ]
        for fieldset in form.find_all("fieldset")
    }
    assert chosen["Aanbod in of binnen"] == [noord.name]
    assert chosen["Bedrijf kan zelf aanvragen"] == ["ja"]
    submitted = form_data(form)
    assert submitted["gebied"] == [noord.slug]
    assert submitted["aanvraagbaar"] == ["ja"]
    assert submitted["factor"] == []  # facets stay unchecked unless chosen

"""An instrument with more than one provider, a practice example in more than one region (issue 11 item 1).

The main provider and the main region stay what the curation roles and the route start from; the others are
shown, filtered, searched, imported and exported, and count wherever "where it took place" counts.
"""

import pytest
import tablib
from django.http import QueryDict
from django.urls import reverse

from catalog import history
from catalog.curation.resources import InstrumentResource, PracticeExampleResource
from catalog.curation.roles import editable
from catalog.models import Instrument, OrganisationKind, PracticeExample, PublicationStatus, Scope
from catalog.search import search
from ecosystems.selectors import region_overview
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile
from tests.factories import (
    FactorFactory,
    InstrumentFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]


# --- Several providers -------------------------------------------------------------------------------------


@pytest.fixture
def co_provided(region):
    """A scheme of Hoofdaanbieder, offered together with Kwabbelfonds and Zwanenbank."""
    kennis = FactorFactory(slug="kennis")
    main = OrganisationFactory(name="Hoofdaanbieder", regions=[region])
    kwabbel = OrganisationFactory(name="Kwabbelfonds", kind=OrganisationKind.FINANCIER, regions=[region])
    zwanen = OrganisationFactory(name="Zwanenbank", kind=OrganisationKind.FINANCIER, regions=[region])
    instrument = InstrumentFactory(
        name="Gedeelde regeling",
        provider=main,
        other_providers=[zwanen, kwabbel],
        regions=[region],
        factors=[kennis],
    )
    return {"instrument": instrument, "main": main, "kwabbel": kwabbel, "zwanen": zwanen, "region": region}


def test_the_detail_page_names_and_links_every_provider(client, co_provided):
    response = client.get(reverse("catalog:instrument_detail", args=[co_provided["instrument"].slug]))
    meta = page(response).find("p", class_="routekaart-card__meta")
    shown = " ".join(meta.get_text().split())  # as read, without spaces between the links
    assert shown == "Subsidie · aangeboden door Hoofdaanbieder, samen met Kwabbelfonds en Zwanenbank"
    for key in ("main", "kwabbel", "zwanen"):
        assert links(meta)[reverse("catalog:organisation_detail", args=[co_provided[key].slug])]


def test_a_concept_co_provider_is_not_named(client, co_provided):
    co_provided["zwanen"].publication_status = PublicationStatus.CONCEPT
    co_provided["zwanen"].save()
    response = client.get(reverse("catalog:instrument_list"))
    assert "samen met Kwabbelfonds" in text(response)
    assert "Zwanenbank" not in text(response)


def test_the_card_in_the_list_names_the_co_providers(client, co_provided):
    response = client.get(reverse("catalog:instrument_list"))
    card = page(response).find("a", string="Gedeelde regeling").find_parent("li")
    assert "Hoofdaanbieder, samen met Kwabbelfonds en Zwanenbank" in text(card)


def test_the_co_providers_page_lists_what_it_offers_together(
    client, co_provided, django_assert_max_num_queries
):
    url = reverse("catalog:organisation_detail", args=[co_provided["kwabbel"].slug])
    section = page(client.get(url)).find(id="co-provided-title").find_parent("section")
    assert [text(a) for a in section.select("h3 a")] == ["Gedeelde regeling"]
    with django_assert_max_num_queries(25) as before:
        client.get(url)
    for _ in range(10):  # more co-provided schemes: no query per item
        InstrumentFactory(provider=co_provided["main"], other_providers=[co_provided["kwabbel"]])
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert len(page(response).find(id="co-provided-title").find_parent("section").select("h3 a")) == 11


def test_the_provider_filter_finds_co_provided_instruments(client, co_provided):
    InstrumentFactory(name="Regeling van een ander")
    response = client.get(reverse("catalog:instrument_list"), {"aanbieder": co_provided["zwanen"].slug})
    assert response.status_code == 200
    assert [text(a) for a in page(response).select(".routekaart-cards h3 a")] == ["Gedeelde regeling"]
    chosen = page(response).find("input", attrs={"name": "aanbieder"})
    assert (
        chosen.has_attr("checked") and chosen["value"] == co_provided["zwanen"].slug
    )  # shown, can be undone


def test_an_unknown_provider_is_explained_not_ignored_silently(client, co_provided):
    response = client.get(reverse("catalog:instrument_list"), {"aanbieder": "bestaat-niet"})
    assert response.status_code == 400
    assert "Aanbieder:" in text(page(response).find(role="alert"))


def test_search_finds_an_instrument_by_a_co_providers_name(co_provided):
    found = [r.slug for r in search(query="zwanenbank") if r.kind == "instrument"]
    assert found == [co_provided["instrument"].slug]


def test_search_follows_a_co_provider_added_later(co_provided):
    later = OrganisationFactory(name="Kwartelkoepel")
    co_provided["instrument"].other_providers.add(later)
    assert [r.slug for r in search(query="kwartelkoepel") if r.kind == "instrument"] == [
        co_provided["instrument"].slug
    ]


def test_the_route_names_the_co_providers(client, co_provided, loket):
    response = client.get(f"/route/?regio={co_provided['region'].slug}&type=B&factor=kennis")
    item = page(response).find("a", string="Gedeelde regeling").find_parent("li")
    assert "Hoofdaanbieder, samen met Kwabbelfonds en Zwanenbank" in text(item)


def test_the_main_provider_still_decides_which_loket_editor_edits_it(editor, loket, other_loket):
    shared = InstrumentFactory(provider=other_loket, other_providers=[loket])
    assert shared not in editable(editor, Instrument.objects.all())


# --- Several regions ---------------------------------------------------------------------------------------


@pytest.fixture
def travelling(province, region, other_region):
    """An example carried out in `other_region` that also took place in a municipality of `region`."""
    municipality = RegionFactory(name="Kwabbeloord", scope=Scope.GEMEENTE, parents=[region])
    firm = OrganisationFactory(name="Kwabbel bv", kind=OrganisationKind.BEDRIJF)
    example = PracticeExampleFactory(
        title="Reizend voorbeeld",
        region=other_region,
        other_regions=[municipality],
        organisations=[firm],
        factors=[FactorFactory(slug="kennis")],
    )
    return {"example": example, "municipality": municipality}


def test_within_and_in_province_see_the_other_regions(province, region, other_region, travelling):
    example = travelling["example"]
    elsewhere = RegionFactory(name="Buitenland", scope=Scope.PROVINCIE)
    abroad = PracticeExampleFactory(region=elsewhere)
    assert set(PracticeExample.objects.within(region)) == {example}
    assert set(PracticeExample.objects.within(other_region)) == {example}
    assert list(PracticeExample.objects.within(province)) == [example]  # once, though twice inside
    mine = PracticeExample.objects.filter(pk__in=[example.pk, abroad.pk])  # beside the starting content
    assert list(mine.in_province()) == [example]
    assert list(mine.outside_province()) == [abroad]
    outside_only = PracticeExampleFactory(region=elsewhere, other_regions=[travelling["municipality"]])
    assert outside_only.in_province  # the property: the same rule as the queryset
    assert PracticeExample.objects.with_places().get(pk=outside_only.pk).in_province
    assert not PracticeExample.objects.with_places().get(pk=abroad.pk).in_province


def test_the_region_page_lists_an_example_that_also_took_place_there(client, region, travelling):
    overview = region_overview(region)
    assert [e.slug for e in overview["examples"]["items"]] == [travelling["example"].slug]
    response = client.get(reverse("ecosystems:region_detail", args=[region.slug]))
    card = page(response).find("a", string="Reizend voorbeeld").find_parent("li")
    assert "ook in Kwabbeloord" in text(card)


def test_the_list_filter_and_its_count_see_the_other_regions(client, region, travelling):
    response = client.get(reverse("catalog:practiceexample_list"), {"regio": region.slug})
    assert [text(a) for a in page(response).select(".routekaart-cards h3 a")] == ["Reizend voorbeeld"]
    option = page(response).find("input", attrs={"name": "regio", "value": region.slug})
    assert text(option.find_next_sibling("label")).endswith("(1)")


def test_the_detail_page_says_where_else_it_took_place(client, travelling):
    response = client.get(reverse("catalog:practiceexample_detail", args=[travelling["example"].slug]))
    where = page(response).find("dt", string="Waar").find_next_sibling("dd")
    assert text(where).endswith("ook in Kwabbeloord")
    assert links(where)[reverse("ecosystems:region_detail", args=[travelling["municipality"].slug])]
    assert "Inspiratie van buiten" not in text(response)


def test_the_route_shows_it_as_nearby_and_names_the_place(region, travelling, loket):
    profile, errors = parse_profile(QueryDict(f"regio={region.slug}&type=B&factor=kennis"))
    assert errors == {}
    [step] = [s for s in route_for(profile).steps if s.kind == StepKind.EXAMPLES]
    assert step.items[0].slug == travelling["example"].slug  # a peer nearby comes first
    assert step.items[0].route_reason.startswith("Dichtbij: in Kwabbeloord")


def test_a_curator_of_the_other_region_may_edit_it(curator, region, other_region, travelling):
    elsewhere = PracticeExampleFactory(region=other_region)
    examples = editable(curator, PracticeExample.objects.all())
    assert travelling["example"] in examples
    assert elsewhere not in examples


# --- Import, export and history -----------------------------------------------------------------------------


def _round_trip(resource_class, record, column, value, admin_user, source):
    record.sources.set([source])
    dataset = resource_class().export(queryset=type(record).objects.filter(pk=record.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row[column] == value
    row[column] = ""
    result = resource_class().import_data(
        tablib.Dataset(list(row.values()), headers=list(row)), dry_run=False, user=admin_user
    )
    assert not result.has_errors() and not result.has_validation_errors(), [
        r.error_dict for r in result.invalid_rows
    ]
    row[column] = value
    return resource_class().import_data(
        tablib.Dataset(list(row.values()), headers=list(row)), dry_run=False, user=admin_user
    )


def test_import_and_export_carry_the_co_providers(admin_user, co_provided, source):
    instrument = co_provided["instrument"]
    slugs = ", ".join(sorted([co_provided["kwabbel"].slug, co_provided["zwanen"].slug]))
    result = _round_trip(InstrumentResource, instrument, "ook_aangeboden_door", slugs, admin_user, source)
    assert not result.has_errors() and not result.has_validation_errors()
    assert set(instrument.other_providers.all()) == {co_provided["kwabbel"], co_provided["zwanen"]}


def test_import_and_export_carry_the_other_regions(admin_user, travelling, source):
    example = travelling["example"]
    result = _round_trip(
        PracticeExampleResource, example, "ook_in", travelling["municipality"].slug, admin_user, source
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert list(example.other_regions.all()) == [travelling["municipality"]]


def test_an_unknown_co_provider_in_a_file_is_explained(admin_user, co_provided, source):
    co_provided["instrument"].sources.set([source])
    dataset = InstrumentResource().export(queryset=Instrument.objects.filter(pk=co_provided["instrument"].pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True), ook_aangeboden_door="bestaat-niet")
    result = InstrumentResource().import_data(
        tablib.Dataset(list(row.values()), headers=list(row)), dry_run=False, user=admin_user
    )
    assert "bestaat-niet" in " ".join(str(e) for e in result.invalid_rows[0].error_dict["other_providers"])
    assert co_provided["instrument"].other_providers.count() == 2


def test_history_keeps_the_co_providers_and_other_regions(co_provided, travelling):
    for record, field, expected in [
        (co_provided["instrument"], "other_providers", {co_provided["kwabbel"].pk, co_provided["zwanen"].pk}),
        (travelling["example"], "other_regions", {travelling["municipality"].pk}),
    ]:
        history.complete_latest(record)
        assert set(history.relations(record.history.latest("history_date"))[field]) == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_and_importing_every_example_changes_nothing(admin_user, travelling, source, file_format):
    travelling["example"].sources.set([source])
    exported = PracticeExampleResource().export()
    dataset = tablib.Dataset().load(exported.export(file_format), format=file_format)
    assert len(dataset) == PracticeExample.objects.count()
    result = PracticeExampleResource().import_data(dataset, dry_run=True, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(dataset)

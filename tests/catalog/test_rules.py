"""Each domain rule has one definition: every page and service that applies it gives the same answer.

The records are built here with the factories, in a province of their own ("testprovincie"), so the starting
content plays no part.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from catalog import freshness, history, selectors
from catalog.curation import dashboard
from catalog.curation.resources import InstrumentResource, OrganisationResource, PracticeExampleResource
from catalog.models import (
    Checklist,
    Factor,
    FactorSlug,
    Instrument,
    InstrumentStatus,
    Membership,
    Organisation,
    OrganisationKind,
    PracticeExample,
    PublicationStatus,
    Region,
)
from ecosystems import charts, coverage
from ecosystems.selectors import region_overview, regions_with_loket
from routekaart import handoff
from routekaart.profile import route_regions
from tests.factories import (
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    LoketFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    province_world,
)

pytestmark = pytest.mark.django_db

PROVINCE = "testprovincie"
in_test_province = override_settings(PORTAL_PROVINCE=PROVINCE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # coverage matrices are cached; never reuse another test's
    yield
    cache.clear()


@pytest.fixture
def offers():
    """The test province's region with one instrument of each kind that matters for "on offer today"."""
    world = province_world(slug=PROVINCE)
    today = timezone.localdate()
    kennis = FactorFactory(slug=FactorSlug.KENNIS)

    def instrument(name, **fields):
        return InstrumentFactory(name=name, regions=[world["region"]], factors=[kennis], **fields)

    world["instruments"] = {
        "closes today": instrument("Sluit vandaag", status=InstrumentStatus.OPEN, closes_on=today),
        "ongoing": instrument("Doorlopend", status=InstrumentStatus.DOORLOPEND),
        "expired": instrument(
            "Verlopen", status=InstrumentStatus.OPEN, closes_on=today - datetime.timedelta(days=1)
        ),
        "closed": instrument("Gesloten", status=InstrumentStatus.GESLOTEN),
        "draft": instrument("Concept", publication_status=PublicationStatus.CONCEPT),
    }
    world["on offer"] = {world["instruments"][key].slug for key in ("closes today", "ongoing")}
    return world


def _slugs(records):
    return {record.slug for record in records}


def _list(client, **query):
    response = client.get(reverse("catalog:instrument_list"), query)
    assert response.status_code == 200
    return _slugs(response.context["page"].object_list)


# --- An instrument on offer today ---------------------------------------------------------------------------


def test_list_region_page_coverage_and_dashboard_agree_on_what_is_on_offer(client, admin_user, offers):
    region, instruments = offers["region"], offers["instruments"]
    mine = _slugs(instruments.values())
    assert _slugs(Instrument.objects.on_offer()) & mine == offers["on offer"]

    assert _list(client, regio=region.slug) == offers["on offer"]

    page = client.get(reverse("ecosystems:region_detail", args=[region.slug]))
    sections = dict(page.context["instruments_by_level"])
    assert _slugs(sections[region]["items"]) == offers["on offer"]
    assert sections[region]["count"] == 2

    with in_test_province:
        cell = coverage.region_matrix().cell(region.slug, FactorSlug.KENNIS)
    part = next(part for part in cell.parts if part.kind == coverage.INSTRUMENTS)
    assert part.count == 2
    listed = client.get(part.url).context["page"]
    assert _slugs(listed.object_list) == offers["on offer"]

    expired = {item.slug for item in dashboard.review_items(admin_user)["expired"]}
    assert expired & mine == {instruments["expired"].slug}
    assert _slugs(Instrument.objects.expired()) & mine == {instruments["expired"].slug}


def test_an_explicit_status_still_shows_what_is_stored_with_it(client, offers):
    instruments = offers["instruments"]
    stored_open = {instruments["closes today"].slug, instruments["expired"].slug}
    assert _list(client, regio=offers["region"].slug, status=InstrumentStatus.OPEN) == stored_open
    closed = _list(client, regio=offers["region"].slug, status=InstrumentStatus.GESLOTEN)
    assert closed == {instruments["closed"].slug}


def test_the_factor_page_counts_and_shows_what_its_link_lists(client, offers):
    factor = FactorSlug.KENNIS
    everything = selectors.for_factor(Factor.objects.get(slug=factor), limit=10_000)
    shown = _slugs(everything["instruments"])
    assert offers["on offer"] <= shown
    assert not shown & {offers["instruments"][key].slug for key in ("expired", "closed", "draft")}
    page = client.get(reverse("catalog:factor_detail", args=[factor]))
    listed = client.get(reverse("catalog:instrument_list"), {"factor": factor}).context["page"].paginator
    assert page.context["instrument_count"] == listed.count == len(shown)


def test_the_home_page_counts_the_instruments_the_list_shows(client, offers):
    home = client.get(reverse("home"))
    listed = client.get(reverse("catalog:instrument_list")).context["page"].paginator.count
    assert home.context["counts"]["instruments"] == listed


def test_close_expired_instruments_closes_exactly_the_expired_ones(offers):
    instruments = offers["instruments"]
    closed = freshness.close_expired_instruments()
    assert [i.slug for i in closed if i.slug in _slugs(instruments.values())] == [instruments["expired"].slug]
    instruments["expired"].refresh_from_db()
    assert instruments["expired"].status == InstrumentStatus.GESLOTEN


def test_cached_coverage_follows_the_date(offers, monkeypatch):
    region = offers["region"]

    def instruments_in_region():
        cell = coverage.region_coverage(region)[coverage.REGION].cell(region.slug, FactorSlug.KENNIS)
        return cell.parts[0].count

    assert instruments_in_region() == 2
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert instruments_in_region() == 1  # "closes today" has closed; no record was saved


# --- The loketten of a region and of the province ---------------------------------------------------------


@pytest.fixture
def loketten():
    world = province_world(slug=PROVINCE)
    world["loket"].name = "B-loket"
    world["loket"].save()
    other_region = RegionFactory(parents=[world["province"]])
    world["other_region"] = other_region
    world["other_loket"] = LoketFactory(name="A-loket", regions=[other_region])
    LoketFactory(regions=[world["region"]], publication_status=PublicationStatus.CONCEPT)
    OrganisationFactory(kind=OrganisationKind.INTERMEDIAIR, regions=[world["region"]])
    LoketFactory(regions=[RegionFactory(scope="provincie")])  # another province
    return world


def test_the_loket_of_a_municipality_is_the_one_of_its_region(loketten):
    municipality, loket = loketten["municipality"], loketten["loket"]
    assert list(Organisation.objects.loketten_serving(municipality)) == [loket]
    assert handoff.loket_for(region=municipality) == loket
    answer = region_overview(municipality)["loket"]
    assert answer.own and answer.loketten == [loket]
    assert selectors.loketten_for(municipality).loketten == [loket]
    assert handoff.loket_for(region=RegionFactory()) is None


def test_a_region_without_loket_of_its_own_gets_the_loketten_of_its_province(loketten):
    bare = RegionFactory(name="Zonder loket", parents=[loketten["province"]])
    answer = selectors.loketten_for(bare)
    assert not answer.own and answer.province == loketten["province"]
    assert answer.loketten == [
        loketten["other_loket"],
        loketten["loket"],
    ]  # by name; no concept, no other province
    assert region_overview(bare)["loket"] == answer
    nowhere = selectors.loketten_for(RegionFactory(scope="land"))  # above every province: nobody to name
    assert (nowhere.loketten, nowhere.province, nowhere.own) == ([], None, False)


def test_the_loketten_of_the_province_are_those_of_its_regions(loketten):
    expected = [loketten["other_loket"], loketten["loket"]]  # by name
    with in_test_province:
        assert list(Organisation.objects.loketten_of_province()) == expected
        assert list(handoff.province_loketten()) == expected
        by_region = {region.slug: region.loketten for region in regions_with_loket()}
    assert list(Organisation.objects.loketten_of_province(loketten["province"])) == expected
    assert by_region == {
        loketten["region"].slug: [loketten["loket"]],
        loketten["other_region"].slug: [loketten["other_loket"]],
    }


# --- The province is a setting ------------------------------------------------------------------------------


def test_the_province_is_read_from_the_setting_when_asked(loketten):
    region, municipality = loketten["region"], loketten["municipality"]
    example = PracticeExampleFactory(region=municipality)
    assert loketten["loket"] not in handoff.province_loketten()
    assert not example.in_province
    with in_test_province:
        assert _slugs(route_regions()) == {region.slug, municipality.slug, loketten["other_region"].slug}
        assert example in PracticeExample.objects.in_province()
        assert example not in PracticeExample.objects.outside_province()
        assert example.in_province
        rows = [row.slug for row in coverage.coverage_regions()]
        tiles = charts.tile_map(coverage.region_matrix())
    assert rows[0] == PROVINCE and set(rows[1:]) == {region.slug, loketten["other_region"].slug}
    assert tiles["province"][0].key == PROVINCE
    assert {row.key for row, *_ in tiles["tiles"]} == {region.slug, loketten["other_region"].slug}


# --- A record's relations -----------------------------------------------------------------------------------

WITH_HISTORY = [Region, Organisation, Membership, Instrument, PracticeExample, Checklist]


@pytest.mark.parametrize("model", WITH_HISTORY, ids=lambda model: model.__name__)
def test_history_records_every_editable_relation_and_the_sources(model):
    tracked = {field.name for field in model.history.model._history_m2m_fields}
    assert tracked == {*model.RELATIONS, "sources"}
    assert {field.name for field in model._meta.many_to_many if field.editable} == tracked


def test_a_history_entry_holds_the_relations_as_saved():
    region = RegionFactory()
    instrument = InstrumentFactory(regions=[region], factors=[FactorFactory(slug=FactorSlug.ARBEID)])
    history.complete_latest(instrument)
    relations = history.relations(instrument.history.latest("history_date"))
    assert set(relations) == {*Instrument.RELATIONS, "sources"}
    assert relations["regions"] == [region.pk]


@pytest.mark.parametrize(
    ("resource", "model"),
    [
        (InstrumentResource, Instrument),
        (OrganisationResource, Organisation),
        (PracticeExampleResource, PracticeExample),
    ],
)
def test_import_and_export_carry_every_relation(resource, model):
    fields = resource().fields
    for name in model.RELATIONS:
        assert fields[name].attribute == name
    assert all(name in resource._meta.fields for name in model.RELATIONS)


def test_export_writes_the_relations_of_an_instrument():
    region = RegionFactory()
    instrument = InstrumentFactory(regions=[region], firm_sizes=[FirmSizeFactory()])
    row = InstrumentResource().export(queryset=Instrument.objects.filter(pk=instrument.pk)).dict[0]
    assert row["regios"] == region.slug
    assert row["bedrijfsgroottes"] == FirmSizeFactory().slug


@pytest.mark.parametrize(
    ("model", "relation"),
    [
        (Instrument, "regions"),
        (Instrument, "factors"),
        (Instrument, "entrepreneur_types"),
        (Instrument, "firm_sizes"),
        (Organisation, "regions"),
        (Organisation, "factors"),
        (Organisation, "entrepreneur_types"),
        (Region, "parents"),
    ],
)
def test_a_change_to_a_counted_relation_clears_the_coverage_cache(model, relation):
    factories = {Instrument: InstrumentFactory, Organisation: OrganisationFactory, Region: RegionFactory}
    record = factories[model]()
    assert relation in model.RELATIONS
    coverage.bump_version()
    before = cache.get(coverage.VERSION_KEY)
    related = getattr(record, relation)
    related.add(related.model.objects.exclude(pk=record.pk).first())
    assert cache.get(coverage.VERSION_KEY) != before

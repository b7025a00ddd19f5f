"""The routing engine on the real starting content: every type in every region of Overijssel."""

import datetime

import pytest
from django.http import QueryDict

from catalog.models import Instrument, Organisation
from routekaart.engine import StepKind, route_for
from routekaart.profile import parse_profile, route_regions
from routekaart.quickscan import entrepreneur_type

pytestmark = pytest.mark.django_db

TYPES = ["A", "B", "C", "D"]
FACTORS_OF = {"A": [], "B": ["kennis", "netwerk"], "C": ["financiering", "arbeid"], "D": []}


def profile(query):
    result, errors = parse_profile(QueryDict(query))
    assert errors == {}
    return result


def region_slugs():
    return sorted(route_regions().values_list("slug", flat=True))


def test_the_regions_of_overijssel_are_all_there():
    assert {"twente", "regio-zwolle", "cleantech-regio", "salland", "enschede", "rijssen-holten"} <= set(
        region_slugs()
    )


@pytest.mark.parametrize("kind", TYPES)
def test_every_route_starts_with_the_loket_of_the_region_and_proposes_only_open_instruments_in_scope(kind):
    for slug in region_slugs():
        factors = "".join(f"&factor={f}" for f in FACTORS_OF[kind])
        p = profile(f"regio={slug}&type={kind}{factors}")
        route = route_for(p)
        first = route.steps[0]
        assert first.kind == StepKind.LOKET
        assert first.items, f"no loket for {slug}"
        own = set(Organisation.objects.published().innovatieloketten().serving(p.region))
        if own:
            assert set(first.items) == own
            assert not first.note
        else:  # Salland: no loket of its own in the seeds, so the loketten of Overijssel
            assert slug == "salland"
            assert {o.slug for o in first.items} == {"novel-t", "kennispoort-regio-zwolle", "cleantech-regio"}
            assert "Salland" in first.reason
        in_scope = set(Instrument.objects.published().serving(p.region).values_list("pk", flat=True))
        for step in route.steps:
            assert len(step.items) <= 5
            if step.kind == StepKind.INSTRUMENTS:
                for instrument in step.items:
                    assert instrument.pk in in_scope
                    assert instrument.status != Instrument.Status.GESLOTEN
                    assert instrument.firms_can_apply
                    assert instrument.route_reason
        assert route.loket == first.items[0]


def test_the_loket_of_twente_is_novel_t_and_of_zwolle_kennispoort():
    assert [o.slug for o in route_for(profile("regio=twente&type=B")).loketten] == ["novel-t"]
    assert [o.slug for o in route_for(profile("regio=zwolle&type=C")).loketten] == [
        "kennispoort-regio-zwolle"
    ]


def kinds(route):
    return [(step.kind, step.factor) for step in route.steps]


def test_type_a_gets_inspiration_and_peers_first():
    steps = kinds(route_for(profile("regio=twente&type=A")))
    assert steps[1] == (StepKind.EXAMPLES, "")
    assert steps[2] == (StepKind.AMBASSADORS, "")  # the Pioneers ambassador, for all of Overijssel
    assert steps[3] == (StepKind.ORGANISATIONS, "")


def test_type_b_gets_knowledge_and_network_first():
    steps = kinds(route_for(profile("regio=twente&type=B&factor=netwerk&factor=kennis&factor=financiering")))
    assert steps[1:4] == [
        (StepKind.INSTRUMENTS, "kennis"),
        (StepKind.INSTRUMENTS, "netwerk"),
        (StepKind.INSTRUMENTS, "financiering"),
    ]


def test_type_c_gets_financing_and_people_first():
    route = route_for(profile("regio=regio-zwolle&type=C&factor=kennis&factor=financiering&factor=arbeid"))
    assert kinds(route)[1:4] == [
        (StepKind.INSTRUMENTS, "financiering"),
        (StepKind.INSTRUMENTS, "arbeid"),
        (StepKind.INSTRUMENTS, "kennis"),
    ]
    assert route.steps[1].reason.startswith("U heeft een plan maar nog geen financiering")


def test_type_d_gets_ways_to_share_and_lead_first():
    route = route_for(profile("regio=twente&type=D"))
    assert kinds(route)[1:3] == [(StepKind.SHARE, ""), (StepKind.ORGANISATIONS, "")]
    assert route.steps[2].items[0].kind == Organisation.Kind.SAMENWERKING


def test_routes_are_deterministic():
    for kind in TYPES:
        query = f"regio=twente&type={kind}&factor=kennis&factor=financiering"
        first = [[item.pk for item in step.items] for step in route_for(profile(query)).steps]
        again = [[item.pk for item in step.items] for step in route_for(profile(query)).steps]
        assert first == again


def test_a_sequence_shows_now_before_next():
    route = route_for(profile("regio=twente&type=B&factor=kennis"))
    kennis = next(s for s in route.steps if s.factor == "kennis")
    stages = {i.slug: i.route_stage for i in kennis.items}
    slugs = [i.slug for i in kennis.items]
    assert stages["innovatiemakelaars-novel-t"] == "nu"
    assert stages["innovatego"] == "daarna"
    assert slugs.index("innovatiemakelaars-novel-t") < slugs.index("innovatego")


def test_an_open_instrument_past_its_closing_date_is_not_proposed():
    instrument = Instrument.objects.get(slug="innovatego")
    instrument.status, instrument.closes_on = Instrument.Status.OPEN, datetime.date(2020, 1, 1)
    instrument.save()
    route = route_for(profile("regio=twente&type=B&factor=kennis"), today=datetime.date(2026, 1, 1))
    assert all(i.slug != "innovatego" for s in route.steps for i in s.items if s.kind == StepKind.INSTRUMENTS)


def test_examples_show_the_organisations_and_instruments_used_and_checklists_are_linked():
    route = route_for(profile("regio=twente&type=B&factor=kennis&factor=netwerk"))
    examples = next(s for s in route.steps if s.kind == StepKind.EXAMPLES)
    assert any(e.organisations.all() for e in examples.items)
    checklists = next(s for s in route.steps if s.kind == StepKind.CHECKLISTS)
    assert "samenwerken-met-een-hogeschool-of-mbo-school" in [c.slug for c in checklists.items]


def test_the_engine_uses_a_fixed_number_of_queries(django_assert_max_num_queries, record_sets_kept):
    """Once the record sets of the catalogue version are read (catalog.recordsets), a route reads only the
    records it shows."""
    for query in ["regio=twente&type=B&factor=kennis&factor=netwerk", "regio=salland&type=C&factor=arbeid"]:
        p = profile(query)
        route_for(p)
        with django_assert_max_num_queries(18):
            route_for(p)


@pytest.mark.parametrize(
    ("wants", "has_plan", "factors", "kind"),
    [
        ("nee", "", [], "A"),
        ("nee", "ja", ["financiering"], "A"),
        ("ja", "nee", [], "B"),
        ("ja", "nee", ["financiering"], "B"),
        ("ja", "ja", ["kennis"], "B"),
        ("ja", "ja", ["financiering"], "C"),
        ("ja", "ja", ["netwerk", "arbeid"], "C"),
        ("ja", "ja", [], "D"),
    ],
)
def test_plain_answers_map_onto_the_types(wants, has_plan, factors, kind):
    assert entrepreneur_type(wants=wants, has_plan=has_plan, factors=factors) == kind

"""Demand beside supply (issue 14 item 5, ecosystems.demand, /dekking/vraag/): counted by hand on the `world`
of conftest.py, small numbers shown as "< 5" on the page and in the CSV, no person and no search text below
the threshold stored, counting that never costs a visitor their route or search, a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Organisation, SearchMiss, SearchMissVisitor
from ecosystems import demand
from ecosystems.models import QuestionFact, QuickscanCount
from ecosystems.services import take_snapshot
from routekaart.models import HandoffRequest
from tests.factories import InstrumentFactory
from tests.html import page

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def province(settings, world):
    settings.PORTAL_PROVINCE = "testprov"
    return world


def scans(region, factors, times, *, entrepreneur_type="C", size="klein"):
    for _ in range(times):
        demand.count_quickscan(
            region=region, entrepreneur_type=entrepreneur_type, factors=factors, firm_size=size, day=YESTERDAY
        )


def question(world, region, factors, *, outcome="", **fields):
    status = "afgerond" if outcome else "nieuw"
    return HandoffRequest.objects.create(
        loket=world["loket"],
        profile=f"regio={region.slug}&type=C",
        region=region,
        entrepreneur_type="C",
        factors=factors,
        name="Anna de Vries",
        email="anna@voorbeeld.nl",
        company="Anna's Metaal",
        question="Geheime vraag over onze coating",
        consent=True,
        status=status,
        outcome=outcome,
        **fields,
    )


@pytest.fixture
def counted(province):
    world = dict(province)
    world["loket"] = Organisation.objects.get(kind="innovatieloket", regions=world["noord"])
    scans(world["west"], ["financiering"], 6)
    scans(world["midden"], ["arbeid"], 5)
    scans(world["noord"], ["kennis"], 3)
    for _ in range(5):
        question(world, world["west"], "financiering", outcome="geen-passend-aanbod")
    question(world, world["noord"], "kennis, netwerk")
    return world


def test_the_numbers_on_a_small_hand_made_set(counted):
    figures = demand.demand()
    cell = figures.cells
    # West lacks money: 6 quickscans, 5 questions all closed as "geen passend aanbod", and no supply
    west = cell["west", "financiering"]
    assert (west.quickscans, west.questions, west.gap_outcomes, west.supply) == (6, 5, 5, 0)
    assert west.unmet and west.short_of_supply
    # Midden lies in Noord and Zuid: its quickscans count there and in the province, not in West
    assert [cell[row, "arbeid"].quickscans for row in ("testprov", "noord", "zuid", "west")] == [5, 5, 5, 0]
    assert not cell["noord", "arbeid"].unmet  # Noord has supply for arbeid
    # the province row sums its regions; a question naming two factors counts under both
    assert cell["testprov", "financiering"].quickscans == 6
    assert (cell["noord", "kennis"].quickscans, cell["noord", "kennis"].questions) == (3, 1)
    assert cell["noord", "netwerk"].questions == 1
    assert {(c.row.key, c.column.key) for c in figures.unmet} == {("west", "financiering")}
    # the loket: six questions, nobody contacted yet
    [loket] = figures.lokets
    assert (loket.questions, loket.contacted, loket.gap_outcomes, loket.average_days) == (6, 0, 5, None)


def test_small_numbers_are_shown_as_less_than_five_on_the_page(client, counted):
    html = page(client.get("/dekking/vraag/"))

    def part(cell, name):
        return html.select_one(f'[data-cell="{cell}"] [data-part="{name}"]').get_text(strip=True)

    assert part("west:financiering", "quickscans") == "6"
    assert part("west:financiering", "vragen") == "5"
    assert part("noord:kennis", "quickscans") == "< 5"  # 3
    assert part("noord:kennis", "vragen") == "< 5"  # 1
    assert part("zuid:kennis", "quickscans") == "< 5"  # 0 is not told apart from 1 to 4
    assert part("noord:kennis", "aanbod") == "4"  # supply is no personal data: shown as it is
    assert "Vraag zonder aanbod" in html.select_one('[data-cell="west:financiering"]').get_text()
    assert "Vraag zonder aanbod" not in html.select_one('[data-cell="noord:kennis"]').get_text()
    loket = html.select_one("[data-loket]")
    assert loket.select_one('[data-part="vragen"]').get_text(strip=True) == "6"
    assert "te weinig gegevens" in loket.get_text()
    # nothing of the person or their question on the page
    assert "Anna" not in html.get_text() and "coating" not in html.get_text()


def test_the_csv_has_the_same_suppression_and_no_personal_data(client, counted):
    response = client.get("/dekking/vraag.csv")
    body = response.content.decode("utf-8-sig")
    rows = {(r[0], r[1]): r for r in csv.reader(io.StringIO(body), delimiter=";")}
    assert rows["West", "Financiering"][2:7] == ["6", "5", "5", "0", "ja"]
    assert rows["Noord", "Kennis"][2:4] == ["< 5", "< 5"]
    assert rows["Zuid", "Kennis"][2] == "< 5"
    assert "Anna" not in body and "coating" not in body and "voorbeeld.nl" not in body
    # every number below five is suppressed: no cell holds 1 to 4 as demand
    for row in list(rows.values())[1:]:
        assert all(value == "< 5" or int(value) >= 5 for value in row[2:5])


def test_the_csv_guards_against_formulas(client, counted):
    counted["west"].name = '=HYPERLINK("x")'
    counted["west"].save()
    body = client.get("/dekking/vraag.csv").content.decode("utf-8-sig")
    assert "\n=HYPERLINK" not in body and "'=HYPERLINK" in body


def test_the_page_links_from_the_coverage_page(client, province):
    html = page(client.get("/dekking/"))
    assert html.select_one('a[href="/dekking/vraag/"]')


def test_query_count_is_fixed_and_does_not_grow_with_the_data(
    client, province, django_assert_max_num_queries
):
    def measure():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dekking/vraag/").status_code == 200
        return len(queries)

    small = measure()
    world = dict(province)
    world["loket"] = Organisation.objects.get(kind="innovatieloket", regions=world["noord"])
    for region in ("noord", "zuid", "west", "midden"):
        for factors in (["kennis"], ["netwerk", "arbeid"], []):
            scans(world[region], factors, 6, entrepreneur_type="B")
        question(world, world[region], "kennis, arbeid", outcome="budget-op")
    for n in range(10):
        SearchMiss.objects.create(text=f"zoek {n}", first_kept=YESTERDAY, last_searched=YESTERDAY, searches=7)
    assert measure() == small
    with django_assert_max_num_queries(small):
        cache.clear()
        client.get("/dekking/vraag/")


# --- Counting quickscans ----------------------------------------------------------------------------------


def _submit(client, region, extra=""):
    return client.get(
        f"/route/?vernieuwen=ja&plan=ja&factor=kennis&factor=arbeid&grootte=klein&regio={region}{extra}"
    )


def test_a_quickscan_counts_on_its_redirect_also_when_the_route_page_is_cached(client, province, settings):
    settings.PAGE_CACHE_SECONDS = 300  # the route page is cached; the redirect to it never is
    for _ in range(2):
        response = _submit(client, "noord")
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    rows = QuickscanCount.objects.filter(region=province["noord"])
    assert {(r.factor, r.entrepreneur_type, r.firm_size, r.count) for r in rows} == {
        ("kennis", "C", "klein", 2),
        ("arbeid", "C", "klein", 2),
    }
    # opening the route page again (a link, a reload) is no new quickscan
    client.get(response["Location"])
    assert sum(rows.values_list("count", flat=True)) == 4


def test_a_bad_profile_counts_nothing(client, province):
    assert _submit(client, "nergens").status_code == 400
    assert client.get("/route/?regio=noord&type=X").status_code == 400
    assert not QuickscanCount.objects.exists()


def test_a_broken_counter_does_not_break_the_route(client, province, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("counter table locked")

    monkeypatch.setattr(demand, "_increment", broken)
    response = _submit(client, "noord")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


# --- Questions: kept when the question goes ---------------------------------------------------------------


def test_a_purged_or_withdrawn_question_still_counts(counted):
    handoff = question(counted, counted["west"], "financiering")
    fact = QuestionFact.objects.get(handoff=handoff.pk)
    assert (fact.region, fact.loket, fact.factors, fact.status) == (
        counted["west"],
        counted["loket"],
        "financiering",
        "nieuw",
    )
    before = demand.demand().cells["west", "financiering"].questions
    HandoffRequest.objects.filter(pk=handoff.pk).delete()
    fact.refresh_from_db()
    assert fact.handoff is None
    assert demand.demand().cells["west", "financiering"].questions == before == 6
    # the row holds no personal data: only these fields
    assert {f.name for f in QuestionFact._meta.fields} == {
        "id",
        "handoff",
        "month",
        "region",
        "loket",
        "entrepreneur_type",
        "factors",
        "status",
        "outcome",
        "contact_days",
        "contact_in_time",
    }


def test_outcome_and_response_time_follow_the_question(counted):
    monday = datetime.datetime(2026, 11, 16, 10, tzinfo=datetime.UTC)
    for n in range(5):
        handoff = question(counted, counted["noord"], "kennis")
        handoff.created_at = monday
        handoff.first_contact_at = monday + datetime.timedelta(
            days=1 if n < 4 else 9
        )  # Tue; 4th: Wed week after
        handoff.save()
    facts = QuestionFact.objects.filter(region=counted["noord"], contact_days__isnull=False)
    assert sorted(facts.values_list("contact_days", "contact_in_time")) == [(1, True)] * 4 + [(7, False)]
    [loket] = demand.demand().lokets
    assert (loket.contacted, loket.average_days, loket.in_time_percent) == (5, 2.2, 80)


# --- Searches that found nothing --------------------------------------------------------------------------


def _search(client, text, visitor):
    return client.get("/zoeken/", {"q": text}, REMOTE_ADDR=f"192.0.2.{visitor}")


def test_a_search_without_result_is_kept_only_from_five_visitors(client, province, settings):
    settings.PAGE_CACHE_SECONDS = 300  # later visitors get the cached page: they count all the same
    for visitor in range(4):
        assert _search(client, "Blauwe Wáterstofkoe", visitor).status_code == 200
    _search(client, "blauwe waterstofkoe", 3)  # the same visitor again: once
    assert not SearchMiss.objects.exists()
    # below the threshold the text is stored nowhere: only keyed hashes
    pending = list(SearchMissVisitor.objects.values_list("text_hash", "visitor"))
    assert len(pending) == 4
    assert not any("waterstof" in value.lower() or "192.0.2" in value for row in pending for value in row)
    assert "waterstofkoe" not in page(client.get("/dekking/vraag/")).get_text()

    _search(client, "BLAUWE   waterstofkoe", 4)  # the fifth visitor, the search's own folding
    miss = SearchMiss.objects.get()
    assert (miss.text, miss.searches) == ("blauwe waterstofkoe", 5)
    assert not SearchMissVisitor.objects.exists()  # the visitors' hashes go once the text is kept
    _search(client, "blauwe waterstofkoe", 9)
    miss.refresh_from_db()
    assert miss.searches == 6
    settings.PAGE_CACHE_SECONDS = 0
    # shown from the next day (the page counts up to yesterday)
    SearchMiss.objects.update(last_searched=YESTERDAY)
    assert "blauwe waterstofkoe" in page(client.get("/dekking/vraag/")).get_text()


def test_a_search_that_finds_something_is_not_counted(client, province):
    InstrumentFactory(name="Waterstofkoe regeling", regions=[province["noord"]])
    for visitor in range(6):
        _search(client, "waterstofkoe", visitor)
    assert not SearchMiss.objects.exists() and not SearchMissVisitor.objects.exists()


def test_old_visitor_hashes_are_dropped(client, province):
    SearchMissVisitor.objects.create(day=YESTERDAY - datetime.timedelta(days=30), text_hash="x", visitor="y")
    _search(client, "qqxzzv", 1)
    assert SearchMissVisitor.objects.count() == 1  # this search's, not the old one
    assert not SearchMissVisitor.objects.filter(text_hash="x").exists()


# --- Snapshots ---------------------------------------------------------------------------------------------


def test_a_snapshot_keeps_the_demand_totals(counted):
    snapshot = take_snapshot(note="maand")
    assert snapshot.data["vraag"]["west"]["financiering"] == {"quickscans": 6, "vragen": 5, "signalen": 5}
    assert "regio" in snapshot.data  # beside the supply matrices


def test_the_privacy_page_says_what_is_counted_and_kept(client, settings):
    text = page(client.get("/privacy/")).get_text(" ", strip=True)
    assert "Wat we tellen zonder te weten wie u bent" in text
    assert "minder dan 5" in text
    assert f"na {settings.SEARCH_MISS_PENDING_DAYS} dagen" in text


def test_the_daily_purge_keeps_the_figures(counted):
    from routekaart.handoff import purge_handoffs

    assert demand.demand().cells["west", "financiering"].questions == 5
    assert purge_handoffs(days=-1) >= 6  # every question, including these
    assert not HandoffRequest.objects.exists()
    assert demand.demand().cells["west", "financiering"].questions == 5
    assert not QuestionFact.objects.exclude(handoff=None).exists()


def test_the_migration_fills_in_the_questions_already_stored(counted):
    from importlib import import_module

    from django.apps import apps as live_apps

    QuestionFact.objects.all().delete()
    import_module("routekaart.migrations.0010_question_facts").backfill(live_apps, None)
    assert QuestionFact.objects.filter(handoff__isnull=False).count() == HandoffRequest.objects.count() == 6
    assert demand.demand().cells["west", "financiering"].gap_outcomes == 5


def test_counting_adds_only_a_few_queries_to_the_quickscan(client, province, monkeypatch):
    def queries_of_submit():
        with CaptureQueriesContext(connection) as queries:
            assert _submit(client, "noord").status_code == 302
        return len(queries)

    _submit(client, "noord")  # the counters exist: from now on one update per factor
    counted = queries_of_submit()
    monkeypatch.setattr(demand, "count_quickscan", lambda **kwargs: None)
    # two factors: an update each, inside one savepoint (SAVEPOINT and RELEASE)
    assert counted - queries_of_submit() <= 4


def test_one_visitor_cannot_flood_the_count_with_random_searches(client, province, settings):
    settings.SEARCH_MISSES_PER_VISITOR = 3
    for number in range(6):
        assert _search(client, f"onzinwoord{number}qx", 7).status_code == 200  # the search still answers
    assert SearchMissVisitor.objects.count() == 3
    _search(client, "onzinwoord0qx", 8)  # another visitor still counts
    assert SearchMissVisitor.objects.count() == 4

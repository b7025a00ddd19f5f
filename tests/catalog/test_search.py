"""catalog.search on the real starting content; PostgreSQL-only behaviour is marked as such."""

import pytest
from django.db import connection
from django.urls import reverse

from catalog import search as search_module
from catalog.models import Instrument, PublicationStatus
from catalog.search import clean_query, fold, highlight, query_words, search, word_variants
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL trigrams")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="about the SQLite fallback")


def slugs(results, kind=None):
    return [result.slug for result in results if kind is None or result.kind == kind]


def top_instruments(query, n=5):
    return slugs(search(query=query), kind="instrument")[:n]


# --- The query ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  kennis   voucher ", "kennis voucher"),
        ("kennis\x00voucher", "kennisvoucher"),
        ("kennis\tvoucher\n", "kennis voucher"),
        ("ｋｅｎｎｉｓ", "kennis"),  # full-width letters
        ("zero\u200bwidth", "zerowidth"),
        ("\ue000mark\ue001", "mark"),
        ("\ud800half", "half"),  # a lone surrogate
        (None, ""),
        ("", ""),
    ],
)
def test_clean_query_removes_what_cannot_be_searched(raw, expected):
    assert clean_query(raw) == (expected, False)


def test_clean_query_cuts_long_queries_and_says_so():
    query, trimmed = clean_query("a" * 500)
    assert trimmed
    assert query == "a" * 200
    assert clean_query("a" * 200) == ("a" * 200, False)


def test_fold_ignores_case_and_accents():
    assert fold("Coöperatie FINANCIËLE Café") == "cooperatie financiele cafe"


def test_query_words_drops_single_letters_unless_nothing_else_is_left():
    assert query_words("MIT R&D-samenwerking") == ["mit", "samenwerking"]
    assert query_words("R&D") == ["r&d"]
    assert query_words("!!!") == []


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("vouchers", ["vouchers", "voucher"]),
        ("regelingen", ["regelingen", "regeling"]),
        ("voucher", ["voucher"]),
        ("bus", ["bus"]),
        ("tien", ["tien"]),
    ],
)
def test_word_variants_strip_a_dutch_plural(word, variants):
    assert word_variants(word) == variants


# --- Finding ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["kennisvoucher", "vouchers", "Kennis Voucher", "KENNISVOUCHER", "kennis-voucher"]
)
def test_finds_the_mit_kennisvoucher(query):
    assert "mit-kennisvoucher" in top_instruments(query)


@on_postgresql
def test_finds_the_mit_kennisvoucher_despite_a_typo():
    assert "mit-kennisvoucher" in top_instruments("kenisvoucher")


@on_postgresql
@pytest.mark.parametrize("query", ["kenisvoucher", "haalbaarheisproject"])
def test_a_typo_uses_the_trigram_fallback_when_needed(query):
    results = search(query=query)
    assert results
    assert all(result.rank > 0 for result in results)


@on_sqlite
def test_sqlite_finds_nothing_for_a_typo():
    # Documented limitation: without trigrams a typo finds nothing on SQLite.
    assert "mit-kennisvoucher" not in top_instruments("kenisvoucher")


def test_searches_every_kind():
    assert "novel-t" in slugs(search(query="Novel-T"), kind="organisation")
    assert "rijssen-holten" in slugs(search(query="Rijssen-Holten"), kind="region")
    assert "kampus-rijssen-holten" in slugs(search(query="Kampus"), kind="practiceexample")


def test_accents_do_not_matter():
    with_accent = set(slugs(search(query="financiële")))
    without_accent = set(slugs(search(query="financiele")))
    assert with_accent
    assert with_accent == without_accent


def test_every_word_must_match():
    results = search(query="Twente innovatieloket")
    assert "novel-t" in slugs(results, kind="organisation")
    assert "twente" not in slugs(results, kind="region")  # the region's name has only one of the words


def test_only_published_records_are_found():
    Instrument.objects.filter(slug="mit-kennisvoucher").update(publication_status=PublicationStatus.CONCEPT)
    assert "mit-kennisvoucher" not in slugs(search(query="kennisvoucher"))


def test_a_match_in_the_name_ranks_above_a_match_in_the_description_only():
    OrganisationFactory(name="Zeldzaamwoord Centrum", slug="naam-treffer", description="Gewone tekst.")
    OrganisationFactory(
        name="Ander Centrum",
        slug="omschrijving-treffer",
        description="Hier staat zeldzaamwoord in een langere omschrijving, twee keer: zeldzaamwoord.",
    )
    assert slugs(search(query="zeldzaamwoord"))[:2] == ["naam-treffer", "omschrijving-treffer"]


def test_the_exact_name_comes_first():
    results = search(query="Twente")
    assert (results[0].kind, results[0].slug) == ("region", "twente")


def test_results_are_sorted_best_first_and_limited():
    results = search(query="mkb", limit=5)
    assert len(results) == 5
    ranks = [result.rank for result in results]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", "\x00", "'; DROP TABLE catalog_instrument; --", "a" * 1000]
)
def test_odd_queries_are_harmless(query):
    results = search(query=query)
    assert isinstance(results, list)
    assert Instrument.objects.exists()


def test_query_count_is_fixed(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        search(query="kennisvoucher")
    provider = OrganisationFactory(name="Extra aanbieder")
    for n in range(30):
        InstrumentFactory(name=f"Extra kennisvoucher {n}", provider=provider)
    with django_assert_max_num_queries(8):
        results = search(query="kennisvoucher", limit=100)
    assert len([result for result in results if result.title.startswith("Extra")]) == 30


# --- Results and snippets -----------------------------------------------------------------------------------


def test_result_carries_kind_title_url_and_snippet():
    result = next(result for result in search(query="kennisvoucher") if result.slug == "mit-kennisvoucher")
    assert result.kind == "instrument"
    assert result.kind_label == "Regeling"
    assert result.title == "MIT-kennisvoucher"
    assert "<mark>" in result.snippet
    assert result.url == reverse("catalog:instrument_detail", kwargs={"slug": "mit-kennisvoucher"})


def test_snippets_escape_the_stored_text():
    InstrumentFactory(
        name="Scriptvoucher",
        description='Een <script>alert("x")</script> & meer over de scriptvoucher.',
    )
    result = next(result for result in search(query="scriptvoucher") if result.title == "Scriptvoucher")
    assert "<mark>scriptvoucher</mark>" in result.snippet
    assert "<" not in result.snippet.replace("<mark>", "").replace("</mark>", "")


def test_highlight_marks_hits_regardless_of_case_and_accents_and_escapes_the_rest():
    html = highlight("De <b>Coöperatie</b> & de COOPERATIE.", ["cooperatie"])
    assert html == "De &lt;b&gt;<mark>Coöperatie</mark>&lt;/b&gt; &amp; de <mark>COOPERATIE</mark>."


def test_highlight_shows_a_window_around_the_first_hit():
    text = " ".join(["woord"] * 200) + " vondst " + " ".join(["woord"] * 200)
    html = highlight(text, ["vondst"])
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>vondst</mark>" in html
    assert len(html) < 400


def test_headline_markers_become_mark_and_nothing_else():
    html = search_module._headline_html("a <i>\ue000hit\ue001 \ue001 b \ue000open")
    assert html == "a &lt;i&gt;<mark>hit</mark>  b <mark>open</mark>"

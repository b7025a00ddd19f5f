"""Search judged on the real starting content, as a loket advisor would judge it (single cases).

The judged set as a whole (success@3, nDCG@5) is tests/relevance/test_search_relevance.py.

On purpose these cases use the starting content (tests/conftest.py loads it): they say what an advisor at an
innovatieloket expects to see when an entrepreneur types these words, so they name real records. A curator's
correction to the data may change them; then the case should change with it, for a reason an advisor accepts.
How search works is tested on records of its own in test_search.py.
"""

import pytest

from catalog.search import search

pytestmark = pytest.mark.django_db


def slugs(results, kind=None):
    return [result.slug for result in results if kind is None or result.kind == kind]


# (query, kind, slug expected among the first `top` results of that kind, what the advisor expects)
JUDGED = [
    ("kennisvoucher", "instrument", "mit-kennisvoucher", 5, "the voucher entrepreneurs hear of most"),
    ("vouchers", "instrument", "mit-kennisvoucher", 5, "asking for vouchers in general"),
    ("Kennis Voucher", "instrument", "mit-kennisvoucher", 5, "the compound typed as two words"),
    ("KENNISVOUCHER", "instrument", "mit-kennisvoucher", 5, "typed in capitals"),
    ("kennis-voucher", "instrument", "mit-kennisvoucher", 5, "typed with a hyphen"),
    ("Novel-T", "organisation", "novel-t", 1, "the innovatieloket of Twente, by its name"),
    ("Rijssen-Holten", "region", "rijssen-holten", 1, "a firm types its own municipality"),
    ("Kampus", "practiceexample", "kampus-rijssen-holten", 1, "the example an advisor tells about"),
    ("Twente innovatieloket", "organisation", "novel-t", 1, "where to go in Twente"),
]


@pytest.mark.parametrize(("query", "kind", "slug", "top", "why"), JUDGED, ids=[case[0] for case in JUDGED])
def test_an_advisor_finds_what_they_expect(query, kind, slug, top, why):
    assert slug in slugs(search(query=query), kind=kind)[:top], why


def test_a_typo_still_finds_the_kennisvoucher():
    assert "mit-kennisvoucher" in slugs(search(query="kenisvoucher"), kind="instrument")[:5]


def test_twente_innovatieloket_is_the_loket_not_the_region():
    """The region Twente has only one of the words: the loket and its advice come first."""
    found = slugs(search(query="Twente innovatieloket"))
    assert found.index("novel-t") < found.index("twente")
    assert "twente" not in found[:5]


def test_the_region_twente_comes_first_for_twente():
    results = search(query="Twente")
    assert (results[0].kind, results[0].slug) == ("region", "twente")


def test_financiele_finds_the_same_with_or_without_accent():
    with_accent = set(slugs(search(query="financiële")))
    assert with_accent
    assert with_accent == set(slugs(search(query="financiele")))


def test_a_broad_word_fills_the_first_page_best_first():
    results = search(query="mkb", limit=5)
    assert len(results) == 5
    ranks = [result.rank for result in results]
    assert ranks == sorted(ranks, reverse=True)

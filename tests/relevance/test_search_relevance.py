"""Search judged as a whole on the starting content: success@3 and nDCG@5 over search_queries.yaml.

The queries are what a small firm or a loket advisor types; the expected records were judged from the records
and their seed lines (docs/relevance.md). Run with -s to see the scores and the queries that miss.
"""

import math
from pathlib import Path

import pytest
import yaml

from catalog.models import (
    Checklist,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    PracticeExample,
    Region,
)
from catalog.search import search

pytestmark = pytest.mark.django_db

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))[
    "queries"
]
MIN_SUCCESS_AT_3 = 0.9
MUST_NOT_DEPTH = 5
MODELS = {
    "instrument": Instrument,
    "organisation": Organisation,
    "practiceexample": PracticeExample,
    "region": Region,
    "checklist": Checklist,
    "knowledgeoffer": KnowledgeOffer,
    "learningcommunity": LearningCommunity,
}


def ranked(query):
    return [f"{result.kind}/{result.slug}" for result in search(query=query)]


def ndcg_at_5(found, expected):
    gains = [1.0 if key in expected else 0.0 for key in found[:5]]
    dcg = sum(gain / math.log2(position + 2) for position, gain in enumerate(gains))
    ideal = sum(1.0 / math.log2(position + 2) for position in range(min(len(expected), 5)))
    return dcg / ideal


def evaluate():
    """[(query, success@3, nDCG@5, must-not violations, top 5)] for every judged query."""
    rows = []
    for case in QUERIES:
        found = ranked(case["query"])
        expected = set(case["expect"])
        violations = [key for key in case["must_not"] if key in found[:MUST_NOT_DEPTH]]
        rows.append(
            (
                case["query"],
                bool(expected & set(found[:3])),
                ndcg_at_5(found, expected),
                violations,
                found[:5],
            )
        )
    return rows


def test_the_set_is_big_enough_and_names_real_records():
    assert len(QUERIES) >= 40
    for case in QUERIES:
        assert case["expect"] and case["why"], case["query"]
        for key in case["expect"] + case["must_not"]:
            kind, slug = key.split("/")
            assert MODELS[kind].objects.published().filter(slug=slug).exists(), f"{case['query']}: {key}"


def test_search_meets_the_bar():
    rows = evaluate()
    success = sum(row[1] for row in rows) / len(rows)
    ndcg = sum(row[2] for row in rows) / len(rows)
    violations = [(row[0], row[3]) for row in rows if row[3]]
    print(f"\nsearch: {len(rows)} queries, success@3 {success:.3f}, nDCG@5 {ndcg:.3f}", end="")
    print(f", violations {len(violations)}")
    for query, hit, score, bad, top in rows:
        if not hit or bad or score < 0.5:
            print(f"  {query!r}: success@3 {hit}, nDCG@5 {score:.2f}, must-not {bad}, top {top}")
    assert not violations
    assert success >= MIN_SUCCESS_AT_3

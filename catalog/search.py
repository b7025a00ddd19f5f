"""Site-wide search over every public record: instruments, organisations, examples, regions, checklists,
kennisaanbod and learning communities.

One way to search on both databases (see docs/relevance.md):

1. The query is analysed like the records (catalog.search_index: folded, stop words out, Dutch stems). Each
   remaining word is a *concept* with alternatives: its stem, the words of its synonym group
   (catalog.SearchSynonym, data curators edit), the word joined with its neighbour ("kennis voucher"), and,
   for a word the portal does not know, the nearest known word ("subsidei" -> "subsidie"), offered as
   "Bedoelde u …?".
2. The database finds the candidates: every entry with one of the alternatives as a whole word, as a compound
   part, or (stems of five letters or more) as the head of a word. SQLite uses FTS5 (catalog_searchentry_fts,
   migration 0010); PostgreSQL a tsvector in the "simple" configuration over the same analysed columns.
3. One Python function ranks them (`rank`): per concept the best alternative, weighted by where it matched
   (name or title above other text) and how rare it is (idf); records that match more of the query first; a
   region whose name is the query first of all; records in the portal's province before those elsewhere.

A bounded number of queries whatever the data, each read through an index: the synonyms, the words of the
vocabulary the query needs (catalog.SearchWord, kept with the index; usually one query), the candidates
(at most MAX_CANDIDATES, those with a match in the name or title first; when more match, the page says
"more than" that number).
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Instrument, Organisation, PracticeExample, SearchSynonym, SearchWord
from .search_index import STOP_WORDS, fold, stem, words_of

MAX_QUERY_LENGTH = 200
SNIPPET_CHARS = 240

# Ranking weights, the same on both databases.
TITLE_WEIGHT = 3.0  # a concept in the name or title
FACET_WEIGHT = 2.5  # in what the record is and where: its kind, provider, place, regions
BODY_WEIGHT = 1.0  # in the other texts
PART_WEIGHT = 0.5  # as the tail of a compound
PREFIX_FACTOR = 0.6  # as the head of a longer word ("innovatie" in "innovatiekrediet")
SYNONYM_WEIGHT = 0.7
CORRECTION_WEIGHT = 0.8
MIN_PREFIX = 5  # the shortest stem that also matches as the head of a longer word
MIN_HEAD = 4  # the shortest word a typed compound can end in
MAX_CANDIDATES = 400  # the most entries ranked per query; when more match, the page says "more than 400"
TITLE_COMPLETE = 2.0  # every concept in the name or title
PLACE_NAME = 3.0  # ... and the record is a region: a place name finds its region page first
EXACT_TITLE = 1.5  # the name is the query
IN_PROVINCE, WIDE, ELSEWHERE = 1.0, 0.8, 0.6  # where the record applies, against the portal's province
# A firm that types one of these words asks for something to apply for: instruments rank higher.
INSTRUMENT_WORDS = frozenset(
    stem(word)
    for word in ("subsidie", "voucher", "krediet", "lening", "fonds", "regeling", "financiering", "geld")
)
INSTRUMENT_INTENT = 2.0
OFF_INTENT = 0.5  # ... and a practice example, a story of what a firm did rather than an offer, lower

KIND_LABELS = {
    "instrument": _("Regeling"),
    "organisation": _("Organisatie"),
    "practiceexample": _("Praktijkvoorbeeld"),
    "region": _("Regio"),
    "checklist": _("Checklist"),
    "knowledgeoffer": _("Kennisaanbod"),
    "learningcommunity": _("Leergemeenschap"),
    "ambassador": _("Ambassadeur"),
}
URL_NAMES = {
    "instrument": "catalog:instrument_detail",
    "organisation": "catalog:organisation_detail",
    "practiceexample": "catalog:practiceexample_detail",
    "region": "ecosystems:region_detail",
    "checklist": "catalog:checklist_detail",
    "knowledgeoffer": "catalog:knowledgeoffer_detail",
    "learningcommunity": "catalog:learningcommunity_detail",
    "ambassador": "catalog:ambassador_detail",
}


@dataclass(frozen=True)
class SearchResult:
    kind: str  # a key of KIND_LABELS
    kind_label: str
    title: str
    slug: str
    rank: float
    text: str = ""
    terms: tuple = ()  # what the snippet marks

    @property
    def url(self):
        return reverse(URL_NAMES[self.kind], kwargs={"slug": self.slug})

    @property
    def snippet(self) -> SafeString:
        """Escaped text; only <mark> is markup. Made when shown: only the results of one page."""
        return highlight(self.text, self.terms) if self.text else mark_safe("")  # noqa: S308 - empty


@dataclass
class Concept:
    """One meaningful word of the query and the stems that count for it, with their weights."""

    word: str
    alternatives: dict = field(default_factory=dict)  # stem -> weight

    def add(self, term, weight):
        if weight > self.alternatives.get(term, 0.0):
            self.alternatives[term] = weight


@dataclass(frozen=True)
class Found:
    results: list
    suggestion: str | None = None  # the query with unknown words corrected, when there were any
    more: bool = False  # more records match than were ranked (MAX_CANDIDATES)

    @property
    def count(self):
        return len(self.results)


# --- The query ----------------------------------------------------------------------------------------------


def clean_query(raw, *, max_length=MAX_QUERY_LENGTH):
    """The query as we search it, and whether it had to be cut short.

    Unicode is normalised (NFKC); control, format, surrogate and private-use characters (NUL among them) are
    dropped; runs of white space become one space.
    """
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    text = " ".join(text.split())
    if len(text) > max_length:
        return text[:max_length].rstrip(), True
    return text, False


def query_words(query):
    """The folded words of a query that carry meaning; only stop words ("voor de") count as they are."""
    words = words_of(query)
    meaningful = [word for word in words if word not in STOP_WORDS]
    return meaningful or words


def search(*, query, limit=None):
    """Published records matching `query`, best first (all of them, or the first `limit`)."""
    results = find(query).results
    return results if limit is None else results[:limit]


def find(query):
    """The ranked results of `query` and, when words were corrected, the corrected query."""
    query, _trimmed = clean_query(query)
    words = query_words(query)
    if not words:
        return Found([])
    concepts, corrections, vocabulary = analyse(words)
    rows, more = candidates(concepts)
    results = rank(rows, concepts, total=vocabulary.total, province=settings.PORTAL_PROVINCE)
    suggestion = None
    if corrections:
        suggestion = " ".join(corrections.get(word, word) for word in words_of(query))
    return Found(results, suggestion, more)


def analyse(words):
    """The concepts of a query's words (see `Concept`), the corrections of unknown words, and the vocabulary
    read for them (its `total` counts the entries): two queries, or three with the total."""
    groups = _synonym_groups()
    vocabulary = Vocabulary()
    vocabulary.load(_probes_for(words, groups))
    concepts, corrections = _concepts(words, groups, vocabulary)
    return concepts, corrections, vocabulary


def _synonym_groups():
    """Each synonym group as a set of stems."""
    return [
        {stem(word) for text in synonym.word_list for word in words_of(text)}
        for synonym in SearchSynonym.objects.only("words")
    ]


def _concepts(words, groups, vocabulary):
    known = vocabulary.known

    # A compound the portal does not know, made of words it does, counts as those words ("vakmensentekort").
    typed = []  # (word, the compound it came from or None)
    for word in words:
        parts = [] if known(stem(word)) else split_compound(word, vocabulary)
        typed += [(part, word) for part in parts] or [(word, None)]
    concepts, corrections = [], {}
    for index, (word, compound) in enumerate(typed):
        concept = Concept(word)
        concept.add(stem(word), 1.0)
        if compound:
            concept.add(stem(compound), 1.0)
        if index:
            concept.add(stem(typed[index - 1][0] + word), 1.0)  # "kennis voucher" -> "kennisvoucher"
        if index + 1 < len(typed):
            concept.add(stem(word + typed[index + 1][0]), 1.0)
        _add_synonyms(concept, groups, SYNONYM_WEIGHT)
        if not any(known(term) for term in concept.alternatives):
            correction = nearest(word, vocabulary)
            if correction:
                corrections[word] = correction
                concept.add(stem(correction), CORRECTION_WEIGHT)
                _add_synonyms(concept, groups, SYNONYM_WEIGHT * CORRECTION_WEIGHT)
        concepts.append(concept)
    return concepts, corrections


def split_compound(word, vocabulary):
    """A long word the firm typed as a known head and a known word: "haalbaarheidsstudie" ->
    ["haalbaarheid", "studie"]. A head is known when another word of the portal starts with it."""
    if len(word) < 9:
        return []
    for start in range(len(word) - MIN_HEAD, MIN_PREFIX - 1, -1):
        head, tail = word[:start], word[start:]
        if not vocabulary.has(tail):
            continue
        if any(other != word for other in vocabulary.starting_with(head)):
            return [head[:-1] if head.endswith("s") else head, tail]  # without the linking s
    return []


def _add_synonyms(concept, groups, weight):
    for group in groups:
        if group & set(concept.alternatives):
            for term in group:
                concept.add(term, weight)


def nearest(word, vocabulary):
    """The known word most like `word` (one edit for short words, two for long ones), the commonest first.

    Candidates share the first or the last letter with `word` (a typo in both is not corrected), so they are
    read through an index rather than from the whole vocabulary.
    """
    if len(word) < 4 or word.isdigit():
        return None
    limit = 1 if len(word) <= 6 else 2
    best = None
    for candidate, count in vocabulary.near(word, limit).items():
        if abs(len(candidate) - len(word)) > limit or candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -count, candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
    return best[1] if best else None


def edit_distance(a, b, limit):
    """Damerau-Levenshtein distance (adjacent swaps count once), or limit + 1 when it is larger."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- The database: vocabulary and candidates ------------------------------------------------------------


class Vocabulary:
    """The words of the index a query needs, read on demand from catalog.SearchWord through its indexes.

    A probe is (kind, text): "word" (that word), "stem" (words with that stem), "prefix" / "suffix" (words
    starting / ending with it), "near" (candidates for a typo of it). `load` reads many probes in one query;
    each probe is read at most once per search.
    """

    def __init__(self):
        self.words = {}  # word -> number of entries with it
        self.stems = set()
        self.loaded = set()

    @property
    def total(self):
        """The number of entries (the empty word counts them)."""
        self.load([("word", "")])
        return self.words.get("", 0)

    def load(self, probes):
        new = {probe for probe in probes if not self._covered(probe)}
        if not new:
            return
        condition = Q(pk__in=[])
        exact = {text for kind, text in new if kind == "word"}
        stems = {text for kind, text in new if kind == "stem"}
        if exact:
            condition |= Q(word__in=sorted(exact))
        if stems:
            condition |= Q(stem__in=sorted(stems))
        for kind, text in sorted(new):
            if kind == "prefix":
                condition |= _starts("word", text)
            elif kind == "suffix":
                condition |= _starts("backward", text[::-1])
            elif kind == "near":
                limit = 1 if len(text) <= 6 else 2
                lengths = Q(length__gte=len(text) - limit, length__lte=len(text) + limit)
                condition |= (_starts("word", text[0]) | _starts("backward", text[-1])) & lengths
        for word, word_stem, entries in SearchWord.objects.filter(condition).values_list(
            "word", "stem", "entries"
        ):
            self.words[word] = entries
            self.stems.add(word_stem)
        self.loaded |= new

    def _covered(self, probe):
        """Whether the words a probe asks for are loaded already: the same probe, or a shorter prefix or
        suffix (which read every word the longer one would)."""
        kind, text = probe
        if probe in self.loaded:
            return True
        if kind == "prefix":
            return any(("prefix", text[:end]) in self.loaded for end in range(1, len(text)))
        if kind == "suffix":
            return any(("suffix", text[start:]) in self.loaded for start in range(1, len(text)))
        return False

    def has(self, word):
        self.load([("word", word)])
        return word in self.words

    def starting_with(self, head):
        self.load([("prefix", head)])
        return [word for word in self.words if word.startswith(head)]

    def known(self, term):
        """Whether some word of the portal has this stem or, for a long term, starts or ends with it."""
        if len(term) < MIN_PREFIX:
            self.load([("stem", term)])
            return term in self.stems
        self.load([("stem", term), ("prefix", term), ("suffix", term)])
        return term in self.stems or any(
            word.startswith(term) or (len(word) > len(term) and word.endswith(term)) for word in self.words
        )

    def near(self, word, limit):
        self.load([("near", word)])
        return {
            candidate: count
            for candidate, count in self.words.items()
            if candidate
            and (candidate[0] == word[0] or candidate[-1] == word[-1])
            and abs(len(candidate) - len(word)) <= limit
        }


def _starts(column, text):
    """Rows whose column starts with text, through the index: LIKE on PostgreSQL (varchar_pattern_ops), a
    range on SQLite (its LIKE ignores case and so skips the index; strings compare by their bytes)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{column}__startswith": text})
    return Q(**{f"{column}__gte": text, f"{column}__lt": text + "\U0010ffff"})


def _probes_for(words, groups):
    """What the concepts of these words will ask of the vocabulary, to read it in one query."""
    probes = {("word", "")}
    terms = set()
    for index, word in enumerate(words):
        terms |= {stem(word)}
        if index + 1 < len(words):
            terms |= {stem(word + words[index + 1])}
        if len(word) >= 4 and not word.isdigit():
            probes.add(("near", word))
        if len(word) >= 9:  # split_compound: its tails and heads
            probes |= {("word", word[start:]) for start in range(MIN_PREFIX, len(word) - MIN_HEAD + 1)}
            probes.add(("prefix", word[:MIN_PREFIX]))
    for group in groups:
        if group & terms:
            terms |= group
    for term in terms:
        probes.add(("stem", term))
        if len(term) >= MIN_PREFIX:
            probes |= {("prefix", term), ("suffix", term)}
    return probes


_ROW_FIELDS = (
    "kind",
    "record_id",
    "slug",
    "title",
    "text",
    "title_terms",
    "facet_terms",
    "body_terms",
    "parts",
    "areas",
    "wide",
)


# PostgreSQL: the stored tsvector columns of migration 0017 (GIN); SQLite: the FTS5 table of migration 0013.
_VECTORS = {"title": "e.title_document", "all": "e.document"}
_FTS_ALL = "title_terms facet_terms body_terms parts"


def candidates(concepts, *, kind=None, among=None, limit=None):
    """At most `limit` (by default MAX_CANDIDATES) entries with one of the concepts' terms, those with it in
    the name or title first, and whether more entries match; only entries of `kind` whose record is in `among`
    (a queryset of primary keys of that kind's records) when given.

    No COUNT of all matches: on PostgreSQL it reads every matching row (1.2 s for a common word at 20,000
    instruments), and even one stopped at a limit can make the planner scan the table."""
    at_most = MAX_CANDIDATES if limit is None else limit
    limit = at_most + 1
    exact = sorted({term for concept in concepts for term in concept.alternatives})
    if not exact:
        return [], False
    prefixes = [term for term in exact if len(term) >= MIN_PREFIX]
    columns = ", ".join(f"e.{name}" for name in _ROW_FIELDS)
    if connection.vendor == "postgresql":
        query = " | ".join([f"'{term}'" for term in exact] + [f"'{term}':*" for term in prefixes])
        table = "catalog_searchentry e"
        title = f"{_VECTORS['title']} @@ to_tsquery('simple', %s)"
        other_only = f"{_VECTORS['all']} @@ to_tsquery('simple', %s) AND NOT ({title})"
        parameters = [query], [query, query]
    else:
        query = " OR ".join([f'"{term}"' for term in exact] + [f'"{term}"*' for term in prefixes])
        table = "catalog_searchentry e JOIN catalog_searchentry_fts f ON f.rowid = e.id"
        title = other_only = "catalog_searchentry_fts MATCH %s"
        in_title = f"{{title_terms}} : ({query})"
        in_any = f"{{{_FTS_ALL}}} : ({query})"
        parameters = [in_title], [f"{in_any} NOT {in_title}"]
    if kind is not None:
        within, within_parameters = "e.kind = %s", [kind]
        if among is not None:
            subquery, subquery_parameters = among.query.sql_with_params()
            within += f" AND e.record_id IN ({subquery})"
            within_parameters += list(subquery_parameters)
        title, other_only = f"{title} AND {within}", f"{other_only} AND {within}"
        parameters = [*parameters[0], *within_parameters], [*parameters[1], *within_parameters]
    with connection.cursor() as cursor:
        # Those matching in the name or title, then the others (read only when needed): a bounded set.
        cursor.execute(
            f"SELECT * FROM (SELECT {columns} FROM {table} WHERE {title} LIMIT %s) AS t"  # noqa: S608
            f" UNION ALL SELECT * FROM (SELECT {columns} FROM {table} WHERE {other_only} LIMIT %s) AS o"
            " LIMIT %s",
            [*parameters[0], limit, *parameters[1], limit, limit],
        )
        rows = cursor.fetchall()
    more = len(rows) > at_most
    return [dict(zip(_ROW_FIELDS, row, strict=True)) for row in rows[:at_most]], more


# --- Ranking: one function for both databases ------------------------------------------------------------


class _Field:
    """The tokens of one field of a row (stems joined by single spaces, catalog.search_index), as one string
    with every token between two spaces of its own, so that counting " term " counts whole tokens and
    " term" finds a prefix (no per-row token lists)."""

    def __init__(self, text):
        self.text = "  " + text.replace(" ", "  ") + "  "

    def score(self, term):
        """1 (more when repeated) if the field has `term`, PREFIX_FACTOR if a token starts with it, else 0."""
        count = self.text.count(f" {term} ")
        if count:
            return 1 + 0.1 * min(count - 1, 5)
        if len(term) >= MIN_PREFIX and f" {term}" in self.text:
            return PREFIX_FACTOR
        return 0.0


def _matches(term, fields, parts):
    """How well `term` matches a row ((title, facets, body) _Fields; the parts, space-padded): the best field
    weight, or 0; and whether it matches in the title."""
    title, facets, body = fields
    in_title = title.score(term)
    best = max(in_title * TITLE_WEIGHT, facets.score(term) * FACET_WEIGHT, body.score(term) * BODY_WEIGHT)
    if best < PART_WEIGHT and len(term) >= MIN_PREFIX and f" {term} " in parts:
        best = PART_WEIGHT
    return best, in_title > 0


def matches_of(row, terms):
    """{term: (score, whether in the title)} for a candidate row: the weight of the best field, or 0."""
    fields = (_Field(row["title_terms"]), _Field(row["facet_terms"]), _Field(row["body_terms"]))
    parts = f" {row['parts']} "
    return {term: _matches(term, fields, parts) for term in terms}


def rank(rows, concepts, *, total, province):
    """Score, filter and order candidate rows; returns SearchResults, best first.

    A concept scores its best alternative: alternative weight x field weight x idf of that alternative (how
    rare it is among all records; every record that has it is a candidate, so the candidates give its count).
    """
    terms = sorted({term for concept in concepts for term in concept.alternatives})
    matched = []  # per row: {term: field score}, and {term: in the title}
    for row in rows:
        both = matches_of(row, terms)
        scores = {term: score for term, (score, _title) in both.items()}
        in_title = {term: title for term, (_score, title) in both.items()}
        matched.append((row, scores, in_title))
    having = Counter(term for _row, scores, _t in matched for term, score in scores.items() if score)
    idf = {term: math.log(1 + max(total, count) / count) for term, count in having.items()}
    intent = any(stem(concept.word) in INSTRUMENT_WORDS for concept in concepts)
    query_stems = {stem(concept.word) for concept in concepts}

    needed = math.ceil(len(concepts) / 2)
    results = []
    for row, scores, in_title in matched:
        concept_scores = [
            max(
                (weight * scores[term] * idf.get(term, 0.0) for term, weight in c.alternatives.items()),
                default=0,
            )
            for c in concepts
        ]
        found = sum(1 for score in concept_scores if score > 0)
        if found < needed:
            continue
        score = sum(concept_scores) * (found / len(concepts)) ** 2
        if all(any(in_title[term] for term in c.alternatives) for c in concepts):
            score *= TITLE_COMPLETE
            if row["kind"] == "region":
                score *= PLACE_NAME
            if set(row["title_terms"].split()) == query_stems:
                score *= EXACT_TITLE
        if intent and row["kind"] == "instrument":
            score *= INSTRUMENT_INTENT
        elif intent and row["kind"] == "practiceexample":
            score *= OFF_INTENT
        score *= place_factor(row, province)
        results.append((score, row))
    results.sort(key=lambda item: (-item[0], fold(item[1]["title"])))
    highlighted = sorted(set(terms) | {concept.word for concept in concepts})
    return [_result(row, score, highlighted) for score, row in results]


def place_factor(row, province):
    """Records in the portal's province (or without a place) first, then national ones, then elsewhere."""
    areas = row["areas"].split()
    if not areas or province in areas:
        return IN_PROVINCE
    return WIDE if row["wide"] else ELSEWHERE


def _result(row, score, terms):
    kind = row["kind"]
    return SearchResult(
        kind=kind,
        kind_label=str(KIND_LABELS[kind]),
        title=row["title"],
        slug=row["slug"],
        rank=score,
        text=row["text"],
        terms=tuple(terms),
    )


# --- Snippets ---------------------------------------------------------------------------------------------


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _folded_with_origin(text):
    """`fold(text)` and, per folded character, the index in `text` it came from (folding may change the
    length: "ß" -> "ss"). Runs of ASCII fold as a whole; only the other characters one by one."""
    folded, origin, position = [], [], 0
    for match in _NOT_ASCII.finditer(text):
        start = match.start()
        folded.append(text[position:start].lower())
        origin.extend(range(position, start))
        piece = fold(match.group())
        folded.append(piece)
        origin.extend([start] * len(piece))
        position = start + 1
    folded.append(text[position:].lower())
    origin.extend(range(position, len(text)))
    return "".join(folded), origin


def highlight(text, terms, *, length=SNIPPET_CHARS):
    """A piece of `text` of about `length` characters around the first hit, escaped, hits in <mark>.

    A hit is a word that starts with one of `terms` of MIN_PREFIX letters or more ("subsidi" marks
    "subsidies") or is a shorter term; matching ignores case and accents; the shown text keeps them.
    """
    text = " ".join((text or "").split())
    folded, origin = _folded_with_origin(text)
    # One letter would light up half the text.
    terms = sorted({fold(term) for term in terms if term and len(term) > 1}, key=len, reverse=True)
    hits = []  # (start, end) in `text`, not overlapping
    if terms:
        heads = [re.escape(term) + r"[^\W_]*" for term in terms if len(term) >= MIN_PREFIX]
        words = [re.escape(term) + r"(?![^\W_])" for term in terms if len(term) < MIN_PREFIX]
        pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(heads + words) + ")")
        for match in pattern.finditer(folded):
            hits.append((origin[match.start()], origin[match.end() - 1] + 1))
    start = 0
    if hits and hits[0][0] > length // 3:
        start = text.rfind(" ", 0, hits[0][0] - length // 3) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    parts = ["… "] if start > 0 else []
    position = start
    for hit_start, hit_end in hits:
        if hit_start < position or hit_end > end:
            continue
        parts += [escape(text[position:hit_start]), "<mark>", escape(text[hit_start:hit_end]), "</mark>"]
        position = hit_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


# --- PostgreSQL: the stored search vectors of the records themselves --------------------------------------
# Search reads catalog_searchentry; migration 0004 filled these columns with the two definitions below and it
# still imports them. Nothing reads the columns any more, so saving a record no longer updates them.

SEARCH_CONFIG = "dutch_unaccent"


@dataclass(frozen=True)
class _Kind:
    model: type
    fields: dict


KINDS = (
    _Kind(Instrument, {"A": ("name",), "B": ("kind",), "C": ("description",)}),
    _Kind(Organisation, {"A": ("name",), "B": ("kind", "place"), "C": ("description",)}),
    _Kind(PracticeExample, {"A": ("title",), "B": ("summary", "place"), "C": ("what_they_did", "results")}),
)


def weighted_vector(fields_by_weight):
    """SearchVector over {"A": (field, ...), "B": ..., "C": ...} in the Dutch configuration."""
    vector = None
    for weight, fields in fields_by_weight.items():
        for name in fields:
            part = SearchVector(name, weight=weight, config=SEARCH_CONFIG)
            vector = part if vector is None else vector + part
    return vector

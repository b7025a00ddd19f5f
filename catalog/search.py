"""Site-wide search over instruments, organisations, practice examples and regions.

Two engines behind one function, chosen by the database:

PostgreSQL (production, and the second CI run), after djangoproject.com's docs search:
  a weighted ``SearchVector`` per model (name or title A, short fields B, long texts C) in the text search
  configuration ``dutch_unaccent`` (Dutch stemmer, accents removed first; migration 0002),
  ``SearchQuery(search_type="websearch")``, ``SearchRank`` and ``SearchHeadline`` snippets.
  The Dutch stemmer does not split compounds and knows no typos, so trigrams help on names and titles:
  * a name that is very like the query (trigram word similarity >= TITLE_MATCH) is a hit too, and likeness to
    the name lifts the rank: "haalbaarheid" finds "MIT-haalbaarheidsproject", "Twente" puts the region first;
  * when that still finds nothing at all, names and titles only somewhat like the query count
    (similarity >= TRIGRAM_THRESHOLD): typos such as "kenisvoucher".

SQLite (local development, the first CI run):
  case- and accent-insensitive ``contains`` over the same fields, through a small SQL function that folds both
  sides (lower case, accents off). Every word of the query must occur in some field. Two cheap normalisations
  make Dutch searches work without a stemmer:
  * a word that ends in a plural "s" or "en" also matches without it ("vouchers" finds "voucher"),
  * a query of several words also matches with the spaces removed ("Kennis Voucher" finds "kennisvoucher").
  Ranking: for every word, 1.0 when it is in the name or title, 0.4 in a short field, 0.2 in a long text.
  Typos find nothing here.

Both engines issue one query per model (four), PostgreSQL four more when it falls back to trigrams: the
number of queries never depends on the data. Snippets are built as escaped HTML in which only ``<mark>`` is
markup.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest, Left
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Instrument, Organisation, PracticeExample, Region

SEARCH_CONFIG = "dutch_unaccent"
MAX_QUERY_LENGTH = 200
# The lowest trigram similarity that still counts as a hit when full-text search found nothing.
TRIGRAM_THRESHOLD = 0.4
# Weight of the trigram word similarity between the query and the name or title, added to the full-text rank.
TITLE_BOOST = 0.5
# A name or title this much like the query (trigram word similarity) is a hit even without a full-text match.
TITLE_MATCH = 0.6
SNIPPET_CHARS = 240
# Markers that PostgreSQL puts around a hit in a headline; private-use characters, removed from every query.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_SQLITE_FOLD = "routekaart_fold"


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "instrument", "organisation", "practiceexample" or "region"
    kind_label: str
    title: str
    slug: str
    url: str
    snippet: SafeString  # escaped text; only <mark> is markup
    rank: float


@dataclass(frozen=True)
class _Kind:
    kind: str
    label: str
    model: type
    title: str
    weight_b: tuple[str, ...]
    weight_c: tuple[str, ...]
    url_name: str

    @property
    def fields(self):
        return {"A": (self.title,), "B": self.weight_b, "C": self.weight_c}


KINDS = (
    _Kind(
        "instrument",
        _("Regeling"),
        Instrument,
        "name",
        ("kind",),
        ("description",),
        "catalog:instrument_detail",
    ),
    _Kind(
        "organisation",
        _("Organisatie"),
        Organisation,
        "name",
        ("kind", "place"),
        ("description",),
        "catalog:organisation_detail",
    ),
    _Kind(
        "practiceexample",
        _("Praktijkvoorbeeld"),
        PracticeExample,
        "title",
        ("summary", "place"),
        ("what_they_did", "results"),
        "catalog:practiceexample_detail",
    ),
    _Kind("region", _("Regio"), Region, "name", (), (), "ecosystems:region_detail"),
)


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


def fold(text):
    """Lower case without accents: "Coöperatie" -> "cooperatie". Used on both sides of every SQLite match."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def query_words(query):
    """Folded words of a query without one-letter words; "R&D" (nothing but short words) stays one word."""
    folded = fold(query)
    words = [word for word in re.split(r"[\W_]+", folded) if len(word) > 1]
    if not words and re.search(r"[^\W_]", folded):
        words = [folded.strip()]
    return words


def word_variants(word):
    """The word and, when it looks like a Dutch plural, the word without its "s" or "en"."""
    variants = [word]
    if len(word) > 5 and word.endswith("en"):
        variants.append(word[:-2])
    if len(word) > 4 and word.endswith("s"):
        variants.append(word[:-1])
    return variants


def search(*, query, limit=50):
    """Published records matching `query`, best first, at most `limit`. Empty for an empty query."""
    query, _trimmed = clean_query(query)
    if not query or not query_words(query):
        return []
    if connection.vendor == "postgresql":
        results = _fulltext(query, limit=limit) or _trigram(query, limit=limit)
    else:
        results = _contains(query, limit=limit)
    return sorted(results, key=lambda result: (-result.rank, fold(result.title)))[:limit]


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def weighted_vector(fields_by_weight):
    """SearchVector over {"A": (field, ...), "B": ..., "C": ...} in the Dutch configuration."""
    vector = None
    for weight, fields in fields_by_weight.items():
        for field in fields:
            part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
            vector = part if vector is None else vector + part
    return vector


def _vector(spec):
    return weighted_vector(spec.fields)


def _stored(spec):
    return any(field.name == "search_vector" for field in spec.model._meta.get_fields())


def update_search_vectors(model, *, pks=None):
    """Store the weighted search vector of `model` rows (all, or `pks`), so that search reads an indexed
    column instead of parsing every text on every query. PostgreSQL only; a no-op elsewhere."""
    if connection.vendor != "postgresql":
        return
    spec = next(spec for spec in KINDS if spec.model is model)
    rows = model.objects.all() if pks is None else model.objects.filter(pk__in=pks)
    rows.update(search_vector=_vector(spec))


def _search_query(query):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    words = query_words(query)
    if len(words) > 1 and re.fullmatch(r"[\w\s-]+", query):
        # The stemmer does not join compounds: "kennis voucher" also looks for "kennisvoucher".
        search_query |= SearchQuery("".join(words), search_type="plain", config=SEARCH_CONFIG)
    return search_query


def _snippet_source(spec):
    texts = spec.weight_c if spec.kind != "practiceexample" else ("summary", *spec.weight_c)
    if not texts:
        return None
    if len(texts) == 1:
        return F(texts[0])
    parts = []
    for text in texts:
        parts += [F(text), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _long_words(query):
    """The folded words of four letters or more: short ones (mostly "de", "het") say nothing as trigrams."""
    return " ".join(word for word in query_words(query) if len(word) >= 4)


def _fulltext(query, *, limit):
    search_query = _search_query(query)
    folded, long_words = fold(query), _long_words(query)
    results = []
    for spec in KINDS:
        vector = F("search_vector") if _stored(spec) else _vector(spec)
        title = _unaccent(spec.title)
        # Likeness of the name to the query: lifts exact names, and finds a part of a compound
        # ("haalbaarheid" in "MIT-haalbaarheidsproject") that the stemmer cannot see.
        in_title = TrigramWordSimilarity(Value(long_words or folded), title)
        like_title = (in_title + TrigramSimilarity(title, folded)) / 2
        matches = Q(document=search_query)
        if long_words:
            matches |= Q(in_title__gte=TITLE_MATCH)
        queryset = (
            spec.model.objects.published()
            .annotate(document=vector, in_title=in_title)
            .filter(matches)
            .annotate(rank=SearchRank(vector, search_query) + TITLE_BOOST * like_title)
        )
        source = _snippet_source(spec)
        fields = ["slug", spec.title, "rank"]
        if source is not None:
            queryset = queryset.annotate(
                headline=SearchHeadline(
                    source,
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=_MARK_START,
                    stop_sel=_MARK_STOP,
                    max_words=30,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            fields.append("headline")
        if spec.kind == "region":
            fields.append("scope")
        for row in queryset.order_by("-rank", spec.title).values(*fields)[:limit]:
            snippet = _headline_html(row["headline"]) if "headline" in row else _region_snippet(row)
            results.append(_result(spec, row, rank=row["rank"], snippet=snippet))
    return results


def _unaccent(field):
    return Func(F(field), function="unaccent", output_field=TextField())


def _trigram(query, *, limit):
    folded = _long_words(query)
    if not folded:
        return []
    results = []
    for spec in KINDS:
        title = _unaccent(spec.title)
        similarity = Greatest(TrigramWordSimilarity(Value(folded), title), TrigramSimilarity(title, folded))
        fields = ["slug", spec.title, "similarity"]
        queryset = spec.model.objects.published().annotate(similarity=similarity)
        source = _snippet_source(spec)
        if source is not None:
            queryset = queryset.annotate(text=Left(source, SNIPPET_CHARS * 2))
            fields.append("text")
        if spec.kind == "region":
            fields.append("scope")
        queryset = queryset.filter(similarity__gte=TRIGRAM_THRESHOLD).order_by("-similarity", spec.title)
        for row in queryset.values(*fields)[:limit]:
            snippet = highlight(row["text"], []) if "text" in row else _region_snippet(row)
            results.append(_result(spec, row, rank=row["similarity"], snippet=snippet))
    return results


def _headline_html(headline):
    """Escape a PostgreSQL headline, turning its hit markers (and nothing else) into <mark>."""
    parts, inside = [], False
    for piece in re.split(f"({_MARK_START}|{_MARK_STOP})", headline or ""):
        if piece == _MARK_START:
            if not inside:
                parts.append("<mark>")
                inside = True
        elif piece == _MARK_STOP:
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(escape(piece))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


# --- SQLite and others ------------------------------------------------------------------------------------


def _folded(field):
    if connection.vendor == "sqlite":
        return Func(F(field), function=_SQLITE_FOLD, output_field=TextField())
    return Func(F(field), function="LOWER", output_field=TextField())


def _register_sqlite_fold():
    connection.ensure_connection()
    connection.connection.create_function(_SQLITE_FOLD, 1, fold, deterministic=True)


def _contains(query, *, limit):
    if connection.vendor == "sqlite":
        _register_sqlite_fold()
    words = query_words(query)
    joined = "".join(words) if len(words) > 1 else None
    results = []
    for spec in KINDS:
        folded = {
            f"_f{weight}{index}": (weight, field)
            for weight, fields in spec.fields.items()
            for index, field in enumerate(fields)
        }
        queryset = spec.model.objects.published().annotate(
            **{alias: _folded(field) for alias, (_weight, field) in folded.items()}
        )

        def found(word, weights=("A", "B", "C"), folded=folded):
            condition = Q()
            for alias, (weight, _field) in folded.items():
                if weight in weights:
                    for variant in word_variants(word):
                        condition |= Q(**{f"{alias}__contains": variant})
            return condition

        every_word = Q()
        rank = Value(0.0)
        for word in words:
            every_word &= found(word)
            rank += Case(
                *(
                    When(found(word, weights=(weight,)), then=Value(score))
                    for weight, score in (("A", 1.0), ("B", 0.4), ("C", 0.2))
                    if spec.fields[weight]
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
        matches = every_word
        if joined:
            matches |= found(joined)
            rank += Case(When(found(joined, weights=("A",)), then=Value(1.0)), default=Value(0.0))
        # The exact name first: "Twente" the region before everything in Twente.
        rank += Case(When(_fA0=fold(query), then=Value(1.0)), default=Value(0.0))
        queryset = queryset.annotate(rank=rank / len(words)).filter(matches)
        source = _snippet_source(spec)
        fields = ["slug", spec.title, "rank"]
        if source is not None:
            queryset = queryset.annotate(text=source)
            fields.append("text")
        if spec.kind == "region":
            fields.append("scope")
        terms = [variant for word in words for variant in word_variants(word)] + ([joined] if joined else [])
        for row in queryset.order_by("-rank", spec.title).values(*fields)[:limit]:
            snippet = highlight(row["text"], terms) if "text" in row else _region_snippet(row)
            results.append(_result(spec, row, rank=row["rank"], snippet=snippet))
    return results


# --- Results and snippets ---------------------------------------------------------------------------------


def highlight(text, terms, *, length=SNIPPET_CHARS):
    """A piece of `text` of about `length` characters around the first hit, escaped, hits in <mark>.

    Matching ignores case and accents; the shown text keeps them.
    """
    text = " ".join((text or "").split())
    folded, origin = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            origin.append(index)
    folded = "".join(folded)
    # One letter would light up half the text.
    terms = sorted({fold(term) for term in terms if term and len(term) > 1}, key=len, reverse=True)
    hits = []  # (start, end) in `text`, not overlapping
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in terms))
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


def _region_snippet(row):
    return escape(Region(scope=row["scope"]).get_scope_display())


def detail_url(url_name, slug):
    return reverse(url_name, kwargs={"slug": slug})


def _result(spec, row, *, rank, snippet):
    return SearchResult(
        kind=spec.kind,
        kind_label=str(spec.label),
        title=row[spec.title],
        slug=row["slug"],
        url=detail_url(spec.url_name, row["slug"]),
        snippet=snippet,
        rank=float(rank or 0.0),
    )

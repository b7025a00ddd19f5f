"""Suggestions for loket staff: the knowledge offers, learning communities and practice examples that best
fit a question handed to a loket (HandoffRequest), each with the words and labels that made it fit.

Text is matched with the site search's analyser and index (catalog.search: folding, stop words, stems,
synonyms, typo corrections, compound parts), so SQLite and PostgreSQL rank the same. Labels come from the
firm's profile: the factors it lacks, its region, its sector, its size, its type A-D.

Bounded: the question counts for its first MAX_WORDS distinct words; per kind at most TEXT_CANDIDATES
entries are read through the index and LABEL_CANDIDATES records by shared labels, so the number of queries
and the work do not grow with the catalogue. Nothing is stored and the question never leaves the admin.
"""

import math
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import (
    CommunityStatus,
    FactorSlug,
    KnowledgeOffer,
    LearningCommunity,
    PracticeExample,
    Scope,
    Theme,
    took_place,
)
from catalog.search import MIN_PREFIX, analyse, candidates, clean_query, matches_of
from catalog.search_index import STOP_WORDS, fold, stem, words_of

from . import route_rules
from .profile import is_slug

MAX_WORDS = 30  # the distinct words of a question that count
# Words a firm uses to ask rather than to say what it needs: they match half the catalogue and say nothing
# about what to send ("we zoeken graag iemand die ons kan helpen, bel mij terug"). Folded, as words_of gives.
_QUESTION_WORDS = """
    zoek zoeken zoekt graag hebben heb hebt heeft andere ander iemand vraag vragen vraagt hulp help helpen
    helpt willen wil wilt kunt jullie wij bedrijf bedrijven weten goed gaan doen mogelijk misschien bel
    bellen terug afspraak contact mail mailen hallo beste groet groeten dank alvast
"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())
TEXT_CANDIDATES = 100  # per kind, entries read through the search index
LABEL_CANDIDATES = 50  # per kind, records read by the labels they share with the firm

# Points per label; a matched word counts as in search (field weight x rarity), usually more.
FACTOR = 2.0  # per innovatiefactor the firm lacks that the record helps with
SECTOR = 2.0  # the firm's sector is one of the record's themes
TYPE = 1.0  # a practice example by firms of the same type A-D
SMALL_FIRM = 0.5  # for a small firm: an mbo offer, and a short, concrete one (route_rules)
REGION = {"same": 1.0, "regional": 0.75, "province": 0.5, "wide": 0.25}


class Suggestion(NamedTuple):
    record: object
    score: float
    reasons: tuple  # Dutch sentences for the advisor; the first names the question's words, when any


@dataclass(frozen=True)
class Group:
    key: str  # the search index's kind
    title: str
    suggestions: list
    by_words: bool  # whether a suggestion matched words of the question (else only labels)


@dataclass(frozen=True)
class Matches:
    groups: list  # Groups: kennisaanbod, learning communities, practice examples
    words: tuple  # the question's words that matched a suggestion, as typed

    def __getitem__(self, key):
        return next(group.suggestions for group in self.groups if group.key == key)


@dataclass(frozen=True)
class _Firm:
    region: object
    lineage: dict  # region pk -> Region: the firm's region and every region above it
    entrepreneur_type: str
    factors: tuple
    sector: object
    small: bool


def suggestions(handoff, *, per_kind=5):
    """The best `per_kind` knowledge offers, learning communities and practice examples for `handoff`."""
    firm = _firm(handoff)
    typed = _typed_words(handoff.question)
    concepts, vocabulary = [], None
    if typed:
        concepts, _corrections, vocabulary = analyse(list(typed)[:MAX_WORDS])
    groups, words = [], set()
    for kind in KINDS:
        found = _suggest(kind, firm, concepts, vocabulary, typed, per_kind)
        matched = {word for _s, matched in found for word in matched}
        groups.append(
            Group(kind.key, str(kind.title), [suggestion for suggestion, _w in found], bool(matched))
        )
        words |= matched
    return Matches(groups, tuple(sorted(words, key=str.casefold)))


# --- The firm -----------------------------------------------------------------------------------------------


def _firm(handoff):
    profile = QueryDict(handoff.profile)
    sector_slug = profile.get("sector", "")
    sector = Theme.objects.filter(slug=sector_slug).first() if sector_slug and is_slug(sector_slug) else None
    factors = tuple(f for f in FactorSlug.values if f in {p.strip() for p in handoff.factors.split(",")})
    return _Firm(
        region=handoff.region,
        lineage={region.pk: region for region in handoff.region.lineage.all()},
        entrepreneur_type=handoff.entrepreneur_type,
        factors=factors,
        sector=sector,
        small=profile.get("grootte", "") in route_rules.SMALL_FIRMS,
    )


def _typed_words(question):
    """The question's meaningful folded words, first MAX_WORDS distinct ones, each with its form as typed."""
    text, _trimmed = clean_query(question, max_length=len(question or ""))
    typed = {}
    for token in re.split(r"[^\w&]+|_", text):
        for word in words_of(token):
            if word not in STOP_WORDS and word not in QUESTION_WORDS and len(typed) < MAX_WORDS:
                typed.setdefault(word, token)
    return typed


def _as_typed(word, typed):
    """How the entrepreneur typed `word` (or the compound it is part of)."""
    if word in typed:
        return typed[word]
    return next((token for folded, token in typed.items() if word in folded), word)


# --- Per kind -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    key: str
    title: str
    model: type
    name_field: str
    related: tuple
    prefetch: tuple

    def eligible(self, firm):
        records = self.model.objects.published()
        if self.model is PracticeExample:
            return records
        records = records.serving(firm.region)
        if self.model is LearningCommunity:
            records = records.exclude(status=CommunityStatus.AFGELOPEN)
        return records


KINDS = (
    _Kind(
        "knowledgeoffer",
        gettext_lazy("Kennisaanbod"),
        KnowledgeOffer,
        "name",
        ("provider",),
        ("factors", "themes", "regions"),
    ),
    _Kind(
        "learningcommunity",
        gettext_lazy("Leergemeenschappen"),
        LearningCommunity,
        "name",
        ("contact",),
        ("factors", "themes", "regions"),
    ),
    _Kind(
        "practiceexample",
        gettext_lazy("Praktijkvoorbeelden"),
        PracticeExample,
        "title",
        ("region",),
        ("factors", "themes", "entrepreneur_types", "region__lineage", "other_regions__lineage"),
    ),
)


def _suggest(kind, firm, concepts, vocabulary, typed, per_kind):
    """[(Suggestion, the typed words it matched)], best first."""
    eligible = kind.eligible(firm)
    text = _text_scores(kind, eligible, concepts, vocabulary, typed)
    pks = set(text) | set(_by_labels(kind, eligible, firm))
    records = (
        kind.model.objects.filter(pk__in=pks).select_related(*kind.related).prefetch_related(*kind.prefetch)
    )
    scored = []
    for record in records:
        score, words = text.get(record.pk, (0.0, ()))
        label_score, labels, strong = _labels(kind, record, firm)
        if not (words or strong):
            continue  # the region or the firm's size alone is no reason to suggest it
        reasons = [_("woorden uit de vraag: %(words)s") % {"words": ", ".join(words)}] if words else []
        scored.append((score + label_score, record, tuple(reasons + labels), words))
    scored.sort(key=lambda item: (-item[0], fold(getattr(item[1], kind.name_field)), item[1].pk))
    return [
        (Suggestion(record, round(score, 3), reasons), words)
        for score, record, reasons, words in scored[:per_kind]
    ]


def _text_scores(kind, eligible, concepts, vocabulary, typed):
    """{record pk: (text score, the typed words that matched)} for the entries that share a word."""
    if not concepts:
        return {}
    rows, _more = candidates(concepts, kind=kind.key, among=eligible.values("pk"), limit=TEXT_CANDIDATES)
    if not rows:
        return {}
    terms = sorted({term for concept in concepts for term in concept.alternatives})
    matched = [(row, {term: score for term, (score, _t) in matches_of(row, terms).items()}) for row in rows]
    having = {term: sum(1 for _row, scores in matched if scores[term]) for term in terms}
    idf = _idf(having, vocabulary)
    scores = {}
    for row, term_scores in matched:
        score, words = 0.0, []
        for concept in concepts:
            best = max(
                (weight * term_scores[t] * idf.get(t, 0.0) for t, weight in concept.alternatives.items()),
                default=0.0,
            )
            if best > 0:
                score += best
                word = _as_typed(concept.word, typed)
                if word not in words:
                    words.append(word)
        if score > 0:
            scores[row["record_id"]] = (score, tuple(words))
    return scores


def _idf(having, vocabulary):
    """How rare each matched term is among all entries of the index (BM25's idf, always positive): from the
    vocabulary's counts, since the candidates are only a few kinds and at most TEXT_CANDIDATES of each. A word
    in half the catalogue counts little, a rare one much."""
    total = vocabulary.total
    idf = {}
    for term, count in having.items():
        if not count:
            continue
        entries = sum(
            n
            for word, n in vocabulary.words.items()
            if word and (stem(word) == term or (len(term) >= MIN_PREFIX and word.startswith(term)))
        )
        entries = min(max(entries, count), max(total, count))
        idf[term] = math.log(1 + (max(total, count) - entries + 0.5) / (entries + 0.5))
    return idf


def _by_labels(kind, eligible, firm):
    """The pks of up to LABEL_CANDIDATES eligible records that share the most labels with the firm."""
    shared = []
    if firm.factors:
        shared.append(Count("factors", filter=Q(factors__slug__in=firm.factors), distinct=True))
    if firm.sector:
        shared.append(Count("themes", filter=Q(themes=firm.sector), distinct=True))
    if kind.model is PracticeExample:
        shared.append(
            Count(
                "entrepreneur_types",
                filter=Q(entrepreneur_types__code=firm.entrepreneur_type),
                distinct=True,
            )
        )
    if not shared:
        return []
    if kind.model is PracticeExample:
        near = ExpressionWrapper(took_place("in", [firm.region]), output_field=BooleanField())
    else:
        near = Value(True)
    return list(
        eligible.annotate(shared=sum(shared[1:], shared[0]), near=near)
        .filter(shared__gt=0)
        .order_by("-shared", "-near", kind.name_field, "pk")
        .values_list("pk", flat=True)[:LABEL_CANDIDATES]
    )


def _labels(kind, record, firm):
    """(points, reasons, whether a label other than place or size matched) for one record."""
    points, reasons, strong = 0.0, [], False
    factors = [factor for factor in record.factors.all() if factor.slug in firm.factors]
    if factors:
        points += FACTOR * len(factors)
        names = ", ".join(
            str(FactorSlug(f.slug).label).lower() for f in sorted(factors, key=lambda f: f.order)
        )
        reasons.append(_("helpt bij %(factors)s, wat het bedrijf mist") % {"factors": names})
        strong = True
    if firm.sector and any(theme.pk == firm.sector.pk for theme in record.themes.all()):
        points += SECTOR
        reasons.append(_("sector %(sector)s") % {"sector": firm.sector.name})
        strong = True
    if kind.model is PracticeExample:
        if any(t.code == firm.entrepreneur_type for t in record.entrepreneur_types.all()):
            points += TYPE
            reasons.append(_("bedrijven van type %(type)s") % {"type": firm.entrepreneur_type})
            strong = True
        place_points, place = _place(record, firm)
    else:
        place_points, place = _area(record, firm)
    points += place_points
    reasons += [place] if place else []
    if firm.small and kind.model is KnowledgeOffer:
        if record.level == route_rules.SMALL_FIRM_OFFER_LEVEL:
            points += SMALL_FIRM
            reasons.append(_("mbo: past bij een klein bedrijf"))
        if record.form in route_rules.SHORT_CONCRETE_FORMS or record.duration == route_rules.SHORT_DURATION:
            points += SMALL_FIRM
            reasons.append(_("kort en concreet: past bij een klein bedrijf"))
    return points, reasons, strong


def _area(record, firm):
    """A knowledge offer's or community's werkgebied that serves the firm: its narrowest region that is the
    firm's region or contains it."""
    serving = [region for region in record.regions.all() if region.pk in firm.lineage]
    if not serving:
        return 0.0, None
    area = max(serving, key=lambda region: Scope.rank(region.scope))
    if area.pk == firm.region.pk:
        return REGION["same"], _("werkgebied %(region)s") % {"region": area.name}
    level = _level(area)
    reason = _("werkgebied %(area)s, waar %(region)s in ligt") % {
        "area": area.name,
        "region": firm.region.name,
    }
    return REGION[level], reason


def _place(example, firm):
    """Where a practice example took place, against the firm's region: in it (or inside it), or in an area
    that contains it."""
    places = [example.region, *example.other_regions.all()]
    inside = [place for place in places if any(r.pk == firm.region.pk for r in place.lineage.all())]
    if inside:
        return REGION["same"], _("vond plaats in %(place)s") % {"place": inside[0].name}
    around = [place for place in places if place.pk in firm.lineage]
    if around:
        area = max(around, key=lambda region: Scope.rank(region.scope))
        return REGION[_level(area)] / 2, _("vond plaats in %(place)s") % {"place": area.name}
    return 0.0, None


def _level(area):
    if area.scope in (Scope.REGIO, Scope.GEMEENTE):
        return "regional"
    return "province" if area.scope == Scope.PROVINCIE else "wide"

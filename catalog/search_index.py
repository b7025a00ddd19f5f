"""The search index: every published record as analysed Dutch words, in catalog_searchentry.

One analyser for both databases, so SQLite and PostgreSQL find and rank the same:
  * words are folded (lower case, accents off) and split on everything that is not a letter or digit;
  * Dutch stop words ("de", "voor", "met", ...) are left out;
  * a light Dutch stemmer takes off plural and inflection endings ("opleidingen" -> "opleiding",
    "hogescholen" -> "hogeschool", "subsidies" and "subsidie" -> "subsidi");
  * the tails of long compounds are indexed as parts ("kennisvoucher" -> "voucher"); heads are found by
    prefix ("innovatie" finds "innovatiekrediet").

The entry of a record is written when the record is saved (catalog/signals.py) and all entries are rebuilt by
the loader (`rebuild_index`). The vocabulary (catalog.SearchWord: each word with the number of entries that
have it) is kept with them, so search never reads the whole index for it.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from django.db.models import F, Prefetch
from django.utils.translation import get_language

from common import pagecache

from .models import (
    Ambassador,
    Checklist,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
    SearchEntry,
    SearchWord,
)

_STOP_WORDS = """
    aan al alle als bij dan dat de deze die dit door een en er geen het hoe hun ik in is je kan kun kunnen
    maar me mee meer met mijn na naar niet nog of om onder ons onze ook op over te tegen tot u uit uw van
    veel voor waar wat we wel wie wij worden wordt ze zich zijn zo zonder zou
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Scopes broader than a province: a record for all of them is open to firms in any province.
WIDE_SCOPES = {Scope.EUROPA, Scope.LAND, Scope.LANDSDEEL}
MIN_PART = 5  # the shortest compound tail that counts as a part
MIN_HEAD = 4  # the shortest head a compound tail can follow


@lru_cache(maxsize=1)
def _combining():
    """Every combining mark (accents), for str.translate to remove after decomposition."""
    return dict.fromkeys(cp for cp in range(0x110000) if unicodedata.combining(chr(cp)))


def fold(text):
    """Lower case without accents: "Coöperatie" -> "cooperatie"."""
    if text is None:
        return None
    if text.isascii():
        return text.casefold()  # nothing to decompose: the same result, many times faster
    return unicodedata.normalize("NFKD", text).translate(_combining()).casefold()


def words_of(text):
    """The folded words of `text`, in order, stop words included; one-letter words left out.

    Letters joined by "&" are one word: "R&D" -> "rd".
    """
    folded = re.sub(r"(?<=[^\W_])&(?=[^\W_])", "", fold(text or ""))
    return [word for word in re.split(r"[\W_]+", folded) if len(word) > 1]


_UNDOUBLE = re.compile(r"([bdfgklmnprst])\1$")
_OPEN_SYLLABLE = re.compile(r"(?:^|[^aeiou])([aeou])([^aeiouy])$")


@lru_cache(maxsize=50_000)
def stem(word):
    """A light Dutch stemmer: the same stem for the forms of a word that a searcher means alike."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("heden") and len(word) > 7:
        return word[:-5] + "heid"
    if word.endswith("ingen") and len(word) > 7:
        word = word[:-2]
    elif word.endswith("en") and len(word) > 4:
        word = word[:-2]
        if _UNDOUBLE.search(word):
            word = word[:-1]
        elif _OPEN_SYLLABLE.search(word) and len(word) > 2:
            # "scholen" -> "schol" -> "school": the open syllable had one vowel for two.
            word = word[:-1] + word[-2] + word[-1]
        if word.endswith("v"):
            word = word[:-1] + "f"
        elif word.endswith("z"):
            word = word[:-1] + "s"
    elif word.endswith("s") and len(word) > 4 and not word.endswith(("ss", "is", "us", "as", "os")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 4 and not word.endswith("ee"):
        word = word[:-1]
    return word


def terms(text):
    """The stems of the words of `text` that carry meaning, in order."""
    return _terms(words_of(text))


def _terms(words):
    return [stem(word) for word in words if word not in STOP_WORDS]


def parts_of(word):
    """Stems of the tails of a long word, for compounds: "kennisvoucher" -> ..., "voucher", "oucher"."""
    if len(word) < MIN_HEAD + MIN_PART:
        return []
    return [stem(word[start:]) for start in range(MIN_HEAD, len(word) - MIN_PART + 1)]


# --- What each kind of record contributes ----------------------------------------------------------------


def _display(record, field):
    """The label of a choice field's value, like `get_FOO_display()` without its cost per call."""
    return _labels(type(record), field, get_language()).get(getattr(record, field), getattr(record, field))


@lru_cache(maxsize=64)
def _labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _join(*texts):
    return "\n".join(str(text) for text in texts if text)


def _region_names(regions):
    return " ".join(region.name for region in regions)


def _areas(regions):
    slugs = {ancestor.slug for region in regions for ancestor in region.lineage.all()}
    return " ".join(sorted(slugs)), any(region.scope in WIDE_SCOPES for region in regions)


def _instrument(record):
    regions = list(record.regions.all())
    others = [
        org for org in record.other_providers.all() if org.publication_status == PublicationStatus.PUBLISHED
    ]
    providers = " ".join(org.name for org in [record.provider, *others])
    facets = _join(_display(record, "kind"), providers, _region_names(regions))
    body = _join(record.description, record.status_note)
    return record.name, facets, body, record.description, regions


def _organisation(record):
    regions = list(record.regions.all())
    facets = _join(
        _display(record, "kind"),
        _display(record, "level") if record.level else "",
        _display(record, "collaboration_form") if record.collaboration_form else "",
        record.place,
        _region_names(regions),
    )
    return record.name, facets, record.description, record.description, regions


def _practice_example(record):
    body = _join(
        record.summary,
        record.what_they_did,
        record.results,
        record.active_ingredients,
        record.lessons,
        record.partners_note,
    )
    text = _join(record.summary, record.what_they_did, record.results)
    places = [record.region, *record.other_regions.all()]  # where it took place
    return record.title, _join(record.place, _region_names(places)), body, text, places


def _region(record):
    scope = _display(record, "scope")
    return record.name, _join(scope, _region_names(record.parents.all())), "", scope, [record]


def _knowledge_offer(record):
    regions = list(record.regions.all())
    facets = _join(
        str(KnowledgeOffer._meta.verbose_name),  # "kennisaanbod": what it is, as a visitor may type it
        _display(record, "form"),
        _display(record, "level") if record.level else "",
        record.provider.name,
        _region_names(regions),
    )
    body = _join(record.summary, record.description, record.starts, record.how_to_start)
    return record.name, facets, body, _join(record.summary, record.description), regions


def _learning_community(record):
    regions = list(record.regions.all())
    facets = _join(
        str(LearningCommunity._meta.verbose_name),  # "leergemeenschap": what it is, as a visitor may type it
        record.theme,
        record.contact.name,
        record.meeting_place,
        _region_names(regions),
    )
    body = _join(record.summary, record.description, record.participants_note, record.how_to_join)
    return record.name, facets, body, _join(record.summary, record.description), regions


def _ambassador(record):
    regions = list(record.regions.all())
    facets = _join(
        str(Ambassador._meta.verbose_name),  # "ambassadeur": what it is, as a visitor may type it
        record.role,
        record.company,
        record.programme,
        _region_names(regions),
    )
    body = _join(record.summary, record.talks_about)
    return record.name, facets, body, record.summary, regions


def _checklist(record):
    text = _join(record.intro, *(item.text for item in record.items.all()))
    return record.title, "", text, text, []


KIND_OF_MODEL = {
    Instrument: ("instrument", _instrument),
    Organisation: ("organisation", _organisation),
    PracticeExample: ("practiceexample", _practice_example),
    Region: ("region", _region),
    Checklist: ("checklist", _checklist),
    KnowledgeOffer: ("knowledgeoffer", _knowledge_offer),
    LearningCommunity: ("learningcommunity", _learning_community),
    Ambassador: ("ambassador", _ambassador),
}


# Each kind says: (name or title, what it is and where, other texts, snippet text, regions it applies to).


def entry_for(record):
    """The unsaved SearchEntry of a record (which must be published)."""
    kind, describe = KIND_OF_MODEL[type(record)]
    title, facets, body, text, regions = describe(record)
    title_words, facet_words, body_words = words_of(title), words_of(facets), words_of(body)
    distinct = set(title_words + facet_words + body_words)
    areas, wide = _areas(regions)
    return SearchEntry(
        kind=kind,
        record_id=record.pk,
        slug=record.slug,
        title=title,
        text=text,
        title_terms=" ".join(_terms(title_words)),
        facet_terms=" ".join(_terms(facet_words)),
        body_terms=" ".join(_terms(body_words)),
        parts=" ".join(
            sorted({part for word in distinct if word not in STOP_WORDS for part in parts_of(word)})
        ),
        words=" ".join(sorted(distinct)),
        areas=areas,
        wide=wide,
    )


def index_record(record):
    """Write (or remove, when it is not published) the entry of one record, and count its words."""
    removed = _remove_entry(record)
    added = []
    if type(record).objects.published().filter(pk=record.pk).exists():
        entry = entry_for(type(record).objects.get(pk=record.pk))
        entry.save()
        added = ["", *entry.words.split()]
    _count_words(Counter(added) - Counter(removed), Counter(removed) - Counter(added))


def unindex_record(record):
    removed = _remove_entry(record)
    _count_words(Counter(), Counter(removed))


def _remove_entry(record):
    """Delete the entry of a record; returns its words ("" for the entry itself), none when it had none."""
    kind, _describe = KIND_OF_MODEL[type(record)]
    entries = SearchEntry.objects.filter(kind=kind, record_id=record.pk)
    words = [word for text in entries.values_list("words", flat=True) for word in ["", *text.split()]]
    if words:
        entries.delete()
    return words


def word_row(word, entries):
    reversed_word = word[::-1]
    return SearchWord(word=word, backward=reversed_word, stem=stem(word), length=len(word), entries=entries)


def _count_words(added, removed):
    """Keep SearchWord in step with the entries: +1 per added word, -1 per removed one."""
    if removed:
        SearchWord.objects.filter(word__in=list(removed)).update(entries=F("entries") - 1)
        SearchWord.objects.filter(word__in=list(removed), entries__lte=0).exclude(word="").delete()
    if added:
        known = set(SearchWord.objects.filter(word__in=list(added)).values_list("word", flat=True))
        if known:
            SearchWord.objects.filter(word__in=list(known)).update(entries=F("entries") + 1)
        SearchWord.objects.bulk_create([word_row(word, 1) for word in added if word not in known])


# What `entry_for` reads of each kind's records, fetched in a few queries per batch by `rebuild_index`.
_PREFETCH = {
    Instrument: ("regions__lineage", Prefetch("other_providers", queryset=Organisation.objects.published())),
    Organisation: ("regions__lineage",),
    PracticeExample: ("region__lineage", "other_regions__lineage"),
    Region: ("parents", "lineage"),
    Checklist: ("items",),
    KnowledgeOffer: ("regions__lineage",),
    LearningCommunity: ("regions__lineage",),
    Ambassador: ("regions__lineage",),
}
_RELATED = {
    Instrument: ("provider",),
    PracticeExample: ("region",),
    KnowledgeOffer: ("provider",),
    LearningCommunity: ("contact",),
}


def rebuild_index(batch_size=2000):
    """Every published record's entry, written afresh, in batches (memory stays flat at any size)."""
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    count = 0
    vocabulary = Counter()
    for model in KIND_OF_MODEL:
        records = (
            model.objects.published()
            .select_related(*_RELATED.get(model, ()))
            .prefetch_related(*_PREFETCH[model])
            .order_by("pk")
        )
        batch = []
        for record in records.iterator(chunk_size=batch_size):
            batch.append(entry_for(record))
            vocabulary.update(batch[-1].words.split())
            if len(batch) == batch_size:
                count += len(SearchEntry.objects.bulk_create(batch))
                batch = []
        count += len(SearchEntry.objects.bulk_create(batch))
    vocabulary[""] = count
    SearchWord.objects.bulk_create(
        (word_row(word, entries) for word, entries in vocabulary.items()), batch_size=batch_size
    )
    pagecache.invalidate()  # bulk writes send no signals
    return count

"""A synthetic catalogue on top of the starting data, for the benchmark (`manage.py synthetic_catalog`).

Every synthetic record copies the shape of one real record of its kind (its template, picked at random):
its kind, labels (factors, phases, types, sizes, themes), regions and sources, so labels and geography keep
the proportions of the starting data. Names and texts are built from the real vocabulary (kind, factor and
region names, words of the real descriptions), so search meets realistic text. Regions do not grow. A share
of providers, members and performers (`real_share`) are the real organisations the template names, so the
real loketten's pages grow with the catalogue as they would in use.

Records are bulk-inserted: bulk inserts send no signals (no history, no per-record index or cache update),
so the derived data is rebuilt once at the end: the search index and the cache. Region lineage needs no
rebuild: no region is added. Synthetic records are marked by a slug starting with `syn-` and a note for
editors.

The kennisbank grows with the providers: one knowledge offer per two organisations that can offer knowledge
(schools, collaborations such as hubs and CIVs, firms) and one learning community per 50 organisations. Offers
and communities are drawn from a random generator of their own (same seed), so adding them left the other
synthetic records as they were.
"""

import random
import re
from collections import defaultdict

from django.core.cache import cache
from django.db import connection, transaction

from .models import (
    CommunityStatus,
    Instrument,
    KnowledgeForm,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    OfferAim,
    OfferDuration,
    OfferLevel,
    Organisation,
    OrganisationKind,
    PracticeExample,
    PublicationStatus,
)
from .search_index import rebuild_index

PREFIX = "syn-"
NOTE = "Synthetisch gegeven (manage.py synthetic_catalog, seed %s): geen echt aanbod."
# The relations each synthetic record copies from its template (labels, places and sources).
COPIED = {
    Instrument: ("regions", "factors", "phases", "entrepreneur_types", "firm_sizes", "themes", "sources"),
    Organisation: ("regions", "factors", "entrepreneur_types", "themes", "sources"),
    PracticeExample: ("themes", "factors", "entrepreneur_types", "sources"),
    KnowledgeOffer: ("regions", "factors", "themes", "sources"),
    LearningCommunity: ("regions", "factors", "themes", "sources"),
}
# Organisations that offer knowledge, and how many organisations per offer and per learning community.
PROVIDER_KINDS = (OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING, OrganisationKind.BEDRIJF)
ORGANISATIONS_PER_OFFER = 2
ORGANISATIONS_PER_COMMUNITY = 50
WORD = re.compile(r"[^\W\d_]{4,}")


class AlreadyGenerated(Exception):
    pass


def proportional(instruments):
    """Organisations, practice examples and memberships in the proportion of the starting data."""
    real = Instrument.objects.exclude(slug__startswith=PREFIX).count() or 1
    scale = instruments / real

    def grown(queryset):
        return round(queryset.count() * scale)

    organisations = grown(Organisation.objects.exclude(slug__startswith=PREFIX))
    return {
        "organisations": organisations,
        "examples": grown(PracticeExample.objects.exclude(slug__startswith=PREFIX)),
        "memberships": grown(Membership.objects.exclude(collaboration__slug__startswith=PREFIX)),
        **kennisbank_sizes(organisations),
    }


def kennisbank_sizes(organisations):
    """Offers and communities for `organisations` synthetic organisations (the real share of providers)."""
    real = Organisation.objects.exclude(slug__startswith=PREFIX)
    share = real.filter(kind__in=PROVIDER_KINDS).count() / (real.count() or 1)
    return {
        "offers": round(organisations * share / ORGANISATIONS_PER_OFFER),
        "communities": round(organisations / ORGANISATIONS_PER_COMMUNITY),
    }


class _Vocabulary:
    """Words and names of the starting data, to build names and texts from."""

    def __init__(self, rng, instruments, organisations, examples, extra=()):
        self.rng = rng
        texts = [record.description for record in instruments + organisations]
        texts += [f"{example.summary} {example.what_they_did}" for example in examples]
        texts += list(extra)
        self.words = [word for text in texts for word in WORD.findall(text)]  # with their frequencies
        self.name_words = [
            word
            for record in instruments + organisations
            for word in WORD.findall(record.name)
            if word[0].islower()  # common words; proper names come from regions and places
        ] or self.words

    def sentence(self, length):
        words = self.rng.choices(self.words, k=length)
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    def text(self, about, length):
        """About `length` words: one sentence naming what the record is about, then sampled sentences."""
        sentences = [about]
        count = len(about.split())
        while count < length:
            size = self.rng.randint(8, 16)
            sentences.append(self.sentence(size))
            count += size
        return " ".join(sentences)

    def name_word(self):
        return self.rng.choice(self.name_words)


def generate(
    *,
    instruments,
    organisations,
    examples,
    memberships,
    seed,
    offers=0,
    communities=0,
    real_share=0.5,
    batch_size=2000,
):
    """Insert the synthetic records and rebuild derived data; returns the counts inserted."""
    if Instrument.objects.filter(slug__startswith=PREFIX).exists():
        raise AlreadyGenerated(
            "There are synthetic records already (slugs starting with 'syn-'): start from a fresh database."
        )
    rng = random.Random(seed)
    with transaction.atomic():
        counts = _insert(rng, instruments, organisations, examples, memberships, seed, real_share, batch_size)
        counts.update(_insert_kennisbank(seed, offers, communities, real_share, batch_size))
    counts["search entries"] = rebuild_index()
    cache.clear()  # cached pages and coverage matrices count records that changed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load
    return counts


def _templates(model, *prefetch):
    return list(
        model.objects.published()
        .exclude(slug__startswith=PREFIX)
        .order_by("slug")
        .prefetch_related(*COPIED[model], *prefetch)
    )


def _insert(rng, n_instruments, n_organisations, n_examples, n_memberships, seed, real_share, batch_size):
    real_instruments = _templates(Instrument, "next_steps")
    real_organisations = _templates(Organisation)
    real_examples = _templates(PracticeExample, "organisations", "partners", "instruments")
    words = _Vocabulary(rng, real_instruments, real_organisations, real_examples)
    note = NOTE % seed
    links = defaultdict(list)  # (model, relation) -> [(record, [related ids])]
    read = {}  # template -> relation -> ids

    # Organisations: kind, level, form, place and labels of a real one.
    organisations = []
    for n in range(n_organisations):
        template = rng.choice(real_organisations)
        regions = list(template.regions.all())
        place = template.place or (regions[0].name if regions else "")
        name = f"{_label(template, 'kind')} {words.name_word()} {place}".strip()
        organisation = Organisation(
            slug=f"{PREFIX}o{n}",
            publication_status=PublicationStatus.PUBLISHED,
            internal_note=note,
            name=name,
            kind=template.kind,
            level=template.level,
            collaboration_form=template.collaboration_form,
            place=template.place,
            description=words.text(
                f"{name} werkt aan {_names(template.factors.all()) or 'innovatie'}.",
                len(template.description.split()),
            ),
        )
        organisations.append(organisation)
        _copy_labels(links, Organisation, organisation, template, read)
    Organisation.objects.bulk_create(organisations, batch_size=batch_size)

    by_kind = defaultdict(list)
    for organisation in organisations:
        by_kind[organisation.kind].append(organisation.pk)

    def organisation_like(real):
        """The real organisation itself (`real_share` of the time) or a synthetic one of its kind."""
        if rng.random() < real_share or not by_kind[real.kind]:
            return real.pk
        return rng.choice(by_kind[real.kind])

    # Instruments: kind, status, labels, regions and sources of a real one; provider like its provider.
    instruments = []
    for n in range(n_instruments):
        template = rng.choice(real_instruments)
        regions = list(template.regions.all())
        name = f"{_label(template, 'kind')} {words.name_word()} {_names(regions)}".strip()
        instrument = Instrument(
            slug=f"{PREFIX}i{n}",
            publication_status=PublicationStatus.PUBLISHED,
            internal_note=note,
            name=name[:200],
            kind=template.kind,
            provider_id=organisation_like(template.provider),
            firms_can_apply=template.firms_can_apply,
            status=template.status,
            status_note=template.status_note,
            amount_note=template.amount_note,
            description=words.text(
                f"{name} helpt bij {_names(template.factors.all()).lower()}.",
                len(template.description.split()),
            ),
        )
        instruments.append(instrument)
        _copy_labels(links, Instrument, instrument, template, read)
        links[Instrument, "next_steps"].append((instrument, len(template.next_steps.all())))
    Instrument.objects.bulk_create(instruments, batch_size=batch_size)
    instrument_ids = [instrument.pk for instrument in instruments] or [i.pk for i in real_instruments]
    links[Instrument, "next_steps"] = [
        (
            instrument,
            [pk for pk in rng.sample(instrument_ids, min(count, len(instrument_ids))) if pk != instrument.pk],
        )
        for instrument, count in links[Instrument, "next_steps"]
    ]

    # Practice examples: collection, region and labels of a real one; performers like its performers.
    examples = []
    for n in range(n_examples):
        template = rng.choice(real_examples)
        title = f"{words.name_word().capitalize()} in {template.place or template.region.name}"
        summary = words.text(f"{title}: {_names(template.factors.all()).lower()}.", 30)[:400]
        example = PracticeExample(
            slug=f"{PREFIX}p{n}",
            publication_status=PublicationStatus.PUBLISHED,
            internal_note=note,
            title=title,
            collection=template.collection,
            region_id=template.region_id,
            place=template.place,
            period=template.period,
            summary=summary,
            what_they_did=words.text(words.sentence(10), len(template.what_they_did.split())),
            results=words.text(words.sentence(8), len(template.results.split())) if template.results else "",
            lessons="\n".join(words.sentence(10) for _line in template.lesson_list),
        )
        examples.append(example)
        _copy_labels(links, PracticeExample, example, template, read)
        for relation in ("organisations", "partners"):
            related = [organisation_like(o) for o in getattr(template, relation).all()]
            links[PracticeExample, relation].append((example, sorted(set(related))))
        used = [i.pk for i in template.instruments.all()]
        links[PracticeExample, "instruments"].append(
            (example, sorted(set(rng.sample(instrument_ids, min(len(used), len(instrument_ids))))))
        )
    PracticeExample.objects.bulk_create(examples, batch_size=batch_size)

    through_rows = 0
    for (model, relation), pairs in links.items():
        through_rows += _bulk_link(model, relation, pairs, batch_size)

    membership_rows = _memberships(rng, organisations, n_memberships, organisation_like, batch_size)
    return {
        "organisations": len(organisations),
        "instruments": len(instruments),
        "practice examples": len(examples),
        "memberships": membership_rows,
        "relation rows": through_rows,
    }


def _insert_kennisbank(seed, n_offers, n_communities, real_share, batch_size):
    """Knowledge offers and learning communities like the real ones, by synthetic and real providers."""
    rng = random.Random(f"{seed}-kennisbank")
    real_offers = _templates(KnowledgeOffer, "provider")
    real_communities = _templates(LearningCommunity, "contact", "participants")
    if not real_offers or not real_communities:
        return {"knowledge offers": 0, "learning communities": 0}
    words = _Vocabulary(
        rng,
        _templates(Instrument),
        _templates(Organisation),
        [],
        extra=[f"{r.summary} {r.description}" for r in real_offers + real_communities],
    )
    note = NOTE % seed
    links = defaultdict(list)
    read = {}
    synthetic = Organisation.objects.filter(slug__startswith=PREFIX).order_by("pk")
    providers = list(synthetic.filter(kind__in=PROVIDER_KINDS).values_list("pk", "name", "kind", "level"))
    everyone = list(synthetic.values_list("pk", flat=True))

    def provider_like(real):
        """(pk, name, kind, level): the real provider (`real_share` of the time) or a synthetic one."""
        if rng.random() < real_share or not providers:
            return real.pk, real.name, real.kind, real.level
        return rng.choice(providers)

    offers = []
    for n in range(n_offers):
        template = rng.choice(real_offers)
        provider, provider_name, kind, level = provider_like(template.provider)
        form = rng.choice(KnowledgeForm.values)
        name = f"{KnowledgeForm(form).label} {words.name_word()} bij {provider_name}"
        if kind == OrganisationKind.BEDRIJF:
            level = OfferLevel.BEDRIJF
        offer = KnowledgeOffer(
            slug=f"{PREFIX}k{n}",
            publication_status=PublicationStatus.PUBLISHED,
            internal_note=note,
            name=name[:200],
            provider_id=provider,
            form=form,
            level=level or rng.choice(["", *OfferLevel.values]),
            aim=rng.choice(["", *OfferAim.values]),
            duration=rng.choice(["", *OfferDuration.values]),
            summary=words.text(f"{name}.", 25)[:400],
            description=words.text(words.sentence(10), max(len(template.description.split()), 40)),
        )
        offers.append(offer)
        _copy_labels(links, KnowledgeOffer, offer, template, read)
    KnowledgeOffer.objects.bulk_create(offers, batch_size=batch_size)

    communities = []
    for n in range(n_communities):
        template = rng.choice(real_communities)
        theme = f"{words.name_word().capitalize()} en {words.name_word()}"
        community = LearningCommunity(
            slug=f"{PREFIX}c{n}",
            publication_status=PublicationStatus.PUBLISHED,
            internal_note=note,
            name=f"Leergemeenschap {theme.lower()}"[:200],
            theme=theme[:200],
            contact_id=provider_like(template.contact)[0],
            status=rng.choice([CommunityStatus.ONBEKEND] * 3 + list(CommunityStatus.values)),
            rhythm=template.rhythm,
            summary=words.text(f"Samen leren over {theme.lower()}.", 25)[:400],
            description=words.text(words.sentence(10), max(len(template.description.split()), 40)),
        )
        communities.append(community)
        _copy_labels(links, LearningCommunity, community, template, read)
        count = len(template.participants.all())
        participants = rng.sample(everyone, min(count, len(everyone)))
        links[LearningCommunity, "participants"].append((community, sorted(set(participants))))
    LearningCommunity.objects.bulk_create(communities, batch_size=batch_size)

    for (model, relation), pairs in links.items():
        _bulk_link(model, relation, pairs, batch_size)
    return {"knowledge offers": len(offers), "learning communities": len(communities)}


def _memberships(rng, organisations, count, organisation_like, batch_size):
    """`count` memberships of synthetic collaborations, roles and members like those of real ones."""
    real = list(Membership.objects.exclude(collaboration__slug__startswith=PREFIX).select_related("member"))
    collaborations = [o for o in organisations if o.kind == Organisation.Kind.SAMENWERKING] or organisations
    if not real or not collaborations or count <= 0:
        return 0
    all_ids = [o.pk for o in organisations]
    seen, rows = set(), []
    attempts = 0
    while len(rows) < count and attempts < count * 3:
        attempts += 1
        template = rng.choice(real)
        collaboration = rng.choice(collaborations).pk
        member = organisation_like(template.member) if rng.random() < 0.5 else rng.choice(all_ids)
        if member == collaboration or (collaboration, member) in seen:
            continue
        seen.add((collaboration, member))
        rows.append(Membership(collaboration_id=collaboration, member_id=member, role=template.role))
    Membership.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _label(record, field):
    return _LABELS.setdefault((type(record), field), dict(record._meta.get_field(field).flatchoices))[
        getattr(record, field)
    ]


_LABELS = {}


def _names(records):
    return ", ".join(str(getattr(record, "name", record)) for record in records)


def _copy_labels(links, model, record, template, read):
    """Give `record` the labels of `template` (read once per template into `read`)."""
    labels = read.get(template)
    if labels is None:
        labels = read[template] = {
            relation: [related.pk for related in getattr(template, relation).all()]
            for relation in COPIED[model]
        }
    for relation, ids in labels.items():
        links[model, relation].append((record, ids))


def _bulk_link(model, relation, pairs, batch_size):
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    columns = [
        through._meta.get_field(name).column
        for name in (field.m2m_field_name(), field.m2m_reverse_field_name())
    ]
    rows = [(record.pk, related) for record, related_ids in pairs for related in related_ids]
    _insert_rows(through._meta.db_table, columns, rows, batch_size)
    return len(rows)


def _insert_rows(table, columns, rows, batch_size):
    """Plain rows into a table: COPY on PostgreSQL, batched executemany elsewhere (no model instances)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})"
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start : start + batch_size])

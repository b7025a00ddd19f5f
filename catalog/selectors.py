"""Reads that pages share: each returns plain data or a queryset with everything its template needs."""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Func, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyroaring import BitMap

from .models import (
    Ambassador,
    Checklist,
    Factor,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    Organisation,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
)
from .recordsets import first_ranked, kept, load_in_order, record_sets, record_sets_of


def list_url(name, **params):
    """The path of the list `name` (such as "catalog:instrument_list") with these filters; the path is
    reversed once, not for each of a page's few hundred links."""
    query = [(key, value) for key, values in params.items() for value in _as_values(values)]
    return f"{_list_path(name, get_script_prefix(), get_urlconf())}?{urlencode(query)}"


@lru_cache
def _list_path(name, prefix, urlconf):
    return reverse(name)


def _as_values(value):
    return value if isinstance(value, list | tuple) else [value]


def catalog_counts():
    instruments, organisations, examples = record_sets_of(Instrument, Organisation, PracticeExample)
    return {
        "instruments": len(on_offer(instruments)),
        "organisations": len(published(Organisation, organisations)),
        "practice_examples": len(published(PracticeExample, examples)),
    }


# --- Sets of records (catalog.recordsets): what many pages count and list, read once per version ------


def _sets(model, sets):
    return record_sets(model) if sets is None else sets


def on_offer(sets=None, *, today=None):
    """The instruments on offer `today` (`Instrument.objects.on_offer`) as a record set. `sets`: the
    instruments' RecordSets when the caller has them."""
    today = today or timezone.localdate()
    return _sets(Instrument, sets).named(("on_offer", today), lambda: Instrument.objects.on_offer(today))


def firms_can_apply(sets=None):
    return _sets(Instrument, sets).named("firms_can_apply", Instrument.objects.firms_can_apply)


def published(model, sets=None):
    return _sets(model, sets).named("published", model.objects.published)


def serving(model, region, sets=None):
    """The records whose werkgebied contains `region` (`serving`: the region or a region above it)."""
    return _sets(model, sets).named(("serving", region.pk), lambda: model.objects.serving(region))


def within(region, sets=None):
    """The practice examples that took place in `region` or inside it (`PracticeExample.objects.within`)."""
    return _sets(PracticeExample, sets).named(
        ("within", region.pk), lambda: PracticeExample.objects.within(region)
    )


def with_label(model, path, value, sets=None):
    """The records whose `path` (such as "factors__slug") has `value`."""
    return _sets(model, sets).by(path).get(value, BitMap())


def sections(sets, records, cards, limit):
    """For each set in `records` ({key: set of the records of `sets`}): {"items": its first `limit`, read
    from `cards`, "count": how many there are}; all items read in one query."""
    firsts = {key: sets.pks_of(found, 0, limit) for key, found in records.items()}
    loaded = {
        record.pk: record for record in load_in_order(cards, [pk for pks in firsts.values() for pk in pks])
    }
    return {
        key: {"items": [loaded[pk] for pk in pks if pk in loaded], "count": len(records[key])}
        for key, pks in firsts.items()
    }


def featured_examples(*, limit=3):
    """A few practice examples from Overijssel for the home page, by title."""
    sets = record_sets(PracticeExample)
    overijssel = with_label(PracticeExample, "collection", PracticeExample.Collection.OVERIJSSEL, sets)
    return sets.first(published(PracticeExample, sets) & overijssel, _example_cards(), limit)


def factors_with_phase():
    return Factor.objects.select_related("phase").order_by("order")


# --- Lists -----------------------------------------------------------------------------------------


def instruments_for_list():
    """Published and archived instruments; the status filter decides which of them show."""
    return (
        Instrument.objects.filter(
            publication_status__in=[PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED]
        )
        .select_related("provider")
        .prefetch_related("factors")
        .with_providers()
    )


def organisations_for_list():
    return _organisation_cards()


def practice_examples_for_list():
    return _example_cards()


def knowledge_offers_for_list():
    return _knowledge_offer_cards()


def learning_communities_for_list():
    return _community_cards()


def ambassadors_for_list():
    return ambassador_cards()


def facet_options(filterset, counts):
    """Each filter field as (name, label, [(value, label, count, selected), ...]) for the filter form: the
    chosen values of filters without a facet (`chosen_only`) first, then every facet with its counts."""
    result = []
    for name in filterset.facets:
        field = filterset.form[name]
        selected = {str(v) for v in filterset.data.getlist(name)}
        options = [
            (str(value), label, counts.get(name, {}).get(_count_key(value), 0), str(value) in selected)
            for value, label in field.field.choices
            if str(value) != ""
        ]
        result.append({"name": name, "label": field.label, "options": options, "field": field})
    chosen_first = []  # what narrows the list without a facet comes first, so a visitor sees it
    for name in filterset.chosen_only:
        field = filterset.form[name]
        chosen = getattr(filterset.form, "cleaned_data", {}).get(name)
        if chosen:
            options = [(*_chosen_option(field.field, value), None, True) for value in _as_list(chosen)]
            chosen_first.append({"name": name, "label": field.label, "options": options, "field": field})
    return chosen_first + result


def _as_list(chosen):
    return [chosen] if isinstance(chosen, str) else list(chosen)


def _chosen_option(field, value):
    """(value, label) of a chosen value: a record by its `to_field_name`, a plain choice by its label."""
    to_field = getattr(field, "to_field_name", None)
    if to_field:
        return getattr(value, to_field), str(value)
    return value, dict(field.choices)[value]


def _count_key(value):
    """Model choice values arrive as ModelChoiceIteratorValue; counts are keyed by the plain value."""
    return getattr(value, "value", value)


# --- Details ---------------------------------------------------------------------------------------


def _orgs():
    return Organisation.objects.published()


def _examples():
    return PracticeExample.objects.published()


def _instrument_cards():
    return (
        Instrument.objects.published().select_related("provider").prefetch_related("factors").with_providers()
    )


def _organisation_cards():
    return Organisation.objects.published().prefetch_related("factors")


def knowledge_offer_cards():
    return KnowledgeOffer.objects.published().select_related("provider").prefetch_related("factors")


def community_cards():
    return LearningCommunity.objects.published().prefetch_related("factors")


def ambassador_cards():
    return (
        Ambassador.objects.published()
        .select_related("organisation")
        .prefetch_related(_werkgebied(), "factors")
    )


def _example_cards():
    return (
        PracticeExample.objects.published().select_related("region").prefetch_related("factors").with_places()
    )


def _knowledge_offer_cards():
    return (
        KnowledgeOffer.objects.published()
        .select_related("provider")
        .prefetch_related(_werkgebied(), "factors")
    )


def _community_cards():
    return (
        LearningCommunity.objects.published()
        .select_related("contact")
        .prefetch_related(_werkgebied(), "factors")
    )


# Records per list on a detail page; the page says how many there are in all (a COUNT in the page's query).
DETAIL_LIMIT = 12


def _first(queryset):
    return queryset[:DETAIL_LIMIT]


def _count(queryset):
    """How many records `queryset` (filtered on OuterRef) holds, as a subquery: nothing is loaded."""
    counted = queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def instruments_for_detail(queryset=None):
    """`queryset`: the instruments to show (the preview passes drafts); by default published and archived."""
    published_instruments = Instrument.objects.published()
    if queryset is None:
        queryset = Instrument.objects.filter(
            publication_status__in=[PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED]
        )
    return (
        queryset.with_providers()
        .select_related("provider")
        .annotate(
            next_step_count=_count(published_instruments.filter(previous_steps=OuterRef("pk"))),
            previous_step_count=_count(published_instruments.filter(next_steps=OuterRef("pk"))),
            example_count=_count(_examples().filter(instruments=OuterRef("pk"))),
        )
        .prefetch_related(
            "regions",
            "factors__phase",
            "phases",
            "entrepreneur_types",
            "firm_sizes",
            "themes",
            "sources__document",
            Prefetch("next_steps", queryset=_first(_instrument_cards()), to_attr="shown_next_steps"),
            Prefetch(
                "previous_steps", queryset=_first(published_instruments), to_attr="shown_previous_steps"
            ),
            Prefetch("practice_examples", queryset=_first(_example_cards()), to_attr="shown_examples"),
        )
    )


def _members():
    return Membership.objects.filter(member__publication_status=PublicationStatus.PUBLISHED)


def organisations_for_detail(queryset=None):
    """Organisations with what their page shows. The long lists (instruments, examples, the collaborations
    an organisation takes part in) come from record sets as each organisation is loaded
    (`_with_sections`): their first DETAIL_LIMIT records and their numbers, without counting in SQL."""
    queryset = Organisation.objects.published() if queryset is None else queryset
    queryset = queryset.annotate(
        member_count=_count(_members().filter(collaboration=OuterRef("pk"))),
    ).prefetch_related(
        "regions",
        "factors",
        "entrepreneur_types",
        "themes",
        "sources__document",
        Prefetch(
            "memberships",
            queryset=_first(_members().select_related("member").order_by("role", "member__name")),
            to_attr="shown_members",
        ),
    )
    # The sections are added as the records load, so every caller (the page, the editors' preview) has them.
    queryset._iterable_class = _OrganisationsWithSections
    return queryset


class _OrganisationsWithSections(ModelIterable):
    def __iter__(self):
        for organisation in super().__iter__():
            yield _with_sections(organisation)


def _related(sets, path, pk):
    """The published records of `sets` whose `path` is the record `pk` (kept among the occasional sets)."""
    model = sets.model
    return sets.occasional(("related", path, pk), lambda: model.objects.published().filter(**{path: pk}))


def _with_sections(organisation):
    pk = organisation.pk
    instruments, examples, organisations = record_sets_of(Instrument, PracticeExample, Organisation)
    provided = _related(instruments, "provider", pk)
    co_provided = _related(instruments, "other_providers", pk)
    # what the instrument list filtered on this provider shows (`provided_by`, instruments on offer)
    offered = provided | co_provided
    organisation.offer_count = len(on_offer(instruments) & offered) if offered else 0
    performed = _related(examples, "organisations", pk)
    partner_in = _related(examples, "partners", pk)
    found = {
        **sections(
            instruments,
            {"instruments": provided, "co_provided": co_provided},
            _instrument_cards(),
            DETAIL_LIMIT,
        ),
        **sections(
            examples, {"examples": performed, "partner_examples": partner_in}, _example_cards(), DETAIL_LIMIT
        ),
    }
    for name, count in [
        ("instruments", "instrument_count"),
        ("co_provided", "co_provided_count"),
        ("examples", "example_count"),
        ("partner_examples", "partner_example_count"),
    ]:
        setattr(organisation, f"shown_{name}", found[name]["items"])
        setattr(organisation, count, found[name]["count"])
    # the collaborations it takes part in, by name, with its membership of each (one per collaboration)
    collaborations = _related(organisations, "memberships__member", pk)
    first = organisations.pks_of(collaborations, 0, DETAIL_LIMIT)
    memberships = Membership.objects.filter(member=pk, collaboration__in=first).select_related(
        "collaboration"
    )
    by_collaboration = {membership.collaboration_id: membership for membership in memberships}
    organisation.shown_participations = [by_collaboration[c] for c in first if c in by_collaboration]
    organisation.participation_count = len(collaborations)
    _with_kennisbank(organisation)
    return organisation


def _with_kennisbank(organisation):
    """The knowledge offers an organisation provides, and the learning communities it is the contact for or
    takes part in (contact first), from record sets: the first DETAIL_LIMIT of each and their number."""
    pk = organisation.pk
    offers, communities = record_sets_of(KnowledgeOffer, LearningCommunity)
    contact_for = _related(communities, "contact", pk)
    taking_part = _related(communities, "participants", pk) - contact_for
    found = {
        **sections(
            offers, {"offers": _related(offers, "provider", pk)}, knowledge_offer_cards(), DETAIL_LIMIT
        ),
        **sections(
            communities,
            {"contact_for": contact_for, "taking_part": taking_part},
            community_cards(),
            DETAIL_LIMIT,
        ),
    }
    organisation.shown_knowledge_offers = found["offers"]["items"]
    organisation.knowledge_offer_count = found["offers"]["count"]
    organisation.knowledge_offers_url = list_url("catalog:knowledgeoffer_list", aanbieder=organisation.slug)
    shown = found["contact_for"]["items"] + found["taking_part"]["items"]
    for community in found["contact_for"]["items"]:
        community.role_here = _("contactorganisatie")
    for community in found["taking_part"]["items"]:
        community.role_here = _("doet mee")
    organisation.shown_communities = shown[:DETAIL_LIMIT]
    organisation.community_count = found["contact_for"]["count"] + found["taking_part"]["count"]


def practice_examples_for_detail(queryset=None):
    queryset = PracticeExample.objects.published() if queryset is None else queryset
    return (
        queryset.with_places()
        .select_related("region")
        .annotate(
            organisation_count=_count(_orgs().filter(practice_examples=OuterRef("pk"))),
            partner_count=_count(_orgs().filter(partner_in_examples=OuterRef("pk"))),
            instrument_count=_count(Instrument.objects.published().filter(practice_examples=OuterRef("pk"))),
        )
        .prefetch_related(
            "themes",
            "factors",
            "entrepreneur_types",
            "sources__document",
            Prefetch("organisations", queryset=_first(_organisation_cards()), to_attr="shown_organisations"),
            Prefetch("partners", queryset=_first(_organisation_cards()), to_attr="shown_partners"),
            Prefetch("instruments", queryset=_first(_instrument_cards()), to_attr="shown_instruments"),
        )
    )


def knowledge_offers_for_detail(queryset=None):
    queryset = KnowledgeOffer.objects.published() if queryset is None else queryset
    return queryset.select_related("provider").prefetch_related(
        _werkgebied(), "factors", "themes", "sources__document"
    )


def learning_communities_for_detail(queryset=None):
    """Communities with what their page shows: the first DETAIL_LIMIT published participants, and how many."""
    queryset = LearningCommunity.objects.published() if queryset is None else queryset
    return (
        queryset.select_related("contact")
        .annotate(participant_count=_count(_orgs().filter(learning_communities=OuterRef("pk"))))
        .prefetch_related(
            _werkgebied(),
            "factors",
            "themes",
            "sources__document",
            Prefetch("participants", queryset=_first(_orgs()), to_attr="shown_participants"),
        )
    )


def ambassadors_for_detail(queryset=None):
    queryset = Ambassador.objects.published() if queryset is None else queryset
    return queryset.select_related("organisation", "programme_example").prefetch_related(
        _werkgebied(), "factors", "themes", "sources__document"
    )


def firm_regions():
    """The regions a firm can say it is in: the regions and municipalities of the portal's province."""
    return Region.objects.published().filter(
        lineage__slug=settings.PORTAL_PROVINCE, scope__in=[Scope.REGIO, Scope.GEMEENTE]
    )


def firm_region_groups():
    """`firm_regions` as (label, regions) groups for a select: the regions, then the municipalities."""
    regions = list(firm_regions().order_by("name"))
    return [
        (_("Regio's"), [r for r in regions if r.scope == Scope.REGIO]),
        (_("Gemeenten"), [r for r in regions if r.scope == Scope.GEMEENTE]),
    ]


def ambassadors_for(region, factors=(), *, limit=3):
    """The published ambassadors serving `region` (`Ambassador.objects.serving`: the region a source gives,
    else the werkgebied of their firm; neither known: left out), for the route: those whose story is about
    one of `factors` (slugs) first, then by name; at most `limit`. From the record sets: the sets are read
    once per catalogue version, then one query for the records shown, whatever the data."""
    sets = record_sets(Ambassador)
    fitting = published(Ambassador, sets) & serving(Ambassador, region, sets)
    about = sets.by("factors__slug")
    fits = BitMap.union(BitMap(), *(about.get(factor, BitMap()) for factor in factors))
    positions = first_ranked(fitting, [[fits]], limit)
    return load_in_order(ambassador_cards(), [sets.pks[position] for position in positions])


def for_factor(factor, *, limit=12):
    """What helps with one innovation factor: the first `limit` of each kind of record and their number."""
    sections = [
        ("instruments", "instrument_count", Instrument, on_offer(), _instrument_cards()),
        ("organisations", "organisation_count", Organisation, published(Organisation), _organisation_cards()),
        ("examples", "example_count", PracticeExample, published(PracticeExample), _example_cards()),
    ]
    result = {}
    for items, count, model, records, cards in sections:
        fitting = records & with_label(model, "factors__slug", factor.slug)
        result[items], result[count] = record_sets(model).first(fitting, cards, limit), len(fitting)
    return result


def checklists_for_detail(queryset=None):
    queryset = Checklist.objects.published() if queryset is None else queryset
    return queryset.prefetch_related("items", "factors", "sources__document")


# --- Who a firm calls first ------------------------------------------------------------------------


@dataclass(frozen=True)
class LoketAnswer:
    """Who a firm in `region` calls first. `own`: the loketten whose werkgebied contains the region. Where the
    data names none (Salland: no seed says which loket serves it), every loket of the region's province, so
    the firm can choose; `province` is that province (None outside any province)."""

    region: Region
    loketten: list
    own: bool
    province: Region | None = None
    count: int | None = None  # how many there are, when `loketten` holds only the first few of them

    @property
    def more(self):
        return self.count is not None and self.count > len(self.loketten)


def _werkgebied():
    return Prefetch("regions", queryset=Region.objects.published())


def province_loketten(province=None):
    """The loketten of a province (the portal's by default), each with its published werkgebied."""
    return Organisation.objects.loketten_of_province(province).prefetch_related(_werkgebied())


def loketten_for(region, *, lineage=None, limit=None):
    """The LoketAnswer for `region`; `lineage` (the region and every region above it) saves a query. With
    `limit`, at most that many loketten and their number (when there are more)."""
    own = loket_pks(("serving", region.pk), lambda: Organisation.objects.loketten_serving(region))
    if own:
        loketten, count = _bounded(own, limit)
        return LoketAnswer(region, loketten, own=True, count=count)
    lineage = region.lineage.all() if lineage is None else lineage
    province = next((r for r in lineage if r.scope == Scope.PROVINCIE), None)
    if province is None:
        return LoketAnswer(region, [], own=False)
    of_province = loket_pks(
        ("province", province.pk), lambda: Organisation.objects.loketten_of_province(province)
    )
    loketten, count = _bounded(of_province, limit)
    return LoketAnswer(region, loketten, own=False, province=province, count=count)


def loket_pks(key, loketten):
    """The pks of the loketten of `loketten()` (a queryset, in its order), read once per catalogue version:
    a province has a few thousand loketten at most, so the list itself is kept (catalog.recordsets.kept)."""
    return kept(("loketten", key), lambda: list(loketten().values_list("pk", flat=True)))


def _bounded(pks, limit):
    """(the first `limit` loketten of `pks` with their werkgebied, their number when there are more) or (all
    of them, None)."""
    shown = pks if limit is None else pks[:limit]
    loketten = load_in_order(Organisation.objects.published().prefetch_related(_werkgebied()), shown)
    return loketten, len(pks) if len(pks) > len(shown) else None

"""The routing engine: from an entrepreneur's profile to an ordered, personal route.

`route_for(profile)` is a pure function: it reads through querysets (a fixed number of queries, whatever the
size of the data), writes nothing and knows nothing about requests. The route page renders what it returns.
What differs per type of entrepreneur (factors, order of the steps, texts) is in route_rules.RULES.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from pyroaring import BitMap

from catalog.models import (
    Checklist,
    Factor,
    InferredFields,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    OrganisationKind,
    PracticeExample,
    PublicationStatus,
    Scope,
    took_place,
)
from catalog.recordsets import by_score, first_ranked, load_in_order, record_sets
from catalog.selectors import ambassadors_for, firms_can_apply, loketten_for, on_offer, published, serving

from . import route_rules
from .profile import Profile
from .route_rules import RULES, SHARING_FORMS, StepKind

__all__ = ["MAX_ITEMS", "Route", "Step", "StepKind", "route_for"]

MAX_ITEMS = 5


@dataclass
class Step:
    kind: str
    title: str
    reason: str
    items: list = field(default_factory=list)
    factor: str = ""  # the innovation factor a step of instruments is about
    note: str = ""
    links: list = field(default_factory=list)  # (text, path) of a step without records (SHARE)


@dataclass
class Route:
    profile: Profile
    steps: list
    loketten: list  # the loketten of the first step: who the hand-off goes to

    @property
    def loket(self):
        return self.loketten[0] if self.loketten else None


def route_for(profile, *, today=None):
    today = today or timezone.localdate()
    region = profile.region
    rules = RULES[profile.entrepreneur_type]
    factors = profile.factors or rules.default_factors
    ordered_factors = [f for f in rules.factor_order if f in factors]
    lineage = list(region.lineage.all())
    factor_names = dict(Factor.objects.values_list("slug", "name"))

    fit = _Fit(profile, factors, lineage, factor_names)

    loket_step = _loket_step(region, lineage)
    wants_knowledge = any(f in route_rules.KNOWLEDGE_FACTORS for f in factors)
    steps_of_kind = {
        StepKind.LOKET: [loket_step],
        StepKind.INSTRUMENTS: _instrument_steps(profile, rules, ordered_factors, fit, today),
        StepKind.ORGANISATIONS: [_organisation_step(profile, rules, factors, fit)],
        StepKind.EXAMPLES: [_example_step(profile, rules, factors, fit)],
        StepKind.CHECKLISTS: [_checklist_step(factors, fit)],
        StepKind.KNOWLEDGE: [_knowledge_step(profile, factors, fit)] if wants_knowledge else [],
        StepKind.COMMUNITIES: [_community_step(profile, fit)] if wants_knowledge else [],
        StepKind.SHARE: [_share_step(region)] if rules.invite_to_share else [],
        StepKind.AMBASSADORS: [_ambassador_step(profile, factors, fit)],
    }
    # The loket step always shows, with a note when the region has no loket; other steps only with items
    # (or, for a step without records, links).
    steps = [
        step
        for kind in rules.step_order
        for step in steps_of_kind[kind]
        if step.items or step.links or step is loket_step
    ]
    return Route(profile=profile, steps=steps, loketten=loket_step.items)


# --- The first step: the loket ------------------------------------------------------------------------------


def _loket_step(region, lineage):
    answer = loketten_for(region, lineage=lineage, limit=MAX_ITEMS)
    # Without a province (not a region a profile can have) no loketten, rather than the portal's own.
    served = region if answer.own else answer.province
    for loket in answer.loketten:
        loket.route_reason = route_rules.REASON_LOKET % {"region": served.name}
    if answer.own:
        text = route_rules.LOKET
        names = ", ".join(loket.name for loket in answer.loketten)
        reason = text.reason % {"region": region.name, "names": names}
        return Step(StepKind.LOKET, str(text.title), reason, answer.loketten)
    province = answer.province
    text = route_rules.LOKET_OF_PROVINCE
    reason = text.reason % {"region": region.name, "province": province.name if province else ""}
    note = text.note % {"region": region.name}
    return Step(StepKind.LOKET, str(text.title), reason, answer.loketten, note=note)


# --- Ranking: labels raise the rank, they never exclude --------------------------------------------------


class _Fit:
    """What the profile and its region say about the records on the route: the parts of their reason lines.
    The ranking, and what a reason line says about one record, is on record sets (`_FitInSets`)."""

    def __init__(self, profile, factors, lineage, factor_names):
        self.profile = profile
        self.factors = factors  # the factors the firm lacks, or those its type stands for
        self.lineage = {r.pk: r for r in lineage}
        self.local_ids = {r.pk for r in lineage if r.scope in (Scope.REGIO, Scope.GEMEENTE)}
        self.factor_names = factor_names  # in the factors' order
        sector = profile.sector.slug if profile.sector else ""
        self.sectors = {sector, *route_rules.RELATED_SECTORS.get(sector, ())} - {""}
        self.small = profile.firm_size in route_rules.SMALL_FIRMS

    def factors_helped(self, record):
        return [f.slug for f in record.factors.all() if f.slug in self.factors]

    def parts(self, *, region, helped, sector, region_text=route_rules.REASON_REGION):
        """The first parts of a reason line: where it serves, the factors it helps with, the sector."""
        parts = []
        if region:
            parts.append(region_text % {"region": region.name})
        if helped:
            names = ", ".join(str(self.factor_names.get(f, f)).lower() for f in helped)
            parts.append(route_rules.REASON_FACTORS % {"factors": names})
        if sector:
            parts.append(route_rules.REASON_SECTOR % {"sector": self.profile.sector.name.lower()})
        return parts


def _basis(record, dimension):
    """Whether the source states the labels of `dimension` on the record: "stated" or "inferred"."""
    return "inferred" if dimension in (getattr(record, "inferred", None) or ()) else "stated"


class _FitInSets:
    """The route's ranking, on record sets (catalog.recordsets): each key is a list of sets, best level first
    (`first_ranked`), so a step reads only the records it shows, whatever the size of the catalogue."""

    def __init__(self, fit, model):
        self.fit = fit
        self.sets = record_sets(model)

    def has(self, path, values):
        """The records whose `path` (such as "themes__slug") has one of `values`."""
        groups = self.sets.by(path)
        return BitMap.union(BitMap(), *(groups.get(value, BitMap()) for value in values))

    def inferred(self, dimension):
        """The records whose labels of `dimension` an editor inferred (`inferred`)."""
        model = self.sets.model
        if not issubclass(model, InferredFields):
            return BitMap()

        def read():
            rows = model._default_manager.exclude(inferred=[]).values_list("pk", "inferred")
            return self.sets.of_pks(pk for pk, inferred in rows if dimension in (inferred or ()))

        return self.sets.memo(("inferred", dimension), read)

    def weighed(self, path, values, dimension):
        """A matching label: one the source states (weighing more, `LABEL_WEIGHT`) before one an editor
        inferred."""
        matching, inferred = self.has(path, values), self.inferred(dimension)
        by_basis = {"stated": matching - inferred, "inferred": matching & inferred}
        return [by_basis[basis] for basis in sorted(by_basis, key=route_rules.LABEL_WEIGHT.get, reverse=True)]

    def sector_match(self):
        return [self.has("themes__slug", self.fit.sectors)] if self.fit.sectors else []

    def other_sector_only(self):
        """It names sectors, none the firm's (or related): it goes below the records that name none."""
        named = self.has("themes__slug", route_rules.SECTORS)
        return named - self.has("themes__slug", self.fit.sectors & route_rules.SECTORS)

    def not_other_sector_only(self):
        return [self.sets.all - self.other_sector_only()]

    def locality(self):
        """The narrowest region of the werkgebied that contains the firm's region: a regional offer before a
        national one."""
        by_rank = {}
        for region in self.fit.lineage.values():
            by_rank.setdefault(Scope.rank(region.scope), []).append(region.pk)
        return [self.has("regions", pks) for _rank, pks in sorted(by_rank.items(), reverse=True)]

    def type_match(self):
        return self.weighed(
            "entrepreneur_types__code", [self.fit.profile.entrepreneur_type], "entrepreneur_types"
        )

    def size_match(self):
        size = self.fit.profile.firm_size
        return self.weighed("firm_sizes__slug", [size], "firm_sizes") if size else []

    def factors_helped(self, records):
        """The more of the lacking factors a record helps with, the higher."""
        return by_score(records, [(self.has("factors__slug", [f]), 1) for f in self.fit.factors])

    def pks(self, positions):
        return [self.sets.pks[p] for p in positions]

    # What a reason line says about a record, read from the sets (no relations loaded).

    def serving_region(self, position):
        """The narrowest region of the record's werkgebied that contains the firm's region."""
        serving = [r for r in self.fit.lineage.values() if position in self.has("regions", [r.pk])]
        return max(serving, key=lambda r: Scope.rank(r.scope), default=None)

    def reason_parts(self, position, *, region=True):
        """`_Fit.parts` of the record at `position`; without `region` for records without a werkgebied."""
        fit = self.fit
        lacking = [f for f in fit.factor_names if f in fit.factors]  # in the factors' order
        helped = [f for f in lacking if position in self.has("factors__slug", [f])]
        return fit.parts(
            region=self.serving_region(position) if region else None,
            helped=helped,
            sector=bool(fit.sectors) and position in self.has("themes__slug", fit.sectors),
        )

    def position(self, record):
        return self.sets.position[record.pk]

    def reason(self, record, *, extra=(), region=True, type_text=route_rules.REASON_TYPE):
        """One line: where it serves, which lacking factors it helps with, why it fits this firm."""
        position = self.position(record)
        parts = [*self.reason_parts(position, region=region), *extra]
        if position in self.has("entrepreneur_types__code", [self.fit.profile.entrepreneur_type]):
            parts.append(str(type_text[_basis(record, "entrepreneur_types")]))
        return _sentence(parts)


def _sentence(parts):
    text = " · ".join(str(part) for part in parts)
    return text[:1].upper() + text[1:]


# --- Instruments per lacking factor ---------------------------------------------------------------------


def _instrument_reason(sets, instrument):
    profile, position, extra = sets.fit.profile, sets.position(instrument), []
    if profile.firm_size and position in sets.has("firm_sizes__slug", [profile.firm_size]):
        extra.append(route_rules.REASON_SIZE)
    phase = route_rules.AMBITION_PHASES.get(profile.ambition)
    if phase and position in sets.has("phases__slug", [phase]):
        extra.append(route_rules.REASON_AMBITION[profile.ambition])
    return sets.reason(instrument, extra=extra)


def _in_sequence(items, next_steps):
    """Put an instrument before its next steps when both are on the route; mark them "nu" or "daarna".
    `next_steps`: (instrument pk, next step pk) of the instruments on the route."""
    by_pk = {i.pk: i for i in items}
    following = {}
    for pk, next_pk in next_steps:
        if pk in by_pk and next_pk in by_pk:
            following.setdefault(pk, []).append(by_pk[next_pk])
    follows = {n.pk for of_one in following.values() for n in of_one}
    ordered, placed = [], set()

    def place(instrument):
        if instrument.pk in placed:
            return
        placed.add(instrument.pk)
        ordered.append(instrument)
        for next_step in sorted(following.get(instrument.pk, ()), key=lambda n: (n.name, n.slug)):
            place(next_step)

    for instrument in items:
        if instrument.pk not in follows:
            place(instrument)
    for instrument in items:  # a cycle of next steps: keep the rest in rank order
        place(instrument)
    for instrument in ordered:
        instrument.route_stage = "daarna" if instrument.pk in follows else "nu"
    return ordered


def _instrument_steps(profile, rules, factors, fit, today):
    sets = _FitInSets(fit, Instrument)
    offer = on_offer(today=today) & firms_can_apply() & serving(Instrument, profile.region)
    if fit.sectors:  # a scheme for another sector only is not offered to a firm that named its sector
        offer = offer - sets.other_sector_only()
    phase = route_rules.AMBITION_PHASES.get(profile.ambition)
    fits_aim = [sets.has("phases__slug", [phase])] if phase else []
    picked, shown = {}, BitMap()  # an instrument shows in one step only: the first whose factor it helps
    for factor in factors:
        helps = sets.has("factors__slug", [factor])
        records = (offer & helps) - shown
        keys = [
            sets.not_other_sector_only(),
            [sets.has("kind", route_rules.FACTOR_KINDS.get(factor, ()))],  # made for this factor
            sets.sector_match(),
            sets.locality(),
            sets.type_match(),
            sets.size_match(),
            fits_aim,
            sets.factors_helped(records),
            [helps - sets.has("factors__slug", set(fit.factor_names) - {factor})],  # this factor only
        ]
        picked[factor] = first_ranked(records, keys, MAX_ITEMS)
        shown |= BitMap(picked[factor])
    if rules.gentle_start:  # programmes meant for the visitor's type
        records = (offer & sets.has("entrepreneur_types__code", [profile.entrepreneur_type])) - shown
        picked[None] = first_ranked(records, [sets.not_other_sector_only(), sets.locality()], MAX_ITEMS)
    on_route = sets.pks(shown | BitMap(picked.get(None, ())))
    loaded = Instrument.objects.filter(pk__in=on_route).select_related("provider").with_providers()
    by_pk = {instrument.pk: instrument for instrument in loaded}
    for instrument in by_pk.values():
        instrument.route_reason = _instrument_reason(sets, instrument)
    next_steps = list(
        Instrument.next_steps.through.objects.filter(
            from_instrument__in=by_pk, to_instrument__in=by_pk
        ).values_list("from_instrument", "to_instrument")
    )
    items = {
        key: _in_sequence([by_pk[pk] for pk in sets.pks(positions) if pk in by_pk], next_steps)
        for key, positions in picked.items()
    }
    steps = [
        Step(
            StepKind.INSTRUMENTS,
            route_rules.INSTRUMENTS_TITLE % {"factor": fit.factor_names.get(factor, factor)},
            str(rules.factor_reasons[factor]),
            items[factor],
            factor=factor,
        )
        for factor in factors
    ]
    if rules.gentle_start:
        text = route_rules.GENTLE_START
        steps.append(Step(StepKind.INSTRUMENTS, str(text.title), str(text.reason), items[None]))
    return steps


# --- Organisations, examples, checklists ------------------------------------------------------------------


def _organisation_step(profile, rules, factors, fit):
    sets = _FitInSets(fit, Organisation)
    sector_kinds = route_rules.SECTOR_ORGANISATION_KINDS if fit.sectors else ()
    general = (OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING)
    fitting = published(Organisation) & serving(Organisation, profile.region)
    fitting &= sets.has("kind", [*general, *sector_kinds])
    if factors:
        fitting &= sets.has("factors__slug", factors)
    sector_kinds_fit = sets.has("kind", general)
    if fit.sectors:
        sector_kinds_fit |= sets.has("themes__slug", fit.sectors)
    fitting &= sector_kinds_fit
    wants_school = any(f in route_rules.SCHOOL_FACTORS for f in factors)
    levels = route_rules.SCHOOL_LEVEL_ORDER if fit.small else ()
    schools = sets.has("kind", [OrganisationKind.KENNISINSTELLING])
    schools |= sets.has("collaboration_form", route_rules.SCHOOL_FORMS)
    keys = [
        sets.not_other_sector_only(),
        [sets.has("collaboration_form", SHARING_FORMS)] if rules.sharing_first else [],
        sets.sector_match(),
        [schools] if wants_school else [],
        [sets.has("level", [level]) for level in levels],  # for a small firm: mbo first
        sets.locality(),
        sets.type_match(),
        sets.factors_helped(fitting),
    ]
    items = load_in_order(Organisation.objects.all(), sets.pks(first_ranked(fitting, keys, MAX_ITEMS)))
    for org in items:
        mbo = fit.small and org.level == Organisation.Level.MBO
        org.route_reason = sets.reason(org, extra=[route_rules.REASON_MBO] if mbo else [])
    names = ", ".join(fit.factor_names.get(f, f).lower() for f in factors)
    text = rules.organisations
    return Step(StepKind.ORGANISATIONS, str(text.title), text.reason % {"factors": names}, items)


def is_peer_practice(kinds):
    """What firms did: carried out by a firm or a collaboration of firms and schools (`kinds`: the kinds of
    the published organisations that carried it out). An example carried out only by a loket, government,
    financier or adviser describes their programme, and one carried out mainly by schools (a school's
    quality agenda) their education: neither is a peer's practice."""
    schools = kinds.count(OrganisationKind.KENNISINSTELLING)
    peers = any(kind in (OrganisationKind.BEDRIJF, OrganisationKind.SAMENWERKING) for kind in kinds)
    return peers and 2 * schools <= len(kinds)


def _peer_practices(sets):
    """The examples that are a peer's practice, as a record set (read once per catalogue version)."""

    def read():
        kinds = {}
        rows = PracticeExample.organisations.through.objects.filter(
            organisation__publication_status=PublicationStatus.PUBLISHED
        ).values_list("practiceexample_id", "organisation__kind")
        for example, kind in rows:
            kinds.setdefault(example, []).append(kind)
        return sets.of_pks(pk for pk, of_example in kinds.items() if is_peer_practice(of_example))

    return sets.memo("peer_practices", read)


def _example_step(profile, rules, factors, fit):
    sets = _FitInSets(fit, PracticeExample)
    records = published(PracticeExample)
    local_ids = sorted(fit.local_ids)
    nearby = (
        sets.sets.named(
            ("took_place", tuple(local_ids)),
            lambda: PracticeExample.objects.filter(took_place("in", local_ids)),
        )
        if local_ids
        else BitMap()
    )
    in_province = sets.sets.named(
        ("took_place", settings.PORTAL_PROVINCE), lambda: PracticeExample.objects.in_province()
    )
    sector = sets.has("themes__slug", fit.sectors)
    keys = [
        [_peer_practices(sets.sets)],
        sets.not_other_sector_only() if fit.sectors else [],  # a peer nearby inspires in any sector
        by_score(records, [(sector, 2), (nearby, 2), (in_province, 1)]),
        sets.sector_match(),
        sets.factors_helped(records),
        sets.type_match(),
    ]
    examples = (
        PracticeExample.objects.with_places()
        .with_place_in(*fit.local_ids)
        .select_related("region")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.published().order_by("name")),
            Prefetch("instruments", queryset=Instrument.objects.published().order_by("name")),
        )
    )
    items = load_in_order(examples, sets.pks(first_ranked(records, keys, MAX_ITEMS)))
    for example in items:
        place = example.place_in  # the example's place inside the firm's own region, if any
        where = route_rules.REASON_NEARBY if place else route_rules.REASON_PLACE
        reason = sets.reason(example, region=False, type_text=route_rules.REASON_TYPE_EXAMPLE)
        example.route_reason = _sentence([where % {"region": place or example.region.name}, *_split(reason)])
    text = rules.examples
    return Step(StepKind.EXAMPLES, str(text.title), str(text.reason), items)


def _split(reason):
    return [reason[:1].lower() + reason[1:]] if reason else []


def _checklist_step(factors, fit):
    checklists = Checklist.objects.published().prefetch_related("factors").order_by("order", "title", "slug")
    if factors:
        checklists = checklists.filter(factors__slug__in=factors).distinct()
    items = list(checklists[:MAX_ITEMS])
    for checklist in items:
        helped = fit.factors_helped(checklist)
        names = ", ".join(str(fit.factor_names.get(f, f)).lower() for f in helped)
        checklist.route_reason = (
            route_rules.REASON_CHECKLIST % {"factors": names}
            if helped
            else str(route_rules.REASON_CHECKLIST_ANY)
        )
    text = route_rules.CHECKLISTS
    return Step(StepKind.CHECKLISTS, str(text.title), str(text.reason), items)


# --- The kennisbank: knowledge offers, learning communities, sharing ----------------------------------------


def _narrowed(*sets):
    """The intersection of the sets made by `sets` (functions), made in turn until it is empty: a first
    request after a change reads no more record sets than it needs (an empty kennisbank: one)."""
    found = None
    for make in sets:
        found = make() if found is None else found & make()
        if not found:
            break
    return found


def _knowledge_step(profile, factors, fit):
    """Published knowledge offers serving the firm's region that help with a lacking factor, in the order of
    route_rules (see KNOWLEDGE_FACTORS and SHORT_CONCRETE_FORMS)."""
    sets = _FitInSets(fit, KnowledgeOffer)
    fitting = _narrowed(
        lambda: published(KnowledgeOffer, sets.sets),
        lambda: serving(KnowledgeOffer, profile.region, sets.sets),
        lambda: sets.has("factors__slug", factors),
    )
    text = route_rules.KNOWLEDGE
    names = ", ".join(str(fit.factor_names.get(f, f)).lower() for f in factors)
    reason = text.reason % {"factors": names}
    if not fitting:
        return Step(StepKind.KNOWLEDGE, str(text.title), reason)
    small_first, mbo = [], BitMap()
    if fit.small:
        reason = f"{reason} {route_rules.KNOWLEDGE_SMALL_FIRM}"
        mbo = sets.has("level", [route_rules.SMALL_FIRM_OFFER_LEVEL])
        concrete = sets.has("form", route_rules.SHORT_CONCRETE_FORMS)
        concrete |= sets.has("duration", [route_rules.SHORT_DURATION])
        inferred_level, weight = sets.inferred("level"), route_rules.LABEL_WEIGHT
        scores = [
            (mbo - inferred_level, weight["stated"]),
            (mbo & inferred_level, weight["inferred"]),
            (concrete, weight["stated"]),
        ]
        small_first = [by_score(fitting, scores)]
    keys = [
        sets.not_other_sector_only(),
        sets.sector_match(),
        *small_first,
        sets.locality(),
        sets.factors_helped(fitting),
    ]
    positions = first_ranked(fitting, keys, MAX_ITEMS)
    items = load_in_order(KnowledgeOffer.objects.select_related("provider"), sets.pks(positions))
    for offer in items:
        position, extra = sets.position(offer), []
        if position in mbo:
            extra.append(route_rules.REASON_MBO)
        if fit.small and offer.form in route_rules.SHORT_CONCRETE_FORMS:
            extra.append(route_rules.REASON_CONCRETE_FORM % {"form": offer.get_form_display()})
        elif fit.small and offer.duration == route_rules.SHORT_DURATION:
            extra.append(route_rules.REASON_SHORT)
        if offer.by_firm:
            extra.append(route_rules.REASON_BY_FIRM)
        offer.route_reason = _sentence([*sets.reason_parts(position), *extra])
    return Step(StepKind.KNOWLEDGE, str(text.title), reason, items)


def _community_step(profile, fit):
    """Published learning communities serving the firm's region that it may join
    (route_rules.COMMUNITY_SHOWN): open ones first."""
    sets = _FitInSets(fit, LearningCommunity)
    text = route_rules.COMMUNITIES
    fitting = _narrowed(
        lambda: published(LearningCommunity, sets.sets),
        lambda: serving(LearningCommunity, profile.region, sets.sets),
        lambda: sets.has("status", route_rules.COMMUNITY_SHOWN),
    )
    if not fitting:
        return Step(StepKind.COMMUNITIES, str(text.title), str(text.reason))
    keys = [
        sets.not_other_sector_only(),
        [sets.has("factors__slug", fit.factors)],
        [sets.has("status", route_rules.COMMUNITY_OPEN)],
        sets.sector_match(),
        sets.factors_helped(fitting),
        sets.locality(),
    ]
    positions = first_ranked(fitting, keys, MAX_ITEMS)
    items = load_in_order(LearningCommunity.objects.select_related("contact"), sets.pks(positions))
    for community in items:
        status = route_rules.REASON_COMMUNITY_STATUS[community.status]
        community.route_reason = _sentence([*sets.reason_parts(sets.position(community)), status])
    return Step(StepKind.COMMUNITIES, str(text.title), str(text.reason), items)


def _ambassador_step(profile, factors, fit):
    """Entrepreneurs who tell peers how they innovated, serving the firm's region; those whose story is about
    a lacking factor first (catalog.selectors.ambassadors_for). Contact only through the loket."""
    text = route_rules.AMBASSADORS
    items = ambassadors_for(profile.region, factors, limit=MAX_ITEMS)
    for ambassador in items:
        helped = [f.slug for f in ambassador.factors.all() if f.slug in factors]
        parts = fit.parts(region=None, helped=helped, sector=False)
        ambassador.route_reason = _sentence([*parts, route_rules.REASON_AMBASSADOR_CONTACT])
    return Step(StepKind.AMBASSADORS, str(text.title), str(text.reason), items)


def _share_step(region):
    """Type D: an invitation to share its knowledge, through the form to its loket, and the kennisbank."""
    text = route_rules.SHARE
    links = [
        (str(route_rules.SHARE_FORM), f"{reverse('share')}?{urlencode({'regio': region.slug})}"),
        (str(route_rules.SHARE_KENNISBANK), reverse("catalog:knowledgeoffer_list")),
    ]
    return Step(StepKind.SHARE, str(text.title), str(text.reason), links=links)

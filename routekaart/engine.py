"""The routing engine: from an entrepreneur's profile to an ordered, personal route.

`route_for(profile)` is a pure function: it reads through querysets (a fixed number of queries, whatever the
size of the data), writes nothing and knows nothing about requests. The route page renders what it returns.
What differs per type of entrepreneur (factors, order of the steps, texts) is in route_rules.RULES.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from catalog.models import (
    Checklist,
    Factor,
    Instrument,
    Organisation,
    OrganisationKind,
    PracticeExample,
    PublicationStatus,
    Scope,
    took_place,
)
from catalog.selectors import loketten_for

from . import route_rules
from .profile import Profile
from .route_rules import RULES, SHARING_FORMS, StepKind

__all__ = ["MAX_ITEMS", "Route", "Step", "StepKind", "route_for"]

MAX_ITEMS = 5
# Records per step that the exact ranking below sees: the database picks them by the same keys, so the
# route's cost does not grow with the catalogue. Labels the database cannot weigh (stated or inferred) only
# refine the order among these.
CANDIDATES = 50


@dataclass
class Step:
    kind: str
    title: str
    reason: str
    items: list = field(default_factory=list)
    factor: str = ""  # the innovation factor a step of instruments is about
    note: str = ""


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
    steps_of_kind = {
        StepKind.LOKET: [loket_step],
        StepKind.INSTRUMENTS: _instrument_steps(profile, rules, ordered_factors, fit, today),
        StepKind.ORGANISATIONS: [_organisation_step(profile, rules, factors, fit)],
        StepKind.EXAMPLES: [_example_step(profile, rules, factors, fit)],
        StepKind.CHECKLISTS: [_checklist_step(factors, fit)],
    }
    # The loket step always shows, with a note when the region has no loket; other steps only with items.
    steps = [
        step for kind in rules.step_order for step in steps_of_kind[kind] if step.items or step is loket_step
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
    """What the profile and the profile's region say about any record; the one place labels are compared."""

    def __init__(self, profile, factors, lineage, factor_names):
        self.profile = profile
        self.factors = factors  # the factors the firm lacks, or those its type stands for
        self.lineage = {r.pk: r for r in lineage}
        self.local_ids = {r.pk for r in lineage if r.scope in (Scope.REGIO, Scope.GEMEENTE)}
        self.factor_names = factor_names
        sector = profile.sector.slug if profile.sector else ""
        self.sectors = {sector, *route_rules.RELATED_SECTORS.get(sector, ())} - {""}
        self.small = profile.firm_size in route_rules.SMALL_FIRMS

    @staticmethod
    def _basis(record, dimension):
        """Whether the source states the labels of `dimension` on the record: "stated" or "inferred"."""
        return "inferred" if dimension in (getattr(record, "inferred", None) or ()) else "stated"

    def _weight(self, record, dimension):
        """A matching label the source states weighs more than one an editor inferred (route_rules)."""
        return route_rules.LABEL_WEIGHT[self._basis(record, dimension)]

    def type_match(self, record):
        """0 when the firm's type is not among the record's types, else the weight of that label."""
        if not any(t.code == self.profile.entrepreneur_type for t in record.entrepreneur_types.all()):
            return 0
        return self._weight(record, "entrepreneur_types")

    def size_match(self, record):
        if not self.profile.firm_size or not any(
            s.slug == self.profile.firm_size for s in record.firm_sizes.all()
        ):
            return 0
        return self._weight(record, "firm_sizes")

    def sector_match(self, record):
        return any(t.slug in self.sectors for t in record.themes.all())

    def other_sector_only(self, record):
        """It names sectors, none the firm's (or related): it goes below the records that name none."""
        named = {t.slug for t in record.themes.all() if t.slug in route_rules.SECTORS}
        return bool(named) and not named & self.sectors  # without a sector, sector-specific goes below

    def serving_region(self, record):
        """The narrowest region of the record's werkgebied that contains the firm's region."""
        serving = [self.lineage[r.pk] for r in record.regions.all() if r.pk in self.lineage]
        return max(serving, key=lambda r: Scope.rank(r.scope), default=None)

    def locality(self, record):
        region = self.serving_region(record)
        return Scope.rank(region.scope) if region else 0

    def factors_helped(self, record):
        return [f.slug for f in record.factors.all() if f.slug in self.factors]

    def reason(
        self, record, *, region_text=route_rules.REASON_REGION, extra=(), type_text=route_rules.REASON_TYPE
    ):
        """One line: where it serves, which lacking factors it helps with, why it fits this firm."""
        parts = []
        region = self.serving_region(record) if hasattr(record, "regions") else None
        if region:
            parts.append(region_text % {"region": region.name})
        helped = self.factors_helped(record)
        if helped:
            names = ", ".join(str(self.factor_names.get(f, f)).lower() for f in helped)
            parts.append(route_rules.REASON_FACTORS % {"factors": names})
        if self.profile.sector and self.sector_match(record):
            parts.append(route_rules.REASON_SECTOR % {"sector": self.profile.sector.name.lower()})
        parts.extend(extra)
        if self.type_match(record):
            parts.append(str(type_text[self._basis(record, "entrepreneur_types")]))
        return _sentence(parts)


class _FitInDatabase:
    """The same comparisons as `_Fit`, as database expressions (1 for a match, else 0), to pick candidates.

    A label's weight (stated or inferred) is not weighed here: any match counts 1, and the exact ranking in
    Python orders the candidates.
    """

    def __init__(self, fit, model):
        self.fit = fit
        self.model = model

    def has(self, relation, **lookup):
        """The records with a related row of `relation` that matches `lookup` (a hashed subquery)."""
        field = self.model._meta.get_field(relation)
        target = field.m2m_reverse_field_name()
        rows = field.remote_field.through.objects.filter(**{f"{target}__{k}": v for k, v in lookup.items()})
        return Q(pk__in=rows.values(field.m2m_field_name()))

    def sector_match(self):
        return _flag(self.has("themes", slug__in=self.fit.sectors)) if self.fit.sectors else Value(0)

    def other_sector_only(self):
        named = self.has("themes", slug__in=route_rules.SECTORS)
        own = self.fit.sectors & route_rules.SECTORS
        return named & ~self.has("themes", slug__in=own) if own else named

    def locality(self):
        by_rank = {}
        for region in self.fit.lineage.values():
            by_rank.setdefault(Scope.rank(region.scope), []).append(region.pk)
        narrow_first = sorted(by_rank.items(), reverse=True)
        whens = [When(self.has("regions", pk__in=pks), then=Value(rank)) for rank, pks in narrow_first]
        return Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)

    def type_match(self):
        return _flag(self.has("entrepreneur_types", code=self.fit.profile.entrepreneur_type))

    def size_match(self):
        size = self.fit.profile.firm_size
        return _flag(self.has("firm_sizes", slug=size)) if size else Value(0)

    def factors_helped(self):
        return sum((_flag(self.has("factors", slug=f)) for f in self.fit.factors), Value(0))


def _count(rows):
    """The number of `rows` (through rows of a practice example, on OuterRef), as a subquery."""
    counted = rows.order_by().values("practiceexample")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), Value(0))


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _pick(queryset, order, count=CANDIDATES):
    """The primary keys of the first `count` records in `order` (keys that are constants left out)."""
    order = [key for key in order if not isinstance(getattr(key, "expression", key), Value)]
    return list(queryset.order_by(*order).values_list("pk", flat=True)[:count])


def _sentence(parts):
    text = " · ".join(str(part) for part in parts)
    return text[:1].upper() + text[1:]


# --- Instruments per lacking factor ---------------------------------------------------------------------


def _instrument_rank(instrument, fit, factor):
    profile = fit.profile
    direct = instrument.kind in route_rules.FACTOR_KINDS.get(factor, ())
    phase = route_rules.AMBITION_PHASES.get(profile.ambition)
    fits_aim = phase is not None and any(p.slug == phase for p in instrument.phases.all())
    covered = len(fit.factors_helped(instrument))
    single = len(instrument.factors.all()) == 1 and instrument.factors.all()[0].slug == factor
    return (
        fit.other_sector_only(instrument),
        -direct,
        -fit.sector_match(instrument),
        -fit.locality(instrument),  # a regional offer before a national one
        -fit.type_match(instrument),
        -fit.size_match(instrument),
        -fits_aim,
        -covered,
        -single,
        instrument.name,
        instrument.slug,
    )


def _instrument_reason(instrument, fit):
    extra = []
    if fit.size_match(instrument):
        extra.append(route_rules.REASON_SIZE)
    phase = route_rules.AMBITION_PHASES.get(fit.profile.ambition)
    if phase and any(p.slug == phase for p in instrument.phases.all()):
        extra.append(route_rules.REASON_AMBITION[fit.profile.ambition])
    return fit.reason(instrument, extra=extra)


def _in_sequence(items):
    """Put an instrument before its next steps when both are on the route; mark them "nu" or "daarna"."""
    on_route = {i.pk for i in items}
    follows = {n.pk for i in items for n in i.next_steps.all() if n.pk in on_route}
    ordered, placed = [], set()

    def place(instrument):
        if instrument.pk in placed:
            return
        placed.add(instrument.pk)
        ordered.append(instrument)
        for following in sorted(instrument.next_steps.all(), key=lambda n: (n.name, n.slug)):
            if following.pk in on_route:
                place(next(i for i in items if i.pk == following.pk))

    for instrument in items:
        if instrument.pk not in follows:
            place(instrument)
    for instrument in items:  # a cycle of next steps: keep the rest in rank order
        place(instrument)
    for instrument in ordered:
        instrument.route_stage = "daarna" if instrument.pk in follows else "nu"
    return ordered


def _instrument_steps(profile, rules, factors, fit, today):
    db = _FitInDatabase(fit, Instrument)
    offer = Instrument.objects.on_offer(today).firms_can_apply().serving(profile.region)
    if fit.sectors:  # a scheme for another sector only is not offered to a firm that named its sector
        offer = offer.exclude(db.other_sector_only())
    phase = route_rules.AMBITION_PHASES.get(profile.ambition)
    fits_aim = _flag(db.has("phases", slug=phase)) if phase else Value(0)
    # Earlier steps take up to MAX_ITEMS each, so a later step picks that many more.
    picked = {
        factor: _pick(
            offer.filter(db.has("factors", slug=factor)),
            [
                _flag(db.other_sector_only()).asc(),
                _flag(Q(kind__in=route_rules.FACTOR_KINDS[factor])).desc()
                if factor in route_rules.FACTOR_KINDS
                else Value(0),
                db.sector_match().desc(),
                db.locality().desc(),
                db.type_match().desc(),
                db.size_match().desc(),
                fits_aim.desc(),
                db.factors_helped().desc(),
                "name",
                "slug",
            ],
            CANDIDATES + MAX_ITEMS * position,
        )
        for position, factor in enumerate(factors)
    }
    if rules.gentle_start:  # the whole order of that step is in the database: exact
        gentle_order = [_flag(db.other_sector_only()).asc(), db.locality().desc(), "name", "slug"]
        picked[None] = _pick(
            offer.filter(db.has("entrepreneur_types", code=profile.entrepreneur_type)),
            gentle_order,
            MAX_ITEMS * (len(factors) + 1),
        )
    loaded = (
        Instrument.objects.filter(pk__in={pk for pks in picked.values() for pk in pks})
        .select_related("provider")
        .prefetch_related(
            "regions",
            "factors",
            "phases",
            "entrepreneur_types",
            "firm_sizes",
            "themes",
            "next_steps",
        )
        .with_providers()
    )
    by_pk = {instrument.pk: instrument for instrument in loaded}
    candidates = {key: [by_pk[pk] for pk in pks] for key, pks in picked.items()}
    steps, shown = [], set()
    for factor in factors:
        matching = [i for i in candidates[factor] if i.pk not in shown]
        matching.sort(key=lambda i: _instrument_rank(i, fit, factor))
        items = _in_sequence(matching[:MAX_ITEMS])
        shown.update(i.pk for i in items)
        for instrument in items:
            instrument.route_reason = _instrument_reason(instrument, fit)
        name = fit.factor_names.get(factor, factor)
        steps.append(
            Step(
                StepKind.INSTRUMENTS,
                route_rules.INSTRUMENTS_TITLE % {"factor": name},
                str(rules.factor_reasons[factor]),
                items,
                factor=factor,
            )
        )
    if rules.gentle_start:  # programmes meant for the visitor's type
        items = sorted(
            (i for i in candidates[None] if i.pk not in shown),
            key=lambda i: (fit.other_sector_only(i), -fit.locality(i), i.name, i.slug),
        )[:MAX_ITEMS]
        for instrument in items:
            instrument.route_reason = _instrument_reason(instrument, fit)
        text = route_rules.GENTLE_START
        steps.append(Step(StepKind.INSTRUMENTS, str(text.title), str(text.reason), _in_sequence(items)))
    return steps


# --- Organisations, examples, checklists ------------------------------------------------------------------


def _organisation_step(profile, rules, factors, fit):
    db = _FitInDatabase(fit, Organisation)
    sector_kinds = route_rules.SECTOR_ORGANISATION_KINDS if fit.sectors else ()
    general = (OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING)
    fitting = (
        Organisation.objects.published().serving(profile.region).filter(kind__in=[*general, *sector_kinds])
    )
    if factors:
        fitting = fitting.filter(db.has("factors", slug__in=factors))
    sector_kinds_fit = Q(kind__in=general)
    if fit.sectors:
        sector_kinds_fit |= db.has("themes", slug__in=fit.sectors)
    fitting = fitting.filter(sector_kinds_fit)
    wants_school = any(f in route_rules.SCHOOL_FACTORS for f in factors)
    levels = route_rules.SCHOOL_LEVEL_ORDER if fit.small else ()

    def is_school(org):
        return (
            org.kind == OrganisationKind.KENNISINSTELLING
            or org.collaboration_form in route_rules.SCHOOL_FORMS
        )

    def rank(org):
        sharing = rules.sharing_first and org.collaboration_form in SHARING_FORMS
        school = wants_school and is_school(org)
        level = levels.index(org.level) if org.level in levels else len(levels)
        return (
            fit.other_sector_only(org),
            -sharing,
            -fit.sector_match(org),
            -school,
            level,
            -fit.locality(org),
            -fit.type_match(org),
            -len(fit.factors_helped(org)),
            org.name,
            org.slug,
        )

    # Organisations carry no inferred labels: this order is the whole ranking, done in the database.
    school_q = Q(kind=OrganisationKind.KENNISINSTELLING) | Q(collaboration_form__in=route_rules.SCHOOL_FORMS)
    level_whens = [When(level=level, then=Value(i)) for i, level in enumerate(levels)]
    order = [
        _flag(db.other_sector_only()).asc(),
        (_flag(Q(collaboration_form__in=SHARING_FORMS)) if rules.sharing_first else Value(0)).desc(),
        db.sector_match().desc(),
        (_flag(school_q) if wants_school else Value(0)).desc(),
        Case(*level_whens, default=Value(len(levels)), output_field=IntegerField()).asc()
        if levels
        else Value(0).asc(),
        db.locality().desc(),
        db.type_match().desc(),
        db.factors_helped().desc(),
        "name",
        "slug",
    ]
    picked = Organisation.objects.filter(pk__in=_pick(fitting, order)).prefetch_related(
        "regions", "factors", "entrepreneur_types", "themes"
    )
    items = sorted(picked, key=rank)[:MAX_ITEMS]
    for org in items:
        mbo = fit.small and org.level == Organisation.Level.MBO
        org.route_reason = fit.reason(org, extra=[route_rules.REASON_MBO] if mbo else [])
    names = ", ".join(fit.factor_names.get(f, f).lower() for f in factors)
    text = rules.organisations
    return Step(StepKind.ORGANISATIONS, str(text.title), text.reason % {"factors": names}, items)


def _is_peer_practice(example):
    """What firms did: carried out by a firm or a collaboration of firms and schools. An example carried out
    only by a loket, government, financier or adviser describes their programme, and one carried out mainly
    by schools (a school's quality agenda) their education: neither is a peer's practice."""
    kinds = [org.kind for org in example.organisations.all()]
    schools = kinds.count(OrganisationKind.KENNISINSTELLING)
    peers = any(kind in (OrganisationKind.BEDRIJF, OrganisationKind.SAMENWERKING) for kind in kinds)
    return peers and 2 * schools <= len(kinds)


def _example_step(profile, rules, factors, fit):
    db = _FitInDatabase(fit, PracticeExample)
    published_orgs = PracticeExample.organisations.through.objects.filter(
        practiceexample=OuterRef("pk"), organisation__publication_status=PublicationStatus.PUBLISHED
    )
    schools = published_orgs.filter(organisation__kind=OrganisationKind.KENNISINSTELLING)
    peer = db.has(
        "organisations",
        publication_status=PublicationStatus.PUBLISHED,
        kind__in=(OrganisationKind.BEDRIJF, OrganisationKind.SAMENWERKING),
    ) & (
        ~db.has(
            "organisations",
            publication_status=PublicationStatus.PUBLISHED,
            kind=OrganisationKind.KENNISINSTELLING,
        )
        | LessThanOrEqual(2 * _count(schools), _count(published_orgs))
    )
    nearby = _flag(took_place("in", fit.local_ids)) if fit.local_ids else Value(0)
    in_province = _flag(took_place("slug", settings.PORTAL_PROVINCE))
    order = [
        _flag(peer).desc(),
        (_flag(db.other_sector_only()) if fit.sectors else Value(0)).asc(),
        (2 * db.sector_match() + 2 * nearby + in_province).desc(),
        db.sector_match().desc(),
        db.factors_helped().desc(),
        db.type_match().desc(),
        "title",
        "slug",
    ]
    examples = (
        PracticeExample.objects.filter(pk__in=_pick(PracticeExample.objects.published(), order))
        .with_places()
        .with_place_in(*fit.local_ids)
        .select_related("region")
        .prefetch_related(
            "factors",
            "entrepreneur_types",
            "themes",
            Prefetch("organisations", queryset=Organisation.objects.published().order_by("name")),
            Prefetch("instruments", queryset=Instrument.objects.published().order_by("name")),
        )
    )

    def nearby(example):
        """The name of the example's place (main or other region) inside the firm's own region, or None."""
        return example.place_in

    def rank(example):
        closeness = 2 * fit.sector_match(example) + 2 * bool(nearby(example)) + example.in_province
        return (
            not _is_peer_practice(example),
            bool(fit.sectors) and fit.other_sector_only(example),  # a peer nearby inspires in any sector
            -closeness,
            -fit.sector_match(example),
            -len(fit.factors_helped(example)),
            -fit.type_match(example),
            example.title,
            example.slug,
        )

    items = sorted(examples, key=rank)[:MAX_ITEMS]
    for example in items:
        place = nearby(example)
        where = route_rules.REASON_NEARBY if place else route_rules.REASON_PLACE
        example.route_reason = _sentence(
            [
                where % {"region": place or example.region.name},
                *_split(fit.reason(example, type_text=route_rules.REASON_TYPE_EXAMPLE)),
            ]
        )
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

"""The routing engine: from an entrepreneur's profile to an ordered, personal route.

`route_for(profile)` is a pure function: it reads through querysets (a fixed number of queries, whatever the
size of the data), writes nothing and knows nothing about requests. The route page renders what it returns.
What differs per type of entrepreneur (factors, order of the steps, texts) is in route_rules.RULES.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import (
    Checklist,
    Factor,
    Instrument,
    Organisation,
    OrganisationKind,
    PracticeExample,
    Scope,
)
from catalog.selectors import loketten_for

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

    loket_step = _loket_step(region, lineage)
    steps_of_kind = {
        StepKind.LOKET: [loket_step],
        StepKind.INSTRUMENTS: _instrument_steps(profile, rules, ordered_factors, factor_names, today),
        StepKind.ORGANISATIONS: [_organisation_step(profile, rules, factors, factor_names)],
        StepKind.EXAMPLES: [_example_step(profile, rules, factors, lineage)],
        StepKind.CHECKLISTS: [_checklist_step(factors)],
    }
    # The loket step always shows, with a note when the region has no loket; other steps only with items.
    steps = [
        step for kind in rules.step_order for step in steps_of_kind[kind] if step.items or step is loket_step
    ]
    return Route(profile=profile, steps=steps, loketten=loket_step.items)


# --- The first step: the loket ------------------------------------------------------------------------------


def _loket_step(region, lineage):
    answer = loketten_for(region, lineage=lineage)
    if answer.own:
        text = route_rules.LOKET
        names = ", ".join(loket.name for loket in answer.loketten)
        reason = text.reason % {"region": region.name, "names": names}
        return Step(StepKind.LOKET, str(text.title), reason, answer.loketten)
    # Without a province (not a region a profile can have) no loketten, rather than the portal's own.
    province = answer.province
    text = route_rules.LOKET_OF_PROVINCE
    reason = text.reason % {"region": region.name, "province": province.name if province else ""}
    note = text.note % {"region": region.name}
    return Step(StepKind.LOKET, str(text.title), reason, answer.loketten, note=note)


# --- Instruments per lacking factor ---------------------------------------------------------------------


def _fits(record, profile):
    types = {t.code for t in record.entrepreneur_types.all()}
    if types and profile.entrepreneur_type not in types:
        return False
    if profile.firm_size and hasattr(record, "firm_sizes"):
        sizes = {s.slug for s in record.firm_sizes.all()}
        if sizes and profile.firm_size not in sizes:
            return False
    return True


def _instrument_rank(instrument, profile, factor):
    explicit_type = any(t.code == profile.entrepreneur_type for t in instrument.entrepreneur_types.all())
    explicit_size = any(s.slug == profile.firm_size for s in instrument.firm_sizes.all())
    scopes = [Scope.rank(r.scope) for r in instrument.regions.all()]
    local = max(scopes) if scopes else 0  # a regional offer before a national one
    covered = sum(1 for f in instrument.factors.all() if f.slug in profile.factors)
    single = len(instrument.factors.all()) == 1 and instrument.factors.all()[0].slug == factor
    return (-explicit_type, -explicit_size, -local, -covered, -single, instrument.name, instrument.slug)


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


def _instrument_steps(profile, rules, factors, factor_names, today):
    on_offer = (
        Instrument.objects.on_offer(today)
        .serving(profile.region)
        .select_related("provider")
        .prefetch_related("regions", "factors", "entrepreneur_types", "firm_sizes", "next_steps")
    )
    candidates = [i for i in on_offer if _fits(i, profile)]
    steps, shown = [], set()
    for factor in factors:
        matching = [
            i for i in candidates if any(f.slug == factor for f in i.factors.all()) and i.pk not in shown
        ]
        matching.sort(key=lambda i: _instrument_rank(i, profile, factor))
        items = _in_sequence(matching[:MAX_ITEMS])
        shown.update(i.pk for i in items)
        name = factor_names.get(factor, factor)
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
            (
                i
                for i in candidates
                if any(t.code == profile.entrepreneur_type for t in i.entrepreneur_types.all())
                and i.pk not in shown
            ),
            key=lambda i: (i.name, i.slug),
        )[:MAX_ITEMS]
        text = route_rules.GENTLE_START
        steps.append(Step(StepKind.INSTRUMENTS, str(text.title), str(text.reason), _in_sequence(items)))
    return steps


# --- Organisations, examples, checklists ------------------------------------------------------------------


def _organisation_step(profile, rules, factors, factor_names):
    kinds = [OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING]
    organisations = (
        Organisation.objects.published()
        .serving(profile.region)
        .filter(kind__in=kinds)
        .prefetch_related("factors", "entrepreneur_types", "themes")
    )

    def rank(org):
        shared = sum(1 for f in org.factors.all() if f.slug in factors)
        explicit_type = any(t.code == profile.entrepreneur_type for t in org.entrepreneur_types.all())
        same_sector = profile.sector is not None and any(t.pk == profile.sector.pk for t in org.themes.all())
        sharing = rules.sharing_first and org.collaboration_form in SHARING_FORMS
        return (-sharing, -explicit_type, -same_sector, -shared, org.name, org.slug)

    fitting = [
        org
        for org in organisations
        if _fits(org, profile) and (not factors or any(f.slug in factors for f in org.factors.all()))
    ]
    items = sorted(fitting, key=rank)[:MAX_ITEMS]
    names = ", ".join(factor_names.get(f, f).lower() for f in factors)
    text = rules.organisations
    return Step(StepKind.ORGANISATIONS, str(text.title), text.reason % {"factors": names}, items)


def _example_step(profile, rules, factors, lineage):
    examples = (
        PracticeExample.objects.published()
        .select_related("region")
        .prefetch_related(
            "region__lineage",
            "factors",
            "entrepreneur_types",
            "themes",
            Prefetch("organisations", queryset=Organisation.objects.published().order_by("name")),
            Prefetch("instruments", queryset=Instrument.objects.published().order_by("name")),
        )
    )
    region_ids = {r.pk for r in lineage if r.scope in (Scope.REGIO, Scope.GEMEENTE)}

    def rank(example):
        nearby = any(r.pk in region_ids for r in example.region.lineage.all())
        same_type = any(t.code == profile.entrepreneur_type for t in example.entrepreneur_types.all())
        same_sector = profile.sector is not None and any(
            t.pk == profile.sector.pk for t in example.themes.all()
        )
        shared = sum(1 for f in example.factors.all() if f.slug in factors)
        in_overijssel = example.collection == PracticeExample.Collection.OVERIJSSEL
        return (-same_type, -same_sector, -nearby, -shared, -in_overijssel, example.title, example.slug)

    items = sorted(examples, key=rank)[:MAX_ITEMS]
    text = rules.examples
    return Step(StepKind.EXAMPLES, str(text.title), str(text.reason), items)


def _checklist_step(factors):
    checklists = Checklist.objects.published().order_by("order", "title", "slug")
    if factors:
        checklists = checklists.filter(factors__slug__in=factors).distinct()
    text = route_rules.CHECKLISTS
    return Step(StepKind.CHECKLISTS, str(text.title), str(text.reason), list(checklists[:MAX_ITEMS]))

"""The routing engine: from an entrepreneur's profile to an ordered, personal route.

`route_for(profile)` is a pure function: it reads through querysets (a fixed number of queries, whatever the
size of the data), writes nothing and knows nothing about requests. The route page renders what it returns.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from catalog.models import (
    Checklist,
    Factor,
    Instrument,
    Organisation,
    OrganisationKind,
    PracticeExample,
    Scope,
)

from .profile import Profile

MAX_ITEMS = 5

# Which factors a type stands for when the visitor ticked none (the SER scheme, fixtures/taxonomy.yaml).
DEFAULT_FACTORS = {"A": (), "B": ("kennis", "netwerk"), "C": ("financiering", "arbeid"), "D": ("netwerk",)}
# The order in which a type meets the factors: the plan phase first for B, the execution phase first for C.
FACTOR_ORDER = {
    "A": ("kennis", "netwerk", "financiering", "arbeid"),
    "B": ("kennis", "netwerk", "financiering", "arbeid"),
    "C": ("financiering", "arbeid", "kennis", "netwerk"),
    "D": ("netwerk", "kennis", "arbeid", "financiering"),
}
# Collaboration forms where firms share and learn from peers: first for D (and A, for inspiration).
SHARING_FORMS = ("learning-community", "civ", "practoraat", "lectoraat", "fieldlab", "netwerk")


class StepKind:
    LOKET = "loket"
    INSTRUMENTS = "instrumenten"
    ORGANISATIONS = "organisaties"
    EXAMPLES = "voorbeelden"
    CHECKLISTS = "checklists"


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
    today = today or datetime.date.today()
    region = profile.region
    kind = profile.entrepreneur_type
    factors = profile.factors or DEFAULT_FACTORS[kind]
    ordered_factors = [f for f in FACTOR_ORDER[kind] if f in factors]
    lineage = list(region.lineage.all())
    factor_names = dict(Factor.objects.values_list("slug", "name"))

    loket_step = _loket_step(region, lineage)
    instrument_steps = _instrument_steps(profile, ordered_factors, factor_names, today)
    organisations = _organisation_step(profile, factors, factor_names)
    examples = _example_step(profile, factors, lineage)
    checklists = _checklist_step(factors)

    if kind == "A":
        middle = [examples, organisations, *instrument_steps]
    elif kind == "D":
        middle = [organisations, examples, *instrument_steps]
    else:
        middle = [*instrument_steps, organisations, examples]
    steps = [loket_step, *(step for step in [*middle, checklists] if step.items)]
    return Route(profile=profile, steps=steps, loketten=loket_step.items)


# --- The first step: the loket ------------------------------------------------------------------------------


def _loket_step(region, lineage):
    loketten = list(
        Organisation.objects.published().innovatieloketten().serving(region).order_by("name", "slug")
    )
    if loketten:
        names = ", ".join(loket.name for loket in loketten)
        reason = _(
            "Het innovatieloket is uw eerste aanspreekpunt voor elke vraag over vernieuwen in %(region)s: "
            "%(names)s kent de regelingen en de mensen in uw regio."
        ) % {"region": region.name, "names": names}
        return Step(StepKind.LOKET, _("Bel of mail eerst uw innovatieloket"), reason, loketten)
    provinces = [r for r in lineage if r.scope == Scope.PROVINCIE]
    loketten = list(
        Organisation.objects.published()
        .innovatieloketten()
        .filter(regions__lineage__in=provinces)
        .distinct()
        .order_by("name", "slug")
    )
    province = provinces[0].name if provinces else ""
    reason = _(
        "Voor %(region)s kennen we geen eigen innovatieloket. De innovatieloketten van %(province)s helpen u "
        "ook verder: kies het loket dat het dichtst bij u is."
    ) % {"region": region.name, "province": province}
    note = _("Er is geen innovatieloket bekend voor %(region)s.") % {"region": region.name}
    return Step(StepKind.LOKET, _("Bel of mail eerst een innovatieloket"), reason, loketten, note=note)


# --- Instruments per lacking factor ---------------------------------------------------------------------


def _open_instruments(region, today):
    instruments = (
        Instrument.objects.published()
        .serving(region)
        .exclude(status=Instrument.Status.GESLOTEN)
        .select_related("provider")
        .prefetch_related("regions", "factors", "entrepreneur_types", "firm_sizes", "next_steps")
    )
    return [
        i
        for i in instruments
        if not (i.status == Instrument.Status.OPEN and i.closes_on and i.closes_on < today)
    ]


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


def _instrument_steps(profile, factors, factor_names, today):
    candidates = [i for i in _open_instruments(profile.region, today) if _fits(i, profile)]
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
                _("%(factor)s: regelingen en hulp") % {"factor": name},
                _factor_reason(profile.entrepreneur_type, factor),
                items,
                factor=factor,
            )
        )
    if profile.entrepreneur_type == "A":
        items = sorted(
            (
                i
                for i in candidates
                if any(t.code == "A" for t in i.entrepreneur_types.all()) and i.pk not in shown
            ),
            key=lambda i: (i.name, i.slug),
        )[:MAX_ITEMS]
        steps.append(
            Step(
                StepKind.INSTRUMENTS,
                _("Rustig beginnen"),
                _("U twijfelt nog of vernieuwen iets voor u is: deze programma's helpen u op weg."),
                _in_sequence(items),
            )
        )
    return steps


def _factor_reason(kind, factor):
    if kind == "C" and factor == "financiering":
        return _(
            "U heeft een plan maar nog geen financiering: deze regelingen helpen u om het plan te betalen."
        )
    if kind == "C" and factor == "arbeid":
        return _(
            "U heeft een plan maar nog niet de juiste mensen: hier vindt u hulp bij personeel en opleiding."
        )
    return {
        "kennis": _(
            "U mist nog kennis voor uw idee: hier vindt u wie u helpt om kennis te vinden en te gebruiken."
        ),
        "netwerk": _(
            "U zoekt partners om van uw idee een plan te maken: hier vindt u netwerken en hulp daarbij."
        ),
        "financiering": _("U mist nog geld om te vernieuwen: deze regelingen kunnen helpen."),
        "arbeid": _("U mist nog mensen met de juiste kennis: hier vindt u hulp bij personeel en opleiding."),
    }[factor]


# --- Organisations, examples, checklists ------------------------------------------------------------------


def _organisation_step(profile, factors, factor_names):
    kinds = [OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING]
    organisations = (
        Organisation.objects.published()
        .serving(profile.region)
        .filter(kind__in=kinds)
        .prefetch_related("factors", "entrepreneur_types", "themes")
    )
    sharing_first = profile.entrepreneur_type in ("A", "D")

    def rank(org):
        shared = sum(1 for f in org.factors.all() if f.slug in factors)
        explicit_type = any(t.code == profile.entrepreneur_type for t in org.entrepreneur_types.all())
        same_sector = profile.sector is not None and any(t.pk == profile.sector.pk for t in org.themes.all())
        sharing = sharing_first and org.collaboration_form in SHARING_FORMS
        return (-sharing, -explicit_type, -same_sector, -shared, org.name, org.slug)

    fitting = [
        org
        for org in organisations
        if _fits(org, profile) and (not factors or any(f.slug in factors for f in org.factors.all()))
    ]
    items = sorted(fitting, key=rank)[:MAX_ITEMS]
    if profile.entrepreneur_type == "D":
        title = _("Deel uw kennis en leer van anderen")
        reason = _(
            "U vernieuwt al: in deze samenwerkingen en learning communities deelt u uw kennis en helpt u "
            "andere ondernemers op weg."
        )
    elif profile.entrepreneur_type == "A":
        title = _("Ontmoet andere ondernemers")
        reason = _("Praten met anderen helpt om te ontdekken wat vernieuwen u kan opleveren.")
    else:
        names = ", ".join(factor_names.get(f, f).lower() for f in factors)
        title = _("Scholen, kennisinstellingen en samenwerkingen")
        reason = _("Deze organisaties in uw regio helpen ondernemers met %(factors)s.") % {"factors": names}
    return Step(StepKind.ORGANISATIONS, title, reason, items)


def _example_step(profile, factors, lineage):
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
    if profile.entrepreneur_type == "A":
        title = _("Zo begonnen andere ondernemers")
        reason = _(
            "Andere ondernemers gingen u voor: laat u inspireren door wat zij deden en wat het opleverde."
        )
    elif profile.entrepreneur_type == "D":
        title = _("Zo deden anderen het")
        reason = _(
            "Kijk wat anderen deden. Wilt u zelf een voorbeeld zijn voor andere ondernemers? "
            "Vertel het uw loket."
        )
    else:
        title = _("Zo deden andere ondernemers het")
        reason = _(
            "Deze ondernemers deden iets wat op uw plan lijkt: kijk welke organisaties en regelingen zij "
            "gebruikten."
        )
    return Step(StepKind.EXAMPLES, title, reason, items)


def _checklist_step(factors):
    checklists = Checklist.objects.published().order_by("order", "title", "slug")
    if factors:
        checklists = checklists.filter(factors__slug__in=factors).distinct()
    return Step(
        StepKind.CHECKLISTS,
        _("Goed voorbereid"),
        _("Loop deze punten na voordat u begint, dan weet u wat u nodig heeft en wat u kunt vragen."),
        list(checklists[:MAX_ITEMS]),
    )

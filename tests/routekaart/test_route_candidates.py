"""The route ranks on record sets and reads only the records it shows. On a grown catalogue each step must
show what a plain reference shows: every fitting record loaded and ranked in Python by the rules of
route_rules (labels raise the rank, a stated label above an inferred one, another sector only goes below)."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils import timezone

from catalog.models import (
    CommunityStatus,
    Factor,
    Instrument,
    KnowledgeForm,
    KnowledgeOffer,
    LearningCommunity,
    OfferDuration,
    OfferLevel,
    Organisation,
    OrganisationKind,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
    Theme,
)
from routekaart import engine, route_rules
from routekaart.engine import MAX_ITEMS, StepKind, route_for
from routekaart.profile import parse_profile
from routekaart.route_rules import RULES, SHARING_FORMS
from tests.kb_factories import KnowledgeOfferFactory, LearningCommunityFactory

pytestmark = pytest.mark.django_db

PROFILES = [
    "regio=twente&type=B&factor=kennis&factor=arbeid",
    "regio=rijssen-holten&type=A&factor=kennis&grootte=klein&sector=maakindustrie&doel=nieuw",
    "regio=zwolle&type=D&factor=netwerk&grootte=middel",
    "regio=salland&type=C&factor=financiering&factor=arbeid&grootte=micro&doel=verbeteren",
    "regio=deventer&type=A",
]


def grow():
    """A synthetic catalogue in which a third of the labels were inferred by an editor."""
    call_command("synthetic_catalog", instruments=300, stdout=StringIO())
    for model in (Instrument, PracticeExample):
        pks = model.objects.order_by("pk").values_list("pk", flat=True)[::3]
        model.objects.filter(pk__in=list(pks)).update(inferred=["entrepreneur_types", "firm_sizes"])
    grow_kennisbank()


def grow_kennisbank(offers=120, communities=60):
    """Knowledge offers and learning communities with random labels over the catalogue's regions; a third
    of the offers with a level an editor inferred."""
    rng = random.Random(13)
    regions = list(Region.objects.published())
    # broad regions and regions more often, so that every profile has more than five candidates
    regions += 4 * [
        r for r in regions if r.scope in (Scope.PROVINCIE, Scope.LANDSDEEL, Scope.LAND, Scope.REGIO)
    ]
    factors = list(Factor.objects.all())
    sectors = list(Theme.objects.filter(slug__in=route_rules.SECTORS)) + [None] * 6
    providers = list(Organisation.objects.published()[:40])

    def labels():
        sector = rng.choice(sectors)
        return {
            "regions": list(set(rng.sample(regions, rng.randint(1, 2)))),
            "factors": rng.sample(factors, rng.randint(0, 2)),
            "themes": [sector] if sector else [],
            "publication_status": rng.choice([PublicationStatus.PUBLISHED] * 5 + [PublicationStatus.CONCEPT]),
        }

    for n in range(offers):
        level = rng.choice([*OfferLevel.values, ""])
        KnowledgeOfferFactory(
            name=f"Kennisaanbod {rng.randint(0, 999):03d} {n}",
            provider=rng.choice(providers),
            form=rng.choice(KnowledgeForm.values),
            level=level,
            duration=rng.choice([*OfferDuration.values, ""]),
            inferred=["level"] if level and n % 3 == 0 else [],
            **labels(),
        )
    for n in range(communities):
        LearningCommunityFactory(
            name=f"Leergemeenschap {rng.randint(0, 999):03d} {n}",
            contact=rng.choice(providers),
            status=rng.choice(CommunityStatus.values),
            **labels(),
        )


class Reference:
    """The route's rules, on every fitting record loaded as objects."""

    def __init__(self, profile):
        self.profile = profile
        self.rules = RULES[profile.entrepreneur_type]
        self.factors = profile.factors or self.rules.default_factors
        self.lineage = {r.pk: r for r in profile.region.lineage.all()}
        sector = profile.sector.slug if profile.sector else ""
        self.sectors = {sector, *route_rules.RELATED_SECTORS.get(sector, ())} - {""}
        self.small = profile.firm_size in route_rules.SMALL_FIRMS

    @staticmethod
    def position(model):
        order = [*model._meta.ordering, "slug", "pk"]
        return {pk: i for i, pk in enumerate(model.objects.order_by(*order).values_list("pk", flat=True))}

    def weight(self, record, dimension, matches):
        if not matches:
            return 0
        inferred = dimension in (getattr(record, "inferred", None) or ())
        return route_rules.LABEL_WEIGHT["inferred" if inferred else "stated"]

    def type_weight(self, record):
        codes = {t.code for t in record.entrepreneur_types.all()}
        return self.weight(record, "entrepreneur_types", self.profile.entrepreneur_type in codes)

    def size_weight(self, record):
        sizes = {s.slug for s in record.firm_sizes.all()}
        return self.weight(
            record, "firm_sizes", bool(self.profile.firm_size) and self.profile.firm_size in sizes
        )

    def sector(self, record):
        return any(t.slug in self.sectors for t in record.themes.all())

    def other_sector_only(self, record):
        named = {t.slug for t in record.themes.all() if t.slug in route_rules.SECTORS}
        return bool(named) and not named & self.sectors

    def locality(self, record):
        return max(
            (Scope.rank(self.lineage[r.pk].scope) for r in record.regions.all() if r.pk in self.lineage),
            default=0,
        )

    def helped(self, record):
        return len([f for f in record.factors.all() if f.slug in self.factors])

    def instruments(self):
        offer = (
            Instrument.objects.on_offer(timezone.localdate())
            .firms_can_apply()
            .serving(self.profile.region)
            .prefetch_related("regions", "factors", "phases", "entrepreneur_types", "firm_sizes", "themes")
        )
        offer = [i for i in offer if not (self.sectors and self.other_sector_only(i))]
        position = self.position(Instrument)
        phase = route_rules.AMBITION_PHASES.get(self.profile.ambition)
        ordered = [f for f in self.rules.factor_order if f in self.factors]
        steps, shown = {}, set()
        for factor in ordered:

            def rank(i, factor=factor):
                slugs = [f.slug for f in i.factors.all()]
                return (
                    self.other_sector_only(i),
                    i.kind not in route_rules.FACTOR_KINDS.get(factor, ()),
                    not self.sector(i),
                    -self.locality(i),
                    -self.type_weight(i),
                    -self.size_weight(i),
                    not (phase and any(p.slug == phase for p in i.phases.all())),
                    -self.helped(i),
                    slugs != [factor],
                    position[i.pk],
                )

            helping = [i for i in offer if i.pk not in shown and factor in {f.slug for f in i.factors.all()}]
            steps[factor] = sorted(helping, key=rank)[:MAX_ITEMS]
            shown.update(i.pk for i in steps[factor])
        if self.rules.gentle_start:
            code = self.profile.entrepreneur_type
            meant = [
                i for i in offer if i.pk not in shown and code in {t.code for t in i.entrepreneur_types.all()}
            ]
            steps[None] = sorted(
                meant, key=lambda i: (self.other_sector_only(i), -self.locality(i), position[i.pk])
            )
            steps[None] = steps[None][:MAX_ITEMS]
        return {factor: {i.slug for i in items} for factor, items in steps.items()}

    def organisations(self):
        general = {OrganisationKind.KENNISINSTELLING, OrganisationKind.SAMENWERKING}
        kinds = general | (set(route_rules.SECTOR_ORGANISATION_KINDS) if self.sectors else set())
        position = self.position(Organisation)
        levels = route_rules.SCHOOL_LEVEL_ORDER if self.small else ()
        wants_school = any(f in route_rules.SCHOOL_FACTORS for f in self.factors)
        records = Organisation.objects.published().serving(self.profile.region).filter(kind__in=kinds)
        records = records.prefetch_related("regions", "factors", "entrepreneur_types", "themes")
        fitting = [
            o
            for o in records
            if (not self.factors or self.helped(o)) and (o.kind in general or self.sector(o))
        ]

        def rank(o):
            school = (
                o.kind == OrganisationKind.KENNISINSTELLING
                or o.collaboration_form in route_rules.SCHOOL_FORMS
            )
            return (
                self.other_sector_only(o),
                not (self.rules.sharing_first and o.collaboration_form in SHARING_FORMS),
                not self.sector(o),
                not (wants_school and school),
                levels.index(o.level) if o.level in levels else len(levels),
                -self.locality(o),
                -self.type_weight(o),
                -self.helped(o),
                position[o.pk],
            )

        return [o.slug for o in sorted(fitting, key=rank)[:MAX_ITEMS]]

    def examples(self):
        local = [pk for pk, r in self.lineage.items() if r.scope in (Scope.REGIO, Scope.GEMEENTE)]
        position = self.position(PracticeExample)
        records = (
            PracticeExample.objects.published()
            .with_places()
            .with_place_in(*local)
            .prefetch_related(
                "factors",
                "entrepreneur_types",
                "themes",
                Prefetch("organisations", queryset=Organisation.objects.published()),
            )
        )

        def rank(e):
            kinds = [o.kind for o in e.organisations.all()]
            closeness = 2 * self.sector(e) + 2 * bool(e.place_in) + e.in_province
            return (
                not engine.is_peer_practice(kinds),
                bool(self.sectors) and self.other_sector_only(e),
                -closeness,
                not self.sector(e),
                -self.helped(e),
                -self.type_weight(e),
                position[e.pk],
            )

        return [e.slug for e in sorted(records, key=rank)[:MAX_ITEMS]]

    def wants_knowledge(self):
        return any(f in route_rules.KNOWLEDGE_FACTORS for f in self.factors)

    def knowledge(self):
        if not self.wants_knowledge():
            return None
        position = self.position(KnowledgeOffer)
        records = KnowledgeOffer.objects.published().serving(self.profile.region)
        records = [o for o in records.prefetch_related("regions", "factors", "themes") if self.helped(o)]

        def small_score(o):
            if not self.small:
                return 0
            mbo = o.level == route_rules.SMALL_FIRM_OFFER_LEVEL
            concrete = o.form in route_rules.SHORT_CONCRETE_FORMS or o.duration == route_rules.SHORT_DURATION
            return self.weight(o, "level", mbo) + route_rules.LABEL_WEIGHT["stated"] * concrete

        def rank(o):
            return (
                self.other_sector_only(o),
                not self.sector(o),
                -small_score(o),
                -self.locality(o),
                -self.helped(o),
                position[o.pk],
            )

        return [o.slug for o in sorted(records, key=rank)[:MAX_ITEMS]]

    def communities(self):
        if not self.wants_knowledge():
            return None
        position = self.position(LearningCommunity)
        records = LearningCommunity.objects.published().serving(self.profile.region)
        records = records.filter(status__in=route_rules.COMMUNITY_SHOWN)

        def rank(c):
            return (
                self.other_sector_only(c),
                not self.helped(c),
                c.status not in route_rules.COMMUNITY_OPEN,
                not self.sector(c),
                -self.helped(c),
                -self.locality(c),
                position[c.pk],
            )

        records = records.prefetch_related("regions", "factors", "themes")
        return [c.slug for c in sorted(records, key=rank)[:MAX_ITEMS]]


def route(query):
    profile, errors = parse_profile(QueryDict(query))
    assert profile is not None, errors
    return profile, route_for(profile)


def test_every_step_shows_what_ranking_every_fitting_record_shows():
    grow()
    for query in PROFILES:
        profile, result = route(query)
        reference = Reference(profile)
        steps = [s for s in result.steps if s.kind == StepKind.INSTRUMENTS]
        expected = {key: slugs for key, slugs in reference.instruments().items() if slugs}
        assert {s.factor or None: {i.slug for i in s.items} for s in steps} == expected, query
        assert any(len(slugs) == MAX_ITEMS for slugs in expected.values())
        [organisations] = [s.items for s in result.steps if s.kind == StepKind.ORGANISATIONS] or [[]]
        assert [o.slug for o in organisations] == reference.organisations(), query
        [examples] = [s.items for s in result.steps if s.kind == StepKind.EXAMPLES]
        assert [e.slug for e in examples] == reference.examples(), query
        assert len(examples) == MAX_ITEMS
        for kind, expected in [
            (StepKind.KNOWLEDGE, reference.knowledge()),
            (StepKind.COMMUNITIES, reference.communities()),
        ]:
            shown = [s.items for s in result.steps if s.kind == kind]
            assert [[r.slug for r in items] for items in shown] == ([expected] if expected else []), query
            assert expected is None or len(expected) == MAX_ITEMS, query

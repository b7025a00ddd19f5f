"""Reads that pages share: each returns plain data or a queryset with everything its template needs."""

from dataclasses import dataclass

from django.db.models import Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from pyroaring import BitMap

from .models import (
    Checklist,
    Factor,
    Instrument,
    Membership,
    Organisation,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
)
from .recordsets import record_sets


def catalog_counts():
    return {
        "instruments": len(on_offer()),
        "organisations": len(published(Organisation)),
        "practice_examples": len(published(PracticeExample)),
    }


# --- Sets of records (catalog.recordsets): what many pages count and list, read once per version ------


def on_offer(today=None):
    """The instruments on offer today (`Instrument.objects.on_offer`) as a record set."""
    today = today or timezone.localdate()
    return record_sets(Instrument).named(("on_offer", today), lambda: Instrument.objects.on_offer(today))


def firms_can_apply():
    return record_sets(Instrument).named("firms_can_apply", Instrument.objects.firms_can_apply)


def published(model):
    return record_sets(model).named("published", model.objects.published)


def serving(model, region):
    """The records whose werkgebied contains `region` (`serving`: the region or a region above it)."""
    return record_sets(model).named(("serving", region.pk), lambda: model.objects.serving(region))


def within(region):
    """The practice examples that took place in `region` or inside it (`PracticeExample.objects.within`)."""
    return record_sets(PracticeExample).named(
        ("within", region.pk), lambda: PracticeExample.objects.within(region)
    )


def with_label(model, path, value):
    """The records whose `path` (such as "factors__slug") has `value`."""
    return record_sets(model).by(path).get(value, BitMap())


def section(model, records, cards, limit):
    """{"items": the first `limit` of the set `records`, read from `cards`; "count": how many there are}."""
    return {"items": record_sets(model).first(records, cards, limit), "count": len(records)}


def featured_examples(*, limit=3):
    """A few practice examples from Overijssel for the home page."""
    return list(
        _example_cards().filter(collection=PracticeExample.Collection.OVERIJSSEL).order_by("title")[:limit]
    )


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


def _example_cards():
    return (
        PracticeExample.objects.published().select_related("region").prefetch_related("factors").with_places()
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


def _participations():
    return Membership.objects.filter(collaboration__publication_status=PublicationStatus.PUBLISHED)


def organisations_for_detail(queryset=None):
    queryset = Organisation.objects.published() if queryset is None else queryset
    instruments = Instrument.objects.published()
    co_provided = Instrument.other_providers.through.objects.filter(organisation=OuterRef(OuterRef("pk")))
    return queryset.annotate(
        member_count=_count(_members().filter(collaboration=OuterRef("pk"))),
        participation_count=_count(_participations().filter(member=OuterRef("pk"))),
        instrument_count=_count(instruments.filter(provider=OuterRef("pk"))),
        co_provided_count=_count(instruments.filter(other_providers=OuterRef("pk"))),
        # what the instrument list filtered on this provider shows (instruments on offer)
        offer_count=_count(
            Instrument.objects.on_offer().filter(
                Q(provider=OuterRef("pk")) | Q(pk__in=co_provided.values("instrument_id"))
            )
        ),
        example_count=_count(_examples().filter(organisations=OuterRef("pk"))),
        partner_example_count=_count(_examples().filter(partners=OuterRef("pk"))),
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
        Prefetch(
            "participations",
            queryset=_first(
                _participations().select_related("collaboration").order_by("collaboration__name")
            ),
            to_attr="shown_participations",
        ),
        Prefetch("instruments", queryset=_first(_instrument_cards()), to_attr="shown_instruments"),
        Prefetch(
            "co_provided_instruments", queryset=_first(_instrument_cards()), to_attr="shown_co_provided"
        ),
        Prefetch("practice_examples", queryset=_first(_example_cards()), to_attr="shown_examples"),
        Prefetch("partner_in_examples", queryset=_first(_example_cards()), to_attr="shown_partner_examples"),
    )


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
    `limit`, at most that many loketten and their number (one COUNT when there are more)."""
    own = _bounded(Organisation.objects.loketten_serving(region).prefetch_related(_werkgebied()), limit)
    if own[0]:
        return LoketAnswer(region, own[0], own=True, count=own[1])
    lineage = region.lineage.all() if lineage is None else lineage
    province = next((r for r in lineage if r.scope == Scope.PROVINCIE), None)
    if province is None:
        return LoketAnswer(region, [], own=False)
    loketten, count = _bounded(province_loketten(province), limit)
    return LoketAnswer(region, loketten, own=False, province=province, count=count)


def _bounded(queryset, limit):
    """(the first `limit` records, their number when there are more) or (all records, None)."""
    if limit is None:
        return list(queryset), None
    items = list(queryset[: limit + 1])
    return items[:limit], queryset.count() if len(items) > limit else None

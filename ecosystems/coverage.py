"""Coverage and gaps (the dekkingskaart): how many offers serve a firm, per region, factor, type and size.

Plain functions returning plain data. Every cell is the size of an intersection of record sets
(catalog.recordsets: the supply, a region's area, a factor, a kind, a label), each read once per catalogue
version from the queryset that defines it, so a matrix costs no query per cell or per record; the matrices
are also cached under a version key that ecosystems.signals bumps whenever a record that could change a count
is saved or deleted. See docs/coverage.md for what is counted and why.

What counts as an offer (the same sets the public lists show, so every number links to a list of that length):
- instrumenten: instruments on offer today (`Instrument.objects.on_offer`) that a firm can apply for itself
  (`firms_can_apply`): a fund for schools or an investment agenda is no supply for a firm;
- loketten: published organisations of kind innovatieloket;
- samenwerkingen: published organisations of kind samenwerking;
- kennisaanbod (a matrix of its own, regions x levels): published knowledge offers (catalog.KnowledgeOffer).
An offer counts for region R when it is offered in R or in a place inside R (`catalog.regions.in_area`):
for R itself, a region containing R, a region inside R or overlapping it. So no region shows less than a
region inside it. Each record counts once per cell (a set holds it once), however many of its regions match.

A zero is a gap (*leemte*) only when the offers in that region do carry labels of the matrix's dimension; when
some offers there carry no label of it at all (no type, no size, no factor, no known partner), the zero may be
a missing label: the cell says "niet gelabeld (N)" instead.
"""

import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, CharField, Q, When
from django.urls import reverse
from django.utils import timezone
from pyroaring import BitMap

from catalog import selectors
from catalog.models import (
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    InstrumentKind,
    KnowledgeLevel,
    KnowledgeOffer,
    OfferLevel,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    Region,
    Scope,
)
from catalog.recordsets import record_sets
from catalog.regions import AREA
from catalog.selectors import list_url

INSTRUMENTS, LOKETTEN, COLLABORATIONS = "instrumenten", "loketten", "samenwerkingen"
KNOWLEDGE_OFFERS = "kennisaanbod"  # the part of a cell of the knowledge matrix
ORGANISATIONS = "organisaties"  # the model of loketten and collaborations (`Supply.sets`)
ORGANISATION_PARTS = {
    OrganisationKind.INNOVATIELOKET: LOKETTEN,
    OrganisationKind.SAMENWERKING: COLLABORATIONS,
}
PARTNER_LEVELS = [KnowledgeLevel.MBO, KnowledgeLevel.HBO, KnowledgeLevel.WO]
ALL_COLLABORATIONS = "alle"

# The kinds of money a firm can use: the columns of the financiering matrix, in this order.
MONEY_KINDS = (
    InstrumentKind.KREDIET,
    InstrumentKind.GARANTIE,
    InstrumentKind.SUBSIDIE,
    InstrumentKind.VOUCHER,
    InstrumentKind.FONDS,
    InstrumentKind.OPLEIDINGSFONDS,
    InstrumentKind.PRIJS,
)

# The matrices of the page, by the name used in URLs (/dekking/<name>.csv) and in snapshots.
REGION, KIND, TYPE, SIZE, PARTNERS = "regio", "soort", "type", "grootte", "mbo"
KNOWLEDGE = "kennisaanbod"
MATRICES = (REGION, KIND, TYPE, SIZE, PARTNERS, KNOWLEDGE)
# The columns of the knowledge matrix: mbo first (the SER's concern: mbo schools are often missed), then hbo,
# wo, research and firms ("ondernemers leren van ondernemers").
KNOWLEDGE_LEVELS = (OfferLevel.MBO, OfferLevel.HBO, OfferLevel.WO, OfferLevel.ONDERZOEK, OfferLevel.BEDRIJF)


@dataclass(frozen=True)
class Axis:
    """A row or column: its key (slug or code), its label and, for regions, its page."""

    key: str
    label: str
    url: str = ""
    short: str = ""  # for chart labels; the label when empty

    @property
    def chart_label(self):
        return self.short or self.label


@dataclass(frozen=True)
class Part:
    """One kind of offer in a cell, with the list that shows exactly these `count` records."""

    kind: str
    count: int
    url: str


@dataclass
class Cell:
    row: Axis
    column: Axis
    parts: list[Part]
    threshold: int | None = None  # None: no fragmentation mark in this matrix
    change: int | None = None  # since the last snapshot; None when there is none
    unlabelled: int = 0  # offers in the cell's region that carry no label of the matrix's dimension

    @cached_property
    def total(self):
        return sum(part.count for part in self.parts)

    @property
    def not_labelled(self):
        """Nothing labelled here, but some offers here say nothing about this dimension: maybe no gap."""
        return self.total == 0 and self.unlabelled > 0

    @property
    def gap(self):
        """No supply: nothing here, and every offer here is labelled in this dimension."""
        return self.total == 0 and not self.unlabelled

    @property
    def fragmented(self):
        return self.threshold is not None and self.total > self.threshold


@dataclass
class Matrix:
    name: str
    rows: list[Axis]
    columns: list[Axis]
    cells: dict = field(default_factory=dict)  # (row key, column key) -> Cell
    region: Axis | None = None  # for the type and size matrices: the region they are computed for

    def cell(self, row, column):
        return self.cells[row, column]

    @property
    def table(self):
        """[(row, [cell per column]), ...] for templates."""
        return [(row, [self.cells[row.key, column.key] for column in self.columns]) for row in self.rows]

    @property
    def gaps(self):
        return [cell for cell in self.cells.values() if cell.gap]

    @property
    def fragmented(self):
        return [cell for cell in self.cells.values() if cell.fragmented]

    @property
    def not_labelled(self):
        return [cell for cell in self.cells.values() if cell.not_labelled]

    @property
    def maximum(self):
        return max((cell.total for cell in self.cells.values()), default=0)

    def totals(self):
        """{row key: {column key: total}}: what a snapshot keeps."""
        return {row.key: {c.key: self.cells[row.key, c.key].total for c in self.columns} for row in self.rows}


def threshold():
    return settings.COVERAGE_FRAGMENTATION_THRESHOLD


# --- Rows and columns ---------------------------------------------------------------------------------------


def _province(province):
    """The province slug asked for, else the portal's (read per call, so tests can override the setting)."""
    return province or settings.PORTAL_PROVINCE


def coverage_regions(*, province=None):
    """The rows of the region matrix: the province itself first (everything offered in it), then its regions
    (scope regio) by name. One query."""
    province = _province(province)
    regions = Region.objects.published().filter(
        Q(slug=province) | Q(scope=Scope.REGIO, lineage__slug=province)
    )
    return sorted(regions.distinct(), key=lambda region: (region.scope != Scope.PROVINCIE, region.name))


def _region_axis(region):
    return Axis(region.slug, region.name, reverse("ecosystems:region_detail", args=[region.slug]))


def _factor_axes():
    # Short chart label: "Arbeid (human capital)" -> "Arbeid"
    return [Axis(f.slug, f.name, short=f.name.split(" (")[0]) for f in Factor.objects.order_by("order")]


def _offer_parts(counts, key, filters):
    """The three parts of a cell: instruments, loketten, collaborations, each with its list URL."""
    instruments = list_url("catalog:instrument_list", **filters, aanvraagbaar="ja")
    return [
        Part(INSTRUMENTS, counts.get((INSTRUMENTS, *key), 0), instruments),
        *(
            Part(
                part,
                counts.get((part, *key), 0),
                list_url("catalog:organisation_list", soort=kind.value, **filters),
            )
            for kind, part in ORGANISATION_PARTS.items()
        ),
    ]


# --- Record sets --------------------------------------------------------------------------------------------


def supply_instruments(today=None):
    """The instruments that count as supply: on offer today and open to a firm's own application. The SQL
    definition; the matrices count the same records from record sets (`Supply.parts`)."""
    return Instrument.objects.on_offer(today).firms_can_apply().order_by()


class Supply:
    """The record sets (catalog.recordsets) one computation counts with. Each set is read from the queryset
    that defines it once per catalogue version and kept in the process; a cell is the size of an intersection
    of sets, so a matrix costs no query once its sets are read."""

    def __init__(self):
        self.sets = {INSTRUMENTS: record_sets(Instrument), ORGANISATIONS: record_sets(Organisation)}

    @cached_property
    def factor_axes(self):
        """The columns of the factor matrices (one query per computation)."""
        return _factor_axes()

    def _of(self, part):
        return self.sets[_model(part)]

    @cached_property
    def parts(self):
        """{part: its records}: instruments on offer today (`on_offer`) that a firm can apply for
        (`firms_can_apply`); published loketten; published collaborations."""
        instruments, organisations = self.sets[INSTRUMENTS], self.sets[ORGANISATIONS]
        published = selectors.published(Organisation, organisations)
        by_kind = organisations.by("kind")
        return {
            INSTRUMENTS: selectors.on_offer(instruments) & selectors.firms_can_apply(instruments),
            **{part: published & by_kind.get(kind, BitMap()) for kind, part in ORGANISATION_PARTS.items()},
        }

    def by(self, part, path):
        """{value of `path`: records of the part's model} (`RecordSets.by`); under None: any value."""
        sets = self._of(part)
        groups = sets.by(path)
        labelled = sets.memo(("labelled", path), lambda: BitMap.union(BitMap(), *groups.values()))
        return {**groups, None: labelled}

    def offered_in(self, regions):
        """{region pk: {part: its records offered in the region's area}} (`catalog.regions.in_area`). Each
        area is a record set named ("in_area", region pk); those not yet read are read in one query per
        model, grouped by the region path that `in_area` filters on."""
        pks = [region.pk for region in regions]
        areas = {
            name: sets.named_each(
                "in_area", pks, lambda values, m=sets.model: m.objects.filter(**{f"{AREA}__in": values}), AREA
            )
            for name, sets in self.sets.items()
        }
        return {
            pk: {part: records & areas[_model(part)][pk] for part, records in self.parts.items()}
            for pk in pks
        }

    @cached_property
    def knowledge_sets(self):
        return record_sets(KnowledgeOffer)

    def knowledge_offered_in(self, regions):
        """{region pk: the published knowledge offers offered in the region's area}, as `offered_in`."""
        sets = self.knowledge_sets
        areas = sets.named_each(
            "in_area",
            [r.pk for r in regions],
            lambda values: KnowledgeOffer.objects.filter(**{f"{AREA}__in": values}),
            AREA,
        )
        offers = selectors.published(KnowledgeOffer, sets)
        return {pk: offers & area for pk, area in areas.items()}

    def partner_levels(self):
        """{level: collaborations with a published member of that level ("" for a member without one)}, in
        one query per version; the list's `partnerniveau` reads the same (catalog.filters)."""
        published_level = Case(
            When(
                memberships__member__publication_status=PublicationStatus.PUBLISHED,
                then="memberships__member__level",
            ),
            default=None,
            output_field=CharField(),
        )
        collaborations = Organisation.objects.filter(kind=OrganisationKind.SAMENWERKING)
        return self.sets[ORGANISATIONS].grouped(("published member level",), collaborations, published_level)


def _model(part):
    """The key of the part's model in `Supply.sets`."""
    return INSTRUMENTS if part == INSTRUMENTS else ORGANISATIONS


def _cardinalities(records, groups, keys):
    """{key: number of `records` in the group of key} for each of `keys`."""
    return {key: records.intersection_cardinality(groups.get(key, BitMap())) for key in keys}


def region_matrix(*, regions=None, province=None, supply=None):
    """Regions x factors: instruments, loketten and collaborations offered in each region; those without
    any factor are the unlabelled ones. Queries: rows (unless given), factors, sets not yet read."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    supply = supply or Supply()
    rows, columns = [_region_axis(r) for r in regions], supply.factor_axes
    factors = [column.key for column in columns]
    offered = supply.offered_in(regions)
    limit = threshold()
    matrix = Matrix(REGION, rows, columns)
    for region, row in zip(regions, rows, strict=True):
        counts, unlabelled = {}, 0
        for part, records in offered[region.pk].items():
            by_factor = supply.by(part, "factors__slug")
            for factor, n in _cardinalities(records, by_factor, factors).items():
                counts[part, row.key, factor] = n
            unlabelled += len(records - by_factor[None])
        for column in columns:
            parts = _offer_parts(counts, (row.key, column.key), {"gebied": row.key, "factor": column.key})
            matrix.cells[row.key, column.key] = Cell(row, column, parts, limit, unlabelled=unlabelled)
    return matrix


def kind_matrix(*, regions=None, province=None, supply=None):
    """Regions x the kinds of money a firm can use (MONEY_KINDS): instruments offered in each region, of any
    factor. Every instrument has a kind, so a zero here is always a gap. Queries: rows (unless given), and the
    record sets not yet read."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    supply = supply or Supply()
    rows = [_region_axis(r) for r in regions]
    # Short chart label: "Krediet of lening" -> "Krediet"
    columns = [Axis(kind.value, kind.label, short=str(kind.label).split(" ")[0]) for kind in MONEY_KINDS]
    offered, by_kind = supply.offered_in(regions), supply.by(INSTRUMENTS, "kind")
    limit = threshold()
    matrix = Matrix(KIND, rows, columns)
    for region, row in zip(regions, rows, strict=True):
        counts = _cardinalities(offered[region.pk][INSTRUMENTS], by_kind, [c.key for c in columns])
        for column in columns:
            filters = {"gebied": row.key, "soort": column.key, "aanvraagbaar": "ja"}
            part = Part(INSTRUMENTS, counts[column.key], list_url("catalog:instrument_list", **filters))
            matrix.cells[row.key, column.key] = Cell(row, column, [part], limit)
    return matrix


def _by_label_and_factor(supply, region, parts, path, rows, columns):
    """For `region`: {(part, label, factor): records naming both} for the labels of `path` (the rows), and
    {factor: records naming no label of `path`} over all `parts`."""
    offered = supply.offered_in([region])[region.pk]
    factors = [column.key for column in columns]
    counts, unlabelled = {}, dict.fromkeys(factors, 0)
    for part in parts:
        records, labels = offered[part], supply.by(part, path)
        by_factor = supply.by(part, "factors__slug")
        for row in rows:
            with_label = records & labels.get(row.key, BitMap())
            for factor, n in _cardinalities(with_label, by_factor, factors).items():
                counts[part, row.key, factor] = n
        for factor, n in _cardinalities(records - labels[None], by_factor, factors).items():
            unlabelled[factor] += n
    return counts, unlabelled


def type_matrix(*, region, supply=None):
    """Entrepreneur types A-D x factors for `region`: records that name the type explicitly; per factor, the
    records without any type are the unlabelled ones. Queries: types, factors, and the record sets not yet
    read."""
    supply = supply or Supply()
    rows = [Axis(t.code, t.name, short=f"Type {t.code}") for t in EntrepreneurType.objects.order_by("code")]
    columns = supply.factor_axes
    counts, unlabelled = _by_label_and_factor(
        supply,
        region,
        [INSTRUMENTS, *ORGANISATION_PARTS.values()],
        "entrepreneur_types__code",
        rows,
        columns,
    )
    matrix = Matrix(TYPE, rows, columns, region=_region_axis(region))
    limit = threshold()
    for row in rows:
        for column in columns:
            filters = {"gebied": region.slug, "type": row.key, "factor": column.key}
            matrix.cells[row.key, column.key] = Cell(
                row,
                column,
                _offer_parts(counts, (row.key, column.key), filters),
                limit,
                unlabelled=unlabelled[column.key],
            )
    return matrix


def size_matrix(*, region, supply=None):
    """Firm sizes x factors for `region`: instruments that name the size (only instruments have target
    sizes); per factor, the instruments without any size are the unlabelled ones. Queries: sizes, factors,
    and the record sets not yet read."""
    supply = supply or Supply()
    rows = [Axis(s.slug, s.name) for s in FirmSize.objects.order_by("order")]
    columns = supply.factor_axes
    counts, unlabelled = _by_label_and_factor(
        supply, region, [INSTRUMENTS], "firm_sizes__slug", rows, columns
    )
    matrix = Matrix(SIZE, rows, columns, region=_region_axis(region))
    limit = threshold()
    for row in rows:
        for column in columns:
            filters = {"gebied": region.slug, "grootte": row.key, "factor": column.key, "aanvraagbaar": "ja"}
            count = counts[INSTRUMENTS, row.key, column.key]
            part = Part(INSTRUMENTS, count, list_url("catalog:instrument_list", **filters))
            cell = Cell(row, column, [part], limit, unlabelled=unlabelled[column.key])
            matrix.cells[row.key, column.key] = cell
    return matrix


def partner_matrix(*, regions=None, province=None, supply=None):
    """Regions x (all collaborations, with an mbo / hbo / wo member): collaborations offered in each region,
    and how many of them have a published member school of each level; those with no published member at
    all are the unlabelled ones. Queries: rows (unless given), and the record sets not yet read."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    supply = supply or Supply()
    rows = [_region_axis(r) for r in regions]
    columns = [Axis(ALL_COLLABORATIONS, ""), *(Axis(level.value, level.label) for level in PARTNER_LEVELS)]
    offered, levels = supply.offered_in(regions), supply.partner_levels()
    matrix = Matrix(PARTNERS, rows, columns)
    for region, row in zip(regions, rows, strict=True):
        collaborations = offered[region.pk][COLLABORATIONS]
        counts = {
            ALL_COLLABORATIONS: len(collaborations),
            **_cardinalities(collaborations, levels, [c.key for c in columns[1:]]),
        }
        without_members = len(collaborations - BitMap.union(BitMap(), *levels.values()))
        for column in columns:
            filters = {"soort": OrganisationKind.SAMENWERKING.value, "gebied": row.key}
            if column.key != ALL_COLLABORATIONS:
                filters["partnerniveau"] = column.key
            part = Part(COLLABORATIONS, counts[column.key], list_url("catalog:organisation_list", **filters))
            # "All collaborations" has no label to miss: a zero there is a gap.
            missing = without_members if column.key != ALL_COLLABORATIONS else 0
            matrix.cells[row.key, column.key] = Cell(row, column, [part], unlabelled=missing)
    return matrix


def knowledge_matrix(*, regions=None, province=None, supply=None):
    """Regions x levels (KNOWLEDGE_LEVELS): the published knowledge offers offered in each region at each
    level. A zero is "no supply" (leemte) when every offer there names its level, and "not labelled" when some
    offers there name none (`level` blank: unknown). Queries: rows (unless given), and the record sets not
    yet read."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    supply = supply or Supply()
    rows = [_region_axis(r) for r in regions]
    columns = [Axis(level.value, level.label) for level in KNOWLEDGE_LEVELS]
    offered, by_level = supply.knowledge_offered_in(regions), supply.knowledge_sets.by("level")
    limit = threshold()
    matrix = Matrix(KNOWLEDGE, rows, columns)
    for region, row in zip(regions, rows, strict=True):
        records = offered[region.pk]
        counts = _cardinalities(records, by_level, [c.key for c in columns])
        unlabelled = records.intersection_cardinality(by_level.get("", BitMap()))
        for column in columns:
            url = list_url("catalog:knowledgeoffer_list", gebied=row.key, niveau=column.key)
            part = Part(KNOWLEDGE_OFFERS, counts[column.key], url)
            matrix.cells[row.key, column.key] = Cell(row, column, [part], limit, unlabelled=unlabelled)
    return matrix


# --- Cache --------------------------------------------------------------------------------------------------

VERSION_KEY = "coverage:version"
TIMEOUT = 24 * 60 * 60


def bump_version():
    """Invalidate every cached matrix (called by ecosystems.signals when a record changes)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _cached(key, compute):
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    # Dated: what is on offer changes at midnight (closing dates) without any record being saved.
    full_key = f"coverage:{version}:{timezone.localdate().isoformat()}:{key}"
    result = cache.get(full_key)
    if result is None:
        result = compute()
        cache.set(full_key, result, TIMEOUT)
    return result


def coverage(*, region=None, province=None):
    """The matrices of /dekking/: regions x factors, regions x kinds of money, mbo/hbo/wo participation,
    knowledge offers per level, and types and sizes x factors for `region` (default: the province). Cached;
    when not, six queries (rows, factors, types, sizes) once the record sets of this catalogue version are
    read, whatever the data."""
    province = _province(province)

    def compute():
        regions, supply = coverage_regions(province=province), Supply()
        selected = region or next(r for r in regions if r.slug == province)
        return {
            REGION: region_matrix(regions=regions, supply=supply),
            KIND: kind_matrix(regions=regions, supply=supply),
            PARTNERS: partner_matrix(regions=regions, supply=supply),
            KNOWLEDGE: knowledge_matrix(regions=regions, supply=supply),
            TYPE: type_matrix(region=selected, supply=supply),
            SIZE: size_matrix(region=selected, supply=supply),
        }

    return _cached(f"page:{province}:{region.slug if region else ''}", compute)


def region_coverage(region):
    """Coverage for one region's page: its row of the factor and partner matrices. One query (the factors)
    when not cached, once the record sets of this catalogue version are read."""

    def compute():
        supply = Supply()
        return {
            REGION: region_matrix(regions=[region], supply=supply),
            PARTNERS: partner_matrix(regions=[region], supply=supply),
        }

    return _cached(f"region:{region.slug}", compute)


# --- Snapshots and change -----------------------------------------------------------------------------------


def snapshot_data(*, province=None):
    """What a snapshot keeps: the totals of every matrix, the type and size matrices for every row region.
    {"regio": {row: {column: n}}, "mbo": ..., "type:<region>": ..., "grootte:<region>": ...}"""
    regions, supply = coverage_regions(province=province), Supply()
    data = {
        REGION: region_matrix(regions=regions, supply=supply).totals(),
        KIND: kind_matrix(regions=regions, supply=supply).totals(),
        PARTNERS: partner_matrix(regions=regions, supply=supply).totals(),
        KNOWLEDGE: knowledge_matrix(regions=regions, supply=supply).totals(),
    }
    for region in regions:
        data[f"{TYPE}:{region.slug}"] = type_matrix(region=region, supply=supply).totals()
        data[f"{SIZE}:{region.slug}"] = size_matrix(region=region, supply=supply).totals()
    return data


def snapshot_key(matrix):
    return f"{matrix.name}:{matrix.region.key}" if matrix.region else matrix.name


def with_changes(matrix, previous):
    """Set `change` on every cell against a snapshot's data (None where the snapshot has no such cell)."""
    before = (previous or {}).get(snapshot_key(matrix), {})
    for (row, column), cell in matrix.cells.items():
        old = before.get(row, {}).get(column)
        cell.change = None if old is None else cell.total - old
    return matrix

"""Coverage and gaps (the dekkingskaart): how many offers serve a firm, per region, factor, type and size.

Plain functions returning plain data. Every matrix is computed with a fixed number of grouped queries
(never one per cell), and cached under a version key that ecosystems.signals bumps whenever a record that
could change a count is saved or deleted. See docs/coverage.md for what is counted and why.

What counts as an offer (the same sets the public lists show, so every number links to a list of that length):
- instrumenten: instruments on offer today (`Instrument.objects.on_offer`) that a firm can apply for itself
  (`firms_can_apply`): a fund for schools or an investment agenda is no supply for a firm;
- loketten: published organisations of kind innovatieloket;
- samenwerkingen: published organisations of kind samenwerking.
An offer counts for region R when it is offered in R or in a place inside R (`catalog.regions.in_area`):
for R itself, a region containing R, a region inside R or overlapping it. So no region shows less than a
region inside it. Each record counts once per cell (DISTINCT), however many of its regions match.

A zero is a gap (*leemte*) only when the offers in that region do carry labels of the matrix's dimension; when
some offers there carry no label of it at all (no type, no size, no factor, no known partner), the zero may be
a missing label: the cell says "niet gelabeld (N)" instead.
"""

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import (
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    InstrumentKind,
    KnowledgeLevel,
    Membership,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    Region,
    Scope,
)
from catalog.regions import AREA, in_area

INSTRUMENTS, LOKETTEN, COLLABORATIONS = "instrumenten", "loketten", "samenwerkingen"
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
MATRICES = (REGION, KIND, TYPE, SIZE, PARTNERS)


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

    @property
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


def _list_url(name, **params):
    query = [(key, value) for key, values in params.items() for value in _as_list(values)]
    return f"{reverse(name)}?{urlencode(query)}"


def _as_list(value):
    return value if isinstance(value, list | tuple) else [value]


def _offer_parts(counts, key, filters):
    """The three parts of a cell: instruments, loketten, collaborations, each with its list URL."""
    instruments = _list_url("catalog:instrument_list", **filters, aanvraagbaar="ja")
    return [
        Part(INSTRUMENTS, counts.get((INSTRUMENTS, *key), 0), instruments),
        *(
            Part(
                part,
                counts.get((part, *key), 0),
                _list_url("catalog:organisation_list", soort=kind.value, **filters),
            )
            for kind, part in ORGANISATION_PARTS.items()
        ),
    ]


# --- Queries ------------------------------------------------------------------------------------------------


def supply_instruments(today=None):
    """The instruments that count as supply: on offer today and open to a firm's own application."""
    return Instrument.objects.on_offer(today).firms_can_apply().order_by()


def _organisations():
    return Organisation.objects.published().order_by().filter(kind__in=list(ORGANISATION_PARTS))


def _grouped_counts(*, by, instruments=None, organisations=None):
    """{(part, *values of `by`): distinct records}; one query per queryset. `by` are field paths that both
    querysets share (e.g. factors__slug)."""
    counts = {}
    if instruments is not None:
        for row in instruments.values(*by).annotate(n=Count("pk", distinct=True)):
            counts[(INSTRUMENTS, *(row[path] for path in by))] = row["n"]
    if organisations is not None:
        for row in organisations.values("kind", *by).annotate(n=Count("pk", distinct=True)):
            counts[(ORGANISATION_PARTS[row["kind"]], *(row[path] for path in by))] = row["n"]
    return counts


def _unlabelled_counts(*, by, querysets):
    """{values of `by`: distinct records over all `querysets`} (the querysets do not overlap)."""
    counts = {}
    for queryset in querysets:
        for row in queryset.values(*by).annotate(n=Count("pk", distinct=True)):
            key = tuple(row[path] for path in by)
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


# Grouping by the row region: the record's regions, the regions they serve (their descendants), and every
# region those lie in (their lineage) give (R, record) for each area R the record is offered in.
ROW = f"{AREA}__slug"


def _in_rows(queryset, regions):
    return queryset.filter(**{f"{AREA}__in": regions})


def region_matrix(*, regions=None, province=None):
    """Regions x factors: instruments, loketten and collaborations offered in each region.
    Queries: rows (unless given), factors, instruments, organisations, and the same two for offers without
    any factor."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    rows, columns = [_region_axis(r) for r in regions], _factor_axes()
    instruments, organisations = _in_rows(supply_instruments(), regions), _in_rows(_organisations(), regions)
    counts = _grouped_counts(by=[ROW, "factors__slug"], instruments=instruments, organisations=organisations)
    unlabelled = _unlabelled_counts(
        by=[ROW], querysets=[qs.filter(factors=None) for qs in (instruments, organisations)]
    )
    limit = threshold()
    matrix = Matrix(REGION, rows, columns)
    for row in rows:
        for column in columns:
            parts = _offer_parts(counts, (row.key, column.key), {"gebied": row.key, "factor": column.key})
            cell = Cell(row, column, parts, limit, unlabelled=unlabelled.get((row.key,), 0))
            matrix.cells[row.key, column.key] = cell
    return matrix


def kind_matrix(*, regions=None, province=None):
    """Regions x the kinds of money a firm can use (MONEY_KINDS): instruments offered in each region, of any
    factor. Every instrument has a kind, so a zero here is always a gap. Queries: rows (unless given),
    instruments."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    rows = [_region_axis(r) for r in regions]
    # Short chart label: "Krediet of lening" -> "Krediet"
    columns = [Axis(kind.value, kind.label, short=str(kind.label).split(" ")[0]) for kind in MONEY_KINDS]
    counts = _grouped_counts(
        by=[ROW, "kind"],
        instruments=_in_rows(supply_instruments(), regions).filter(kind__in=[c.key for c in columns]),
    )
    limit = threshold()
    matrix = Matrix(KIND, rows, columns)
    for row in rows:
        for column in columns:
            filters = {"gebied": row.key, "soort": column.key, "aanvraagbaar": "ja"}
            count = counts.get((INSTRUMENTS, row.key, column.key), 0)
            part = Part(INSTRUMENTS, count, _list_url("catalog:instrument_list", **filters))
            matrix.cells[row.key, column.key] = Cell(row, column, [part], limit)
    return matrix


def type_matrix(*, region):
    """Entrepreneur types A-D x factors for `region`: records that name the type explicitly; per factor, the
    records without any type are the unlabelled ones. Queries: types, factors, instruments, organisations,
    and the same two without a type."""
    rows = [Axis(t.code, t.name, short=f"Type {t.code}") for t in EntrepreneurType.objects.order_by("code")]
    columns = _factor_axes()
    instruments, organisations = in_area(supply_instruments(), region), in_area(_organisations(), region)
    counts = _grouped_counts(
        by=["entrepreneur_types__code", "factors__slug"], instruments=instruments, organisations=organisations
    )
    unlabelled = _unlabelled_counts(
        by=["factors__slug"],
        querysets=[qs.filter(entrepreneur_types=None) for qs in (instruments, organisations)],
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
                unlabelled=unlabelled.get((column.key,), 0),
            )
    return matrix


def size_matrix(*, region):
    """Firm sizes x factors for `region`: instruments that name the size (only instruments have target
    sizes); per factor, the instruments without any size are the unlabelled ones. Queries: sizes, factors,
    instruments, instruments without a size."""
    rows = [Axis(s.slug, s.name) for s in FirmSize.objects.order_by("order")]
    columns = _factor_axes()
    instruments = in_area(supply_instruments(), region)
    counts = _grouped_counts(by=["firm_sizes__slug", "factors__slug"], instruments=instruments)
    unlabelled = _unlabelled_counts(by=["factors__slug"], querysets=[instruments.filter(firm_sizes=None)])
    matrix = Matrix(SIZE, rows, columns, region=_region_axis(region))
    limit = threshold()
    for row in rows:
        for column in columns:
            filters = {"gebied": region.slug, "grootte": row.key, "factor": column.key, "aanvraagbaar": "ja"}
            count = counts.get((INSTRUMENTS, row.key, column.key), 0)
            part = Part(INSTRUMENTS, count, _list_url("catalog:instrument_list", **filters))
            cell = Cell(row, column, [part], limit, unlabelled=unlabelled.get((column.key,), 0))
            matrix.cells[row.key, column.key] = cell
    return matrix


def partner_matrix(*, regions=None, province=None):
    """Regions x (all collaborations, with an mbo / hbo / wo member): collaborations offered in each region,
    and how many of them have a published member school of each level; those with no published member at
    all are the unlabelled ones. Queries: rows (unless given), all collaborations, by member level, without
    members."""
    regions = coverage_regions(province=province) if regions is None else list(regions)
    rows = [_region_axis(r) for r in regions]
    columns = [Axis(ALL_COLLABORATIONS, ""), *(Axis(level.value, level.label) for level in PARTNER_LEVELS)]
    collaborations = _in_rows(
        Organisation.objects.published().order_by().filter(kind=OrganisationKind.SAMENWERKING), regions
    )
    counts = {
        (row[ROW], ALL_COLLABORATIONS): row["n"]
        for row in collaborations.values(ROW).annotate(n=Count("pk", distinct=True))
    }
    with_members = collaborations.filter(
        memberships__member__publication_status=PublicationStatus.PUBLISHED,
        memberships__member__level__in=[level.value for level in PARTNER_LEVELS],
    )
    for row in with_members.values(ROW, "memberships__member__level").annotate(n=Count("pk", distinct=True)):
        counts[row[ROW], row["memberships__member__level"]] = row["n"]
    published_members = Membership.objects.filter(member__publication_status=PublicationStatus.PUBLISHED)
    unlabelled = _unlabelled_counts(
        by=[ROW], querysets=[collaborations.exclude(pk__in=published_members.values("collaboration_id"))]
    )
    matrix = Matrix(PARTNERS, rows, columns)
    for row in rows:
        for column in columns:
            filters = {"soort": OrganisationKind.SAMENWERKING.value, "gebied": row.key}
            if column.key != ALL_COLLABORATIONS:
                filters["partnerniveau"] = column.key
            count = counts.get((row.key, column.key), 0)
            part = Part(COLLABORATIONS, count, _list_url("catalog:organisation_list", **filters))
            # "All collaborations" has no label to miss: a zero there is a gap.
            missing = unlabelled.get((row.key,), 0) if column.key != ALL_COLLABORATIONS else 0
            matrix.cells[row.key, column.key] = Cell(row, column, [part], unlabelled=missing)
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
    """The matrices of /dekking/: regions x factors, regions x kinds of money, mbo/hbo/wo participation, and
    types and sizes x factors for `region` (default: the province). Cached; twenty queries when not,
    whatever the data."""
    province = _province(province)

    def compute():
        regions = coverage_regions(province=province)
        selected = region or next(r for r in regions if r.slug == province)
        return {
            REGION: region_matrix(regions=regions),
            KIND: kind_matrix(regions=regions),
            PARTNERS: partner_matrix(regions=regions),
            TYPE: type_matrix(region=selected),
            SIZE: size_matrix(region=selected),
        }

    return _cached(f"page:{province}:{region.slug if region else ''}", compute)


def region_coverage(region):
    """Coverage for one region's page: its row of the factor and partner matrices. Eight queries when not
    cached."""

    def compute():
        return {REGION: region_matrix(regions=[region]), PARTNERS: partner_matrix(regions=[region])}

    return _cached(f"region:{region.slug}", compute)


# --- Snapshots and change -----------------------------------------------------------------------------------


def snapshot_data(*, province=None):
    """What a snapshot keeps: the totals of every matrix, the type and size matrices for every row region.
    {"regio": {row: {column: n}}, "mbo": ..., "type:<region>": ..., "grootte:<region>": ...}"""
    regions = coverage_regions(province=province)
    data = {
        REGION: region_matrix(regions=regions).totals(),
        KIND: kind_matrix(regions=regions).totals(),
        PARTNERS: partner_matrix(regions=regions).totals(),
    }
    for region in regions:
        data[f"{TYPE}:{region.slug}"] = type_matrix(region=region).totals()
        data[f"{SIZE}:{region.slug}"] = size_matrix(region=region).totals()
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

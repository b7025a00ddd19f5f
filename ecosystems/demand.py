"""Demand beside supply (issue 14, /dekking/vraag/): what firms ask for, per region and innovation factor,
next to what /dekking/ counts as supply. Anonymous aggregates only; see docs/coverage.md ("Vraag en aanbod").

Demand is counted, never traced to a person: quickscans as daily counters (`QuickscanCount`), questions to a
loket as rows without the person (`QuestionFact`, kept when the question is purged), searches that found
nothing only once enough visitors searched them (catalog.search_demand). Every demand number below
settings.DEMAND_MIN_COUNT is shown as "< 5" (`shown`), on the page, in the CSV and nowhere else.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from catalog.models import SearchMiss

from .coverage import REGION, Axis, coverage, coverage_regions
from .models import QuestionFact, QuickscanCount

logger = logging.getLogger(__name__)

# The outcomes of a question that say the supply fell short (routekaart.models.HandoffOutcome values).
GAP_OUTCOMES = ("geen-passend-aanbod", "budget-op")


def shown(number):
    """A demand number as it may be shown: itself from DEMAND_MIN_COUNT on, else "< 5"."""
    return number if number >= settings.DEMAND_MIN_COUNT else f"< {settings.DEMAND_MIN_COUNT}"


def visible(number):
    return number >= settings.DEMAND_MIN_COUNT


def month_of(day):
    return day.replace(day=1)


def window(today=None):
    """(first day, last day) the page counts: the last DEMAND_MONTHS calendar months, up to yesterday."""
    today = today or timezone.localdate()
    start = month_of(today)
    for _ in range(settings.DEMAND_MONTHS - 1):
        start = month_of(start - timedelta(days=1))
    return start, today - timedelta(days=1)


# --- Counting (called by routekaart: the quickscan and the questions) --------------------------------------


def count_quickscan(*, region, entrepreneur_type, factors, firm_size="", day=None):
    """Add one quickscan that ended in a route: one counter per lacking factor (or "" when none). Never
    raises: counting must not cost the visitor their route."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            for factor in factors or [""]:
                _increment(day, region, factor, entrepreneur_type, firm_size)
    except DatabaseError:
        logger.exception("Quickscan not counted")


def _increment(day, region, factor, entrepreneur_type, firm_size):
    combination = {
        "day": day,
        "region": region,
        "factor": factor,
        "entrepreneur_type": entrepreneur_type,
        "firm_size": firm_size,
    }
    counters = QuickscanCount.objects.filter(**combination)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            QuickscanCount.objects.create(**combination, count=1)
    except IntegrityError:  # another request created it just now
        counters.update(count=F("count") + 1)


def save_question_fact(handoff_pk, **fields):
    """Create or update the anonymous row of a question (fields: QuestionFact's)."""
    QuestionFact.objects.update_or_create(handoff=handoff_pk, defaults=fields)


def forget_question(handoff_pk):
    """The question is gone (purged or withdrawn): keep its row, drop the link."""
    QuestionFact.objects.filter(handoff=handoff_pk).update(handoff=None)


# --- Reading -----------------------------------------------------------------------------------------------


@dataclass
class DemandCell:
    row: Axis
    column: Axis
    quickscans: int
    questions: int
    gap_outcomes: int  # questions closed as "geen passend aanbod" or "budget op"
    supply: int  # what /dekking/ counts in this cell

    @property
    def demand_visible(self):
        return visible(self.quickscans) or visible(self.questions)

    @property
    def unmet(self):
        """Demand that can be shown, and no supply at all."""
        return self.demand_visible and self.supply == 0

    @property
    def short_of_supply(self):
        return visible(self.gap_outcomes)

    @property
    def quickscans_shown(self):
        return shown(self.quickscans)

    @property
    def questions_shown(self):
        return shown(self.questions)

    @property
    def gap_outcomes_shown(self):
        return shown(self.gap_outcomes)


@dataclass
class LoketRow:
    name: str
    questions: int
    contacted: int
    in_time: int
    days: int  # the working days to first contact, summed over `contacted`
    gap_outcomes: int

    @property
    def questions_shown(self):
        return shown(self.questions)

    @property
    def gap_outcomes_shown(self):
        return shown(self.gap_outcomes)

    @property
    def response_visible(self):
        return visible(self.contacted)

    @property
    def average_days(self):
        return round(self.days / self.contacted, 1) if self.response_visible else None

    @property
    def in_time_percent(self):
        return round(100 * self.in_time / self.contacted) if self.response_visible else None


@dataclass
class Demand:
    start: date
    end: date
    rows: list
    columns: list
    cells: dict  # (row key, column key) -> DemandCell
    lokets: list
    searches: list  # [(text, searches)] kept and searched in the window

    @property
    def table(self):
        return [(row, [self.cells[row.key, c.key] for c in self.columns]) for row in self.rows]

    @property
    def unmet(self):
        return [cell for cell in self.cells.values() if cell.unmet]

    @property
    def short_of_supply(self):
        return [cell for cell in self.cells.values() if cell.short_of_supply]

    def totals(self):
        """{row: {column: {"quickscans": n, "vragen": n, "signalen": n}}}: what a snapshot keeps."""
        return {
            row.key: {
                c.key: {
                    "quickscans": self.cells[row.key, c.key].quickscans,
                    "vragen": self.cells[row.key, c.key].questions,
                    "signalen": self.cells[row.key, c.key].gap_outcomes,
                }
                for c in self.columns
            }
            for row in self.rows
        }


def demand(*, today=None, province=None):
    """Regions x factors: quickscans, questions and their gap outcomes (in the window), beside supply; the
    lokets' questions and response times; searches without result. A fixed number of queries whatever the
    data: rows, supply (cached), quickscans, questions, lokets, searches."""
    start, end = window(today)
    regions = coverage_regions(province=province)
    supply = coverage(province=province)[REGION]
    rows, columns = supply.rows, supply.columns
    by_slug = {region.pk: region.slug for region in regions}

    quickscans = (
        QuickscanCount.objects.filter(day__range=(start, end), region__lineage__in=regions)
        .values_list("region__lineage", "factor")
        .annotate(n=Sum("count"))
    )
    scans = {(by_slug[region], factor): n for region, factor, n in quickscans}

    questions, gaps = {}, {}
    facts = (
        QuestionFact.objects.filter(month__gte=start, region__lineage__in=regions)
        .values_list("region__lineage", "factors")
        .annotate(n=Count("pk"), gaps=Count("pk", filter=Q(outcome__in=GAP_OUTCOMES)))
    )
    for region, factors, n, gap in facts:
        for factor in filter(None, factors.split(",")):
            key = (by_slug[region], factor)
            questions[key] = questions.get(key, 0) + n
            gaps[key] = gaps.get(key, 0) + gap

    cells = {}
    for row in rows:
        for column in columns:
            key = (row.key, column.key)
            cells[key] = DemandCell(
                row,
                column,
                quickscans=scans.get(key, 0),
                questions=questions.get(key, 0),
                gap_outcomes=gaps.get(key, 0),
                supply=supply.cell(*key).total,
            )
    return Demand(start, end, rows, columns, cells, _lokets(start), _searches(start))


def _lokets(start):
    rows = (
        QuestionFact.objects.filter(month__gte=start)
        .values_list("loket__name")
        .annotate(
            questions=Count("pk"),
            contacted=Count("contact_days"),
            in_time=Count("pk", filter=Q(contact_in_time=True)),
            days=Sum("contact_days"),
            gaps=Count("pk", filter=Q(outcome__in=GAP_OUTCOMES)),
        )
        .order_by("loket__name")
    )
    return [
        LoketRow(name, n, contacted, in_time, days or 0, gaps)
        for name, n, contacted, in_time, days, gaps in rows
    ]


def _searches(start, limit=50):
    """The searches without result that were kept (enough visitors) and searched in the window."""
    kept = SearchMiss.objects.filter(last_searched__gte=start, searches__gte=settings.DEMAND_MIN_COUNT)
    return list(kept.order_by("-searches", "text").values_list("text", "searches")[:limit])


def snapshot_data(*, province=None):
    return demand(province=province).totals()

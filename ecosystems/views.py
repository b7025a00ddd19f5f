import csv

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from catalog.models import Region
from common.pagecache import cache_public_page
from common.spreadsheet import spreadsheet_cell

from . import charts, selectors
from . import demand as demand_figures
from .coverage import (
    KIND,
    KNOWLEDGE,
    MATRICES,
    PARTNERS,
    REGION,
    SIZE,
    TYPE,
    coverage_regions,
    region_coverage,
    with_changes,
)
from .coverage import coverage as compute_coverage
from .services import latest_snapshot


@cache_public_page
def region_detail(request, slug):
    region = get_object_or_404(
        Region.objects.published().prefetch_related("parents", "children", "lineage"), slug=slug
    )
    matrices = region_coverage(region)
    return render(
        request,
        "ecosystems/region_detail.html",
        {
            "region": region,
            **selectors.region_overview(region),
            "coverage": matrices,
            "coverage_row": matrices[REGION].table[0][1],
            "partner_row": matrices[PARTNERS].table[0][1],
            "threshold": settings.COVERAGE_FRAGMENTATION_THRESHOLD,
        },
    )


def _selected_region(request):
    """The region of the type and size matrices (?regio=, default the province), and whether it was valid."""
    regions = coverage_regions()
    slug = request.GET.get("regio", "")
    by_slug = {region.slug: region for region in regions}
    selected = by_slug.get(slug)
    return regions, selected or regions[0], bool(selected) or not slug


@cache_public_page
def coverage(request):
    regions, selected, valid = _selected_region(request)
    matrices = compute_coverage(region=selected)
    snapshot = latest_snapshot()
    for matrix in matrices.values():
        with_changes(matrix, snapshot.data if snapshot else None)
    context = {
        "matrices": matrices,
        "regions": regions,
        "selected": selected,
        "unknown_region": None if valid else request.GET.get("regio", "")[:100],
        "snapshot": snapshot,
        "threshold": settings.COVERAGE_FRAGMENTATION_THRESHOLD,
        "region_heatmap": charts.heatmap(matrices[REGION]),
        "kind_heatmap": charts.heatmap(matrices[KIND], label_width=130, cell_width=136),
        "type_heatmap": charts.heatmap(matrices[TYPE]),
        "size_heatmap": charts.heatmap(matrices[SIZE]),
        "partner_bars": charts.partner_bars(matrices[PARTNERS]),
        "tiles": charts.tile_map(matrices[REGION]),
    }
    return render(request, "ecosystems/coverage.html", context, status=200 if valid else 400)


PART_LABELS = {
    "instrumenten": lambda: _("instrumenten"),
    "loketten": lambda: _("loketten"),
    "samenwerkingen": lambda: _("samenwerkingen"),
    "kennisaanbod": lambda: _("kennisaanbod"),
}


@cache_public_page
def coverage_csv(request, matrix):
    if matrix not in MATRICES:
        raise Http404
    regions, selected, valid = _selected_region(request)
    if not valid:
        raise Http404
    data = compute_coverage(region=selected)[matrix]
    snapshot = latest_snapshot()
    with_changes(data, snapshot.data if snapshot else None)

    row_title = {
        REGION: _("regio"),
        KIND: _("regio"),
        PARTNERS: _("regio"),
        KNOWLEDGE: _("regio"),
        TYPE: _("type ondernemer"),
        SIZE: _("bedrijfsgrootte"),
    }
    column_title = {PARTNERS: _("samenwerkingen"), KIND: _("soort geld"), KNOWLEDGE: _("niveau")}.get(
        matrix, _("innovatiefactor")
    )
    kinds = [part.kind for part in next(iter(data.cells.values())).parts] if data.cells else []
    filename = f"dekking-{matrix}" + (f"-{selected.slug}" if matrix in {TYPE, SIZE} else "") + ".csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(response, delimiter=";")
    header = [row_title[matrix], column_title, *(PART_LABELS[kind]() for kind in kinds), _("totaal")]
    header += [_("leemte"), _("mogelijke versnippering"), _("niet gelabeld")]
    header += [_("verschil sinds momentopname"), _("lijst")]
    if matrix in {TYPE, SIZE}:
        header.insert(0, _("voor bedrijven in"))
    writer.writerow(spreadsheet_cell(value) for value in header)
    yes, no = _("ja"), _("nee")
    for row, cells in data.table:
        for cell in cells:
            row_label = f"{row.key}: {row.label}" if matrix == TYPE else row.label
            line = [row_label, cell.column.label or _("alle samenwerkingen")]
            line += [part.count for part in cell.parts]
            line += [cell.total, yes if cell.gap else no, yes if cell.fragmented else no]
            line += [cell.unlabelled if cell.not_labelled else ""]
            line += ["" if cell.change is None else cell.change]
            line += [" ".join(request.build_absolute_uri(part.url) for part in cell.parts)]
            if matrix in {TYPE, SIZE}:
                line.insert(0, selected.name)
            writer.writerow(spreadsheet_cell(value) for value in line)
    return response


# --- Demand beside supply (ecosystems.demand) --------------------------------------------------------------


@cache_public_page
def demand(request):
    figures = demand_figures.demand()
    return render(
        request,
        "ecosystems/demand.html",
        {"demand": figures, "minimum": settings.DEMAND_MIN_COUNT},
    )


@cache_public_page
def demand_csv(request):
    figures = demand_figures.demand()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dekking-vraag-en-aanbod.csv"'
    response.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(response, delimiter=";")
    header = [_("regio"), _("innovatiefactor"), _("quickscans"), _("vragen aan een loket")]
    header += [_("geen passend aanbod of budget op"), _("aanbod"), _("vraag zonder aanbod")]
    header += [_("van"), _("tot en met")]
    writer.writerow(spreadsheet_cell(value) for value in header)
    yes, no = _("ja"), _("nee")
    period = [figures.start.isoformat(), figures.end.isoformat()]
    for row, cells in figures.table:
        for cell in cells:
            line = [row.label, cell.column.label, cell.quickscans_shown, cell.questions_shown]
            line += [cell.gap_outcomes_shown, cell.supply, yes if cell.unmet else no, *period]
            writer.writerow(spreadsheet_cell(value) for value in line)
    return response

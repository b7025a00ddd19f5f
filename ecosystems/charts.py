"""Coordinates and colours for the server-rendered SVG charts of the dekkingskaart (templates draw them)."""

from dataclasses import dataclass

from django.conf import settings

from .coverage import LOKETTEN

# Light to dark; each with a text colour that keeps at least 4.5:1 contrast.
PALETTE = [
    ("#e6f0f3", "#0b2e3a"),
    ("#b9d6df", "#0b2e3a"),
    ("#7fb3c4", "#0b2e3a"),
    ("#2f7d95", "#ffffff"),
    ("#0b4f63", "#ffffff"),
]
GAP = ("#fdecee", "#8a0015")
UNLABELLED = ("#eeeeee", "#333333")  # neutral: zero labelled offers, but some offers here name no label
FRAGMENTED_STROKE = "#7a4b00"


def shade(value, maximum):
    """(fill, text colour) for a count: a gap colour for zero, else one of five steps up to the maximum."""
    if value <= 0:
        return GAP
    step = min(len(PALETTE) - 1, (value * len(PALETTE) - 1) // max(maximum, 1))
    return PALETTE[step]


def cell_colours(cell, maximum):
    """(fill, text colour) of a matrix cell: neutral when its zero may be a missing label, else `shade`."""
    return UNLABELLED if cell.not_labelled else shade(cell.total, maximum)


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str = ""
    ink: str = ""

    def __post_init__(self):
        # Whole pixels: no decimal separator for the locale to change.
        self.x, self.y, self.width, self.height = (
            round(v) for v in (self.x, self.y, self.width, self.height)
        )

    @property
    def cx(self):
        return self.x + self.width // 2

    @property
    def cy(self):
        return self.y + self.height // 2


def heatmap(matrix, *, label_width=170, cell_width=120, cell_height=54, header_height=40):
    """Boxes for a heatmap of `matrix`: header labels, row labels and one box per cell."""
    maximum = matrix.maximum
    columns = [
        (column, Box(label_width + i * cell_width, 0, cell_width, header_height))
        for i, column in enumerate(matrix.columns)
    ]
    rows = []
    for r, (row, cells) in enumerate(matrix.table):
        y = header_height + r * cell_height
        boxes = []
        for i, cell in enumerate(cells):
            fill, ink = cell_colours(cell, maximum)
            box = Box(label_width + i * cell_width + 2, y + 2, cell_width - 4, cell_height - 4, fill, ink)
            boxes.append((cell, box))
        rows.append((row, Box(0, y, label_width - 8, cell_height), boxes))
    return {
        "width": label_width + cell_width * len(matrix.columns),
        "height": header_height + cell_height * len(matrix.rows),
        "columns": columns,
        "rows": rows,
        "stroke": FRAGMENTED_STROKE,
    }


def partner_bars(matrix, *, label_width=150, bar_width=330, bar_height=20, gap=6, group_gap=18):
    """Horizontal bars per region: for mbo, hbo and wo the collaborations with such a member, drawn over a
    light track as long as all collaborations serving the region."""
    maximum = max((cell.total for cell in matrix.cells.values()), default=0) or 1
    total_column, *level_columns = matrix.columns
    groups, y = [], 0
    for row, cells in matrix.table:
        total = cells[0].total
        bars = []
        for column, cell in zip(level_columns, cells[1:], strict=True):
            track = Box(label_width, y, bar_width * total / maximum, bar_height, "#e6f0f3")
            bar = Box(label_width, y, bar_width * cell.total / maximum, bar_height, "#2f7d95")
            bars.append((column, cell, track, bar))
            y += bar_height + gap
        groups.append((row, total, Box(0, y - len(bars) * (bar_height + gap), label_width - 8, 0), bars))
        y += group_gap
    return {"width": label_width + bar_width + 90, "height": y, "groups": groups, "label_width": label_width}


# Schematic positions (column, row, width, height in tiles), roughly north-west to south-east. Not geography.
TILE_LAYOUT = {
    "regio-zwolle": (0, 0, 1, 1),
    "salland": (1, 0, 1, 1),
    "cleantech-regio": (0, 1, 2, 1),
    "twente": (2, 0, 1, 2),
}


def tile_map(matrix, *, province=None, tile=150, pad=10, top=34):
    """One tile per region of the region matrix (the province row, the portal's by default, frames them),
    coloured by the weakest factor: the cell with the fewest offers, and saying so when no innovatieloket
    serves the region. Regions without a known position go on a row below."""
    province = province or settings.PORTAL_PROVINCE
    maximum = matrix.maximum
    whole, tiles, extra = None, [], 0
    for row, cells in matrix.table:
        weakest = min(cells, key=lambda cell: cell.total)
        gaps = sum(1 for cell in cells if cell.gap)
        loket = any(part.count for cell in cells for part in cell.parts if part.kind == LOKETTEN)
        if row.key == province:
            whole = (row, weakest, gaps)
            continue
        col, r, w, h = TILE_LAYOUT.get(row.key) or (extra % 3, 2 + extra // 3, 1, 1)
        if row.key not in TILE_LAYOUT:
            extra += 1
        fill, ink = cell_colours(weakest, maximum)
        box = Box(pad + col * tile + 3, top + r * tile + 3, w * tile - 6, h * tile - 6, fill, ink)
        tiles.append((row, weakest, gaps, loket, box))
    rows = max((int((b.y + b.height - top) // tile) + 1 for *_, b in tiles), default=1)
    return {
        "width": 2 * pad + 3 * tile,
        "height": top + rows * tile + pad,
        "tiles": tiles,
        "province": whole,
    }

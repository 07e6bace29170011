"""An openpyxl worksheet → its cells as text, as stored and with merged ranges filled in.

Every cell becomes a `Cell`: text with whitespace collapsed, and `typed` when Excel stored a number,
date or boolean rather than text. Integers lose Excel's ".0", a `000` number format keeps its
leading zeros, dates become ISO dates. Trailing empty rows are dropped; merged ranges are filled
with their top-left cell (the header search reads those), and the rows where a horizontal merge
starts are noted (header groups).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Cell:
    """A cell's text; `typed` when Excel stored a number or date (not text)."""

    text: str
    typed: bool = False


@dataclass
class Sheet:
    """A worksheet as text cells: `grid` as stored, `filled` with merged ranges filled in."""

    title: str
    grid: list[list[Cell]]
    filled: list[list[Cell]]
    group_rows: set[int] = field(default_factory=set)  # rows where a horizontal merge starts


def load_sheet(ws: Any) -> Sheet:
    """The worksheet's cells as text, trailing empty rows and columns dropped."""
    rows = [[_cell(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, c in enumerate(row) if c.text), default=0)
    grid = [row[:width] + [Cell("")] * (width - len(row)) for row in rows]
    filled = [list(row) for row in grid]
    groups: set[int] = set()
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) else Cell("")
        if rng.max_col > rng.min_col:
            groups.add(rng.min_row - 1)
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            for c in range(rng.min_col - 1, min(rng.max_col, width)):
                filled[r][c] = top
    return Sheet(ws.title, grid, filled, groups)


def _cell(value: object, number_format: str) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell("true" if value else "false", True)
    if isinstance(value, int | float):
        return Cell(_number_text(value, number_format), True)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return Cell(value.date().isoformat(), True)
        return Cell(value.isoformat(sep=" "), True)
    if isinstance(value, date | time):
        return Cell(value.isoformat(), True)
    return Cell(" ".join(str(value).split()))


def _number_text(value: float, number_format: str) -> str:
    """Integers without '.0'; zero-padded when the cell's format shows them so ('000' → 001)."""
    if isinstance(value, float) and not value.is_integer():
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return format(Decimal(repr(value)), "f")
    text = str(int(value))
    if re.fullmatch(r"0{2,}", number_format or "") and not text.startswith("-"):
        text = text.zfill(len(number_format))
    return text

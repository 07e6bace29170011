"""A sheet's top rows → its `Header`: the rows of the header block, and which column is which field.

With a Table Schema, every block of one to four rows in the first 30 is tried: each column's
header levels are joined with " / " and matched (case, spaces and underscores folded) against each
field's name, title and `x-kpu-headers`, whole labels first, then without their upper levels; the
block matching most fields wins. Without a schema, the first row at least half as wide as the
widest is the header, with the sub-header rows under its merged groups, and labels become field
names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.names import slug
from publisher.problems import Problem
from publisher.xlsx.sheet import Cell, Sheet

HEADER_SEARCH_ROWS = 30
MAX_HEADER_DEPTH = 4


@dataclass(frozen=True)
class Header:
    """A header block: its first row and depth, matched columns → field names, and labels."""

    start: int
    depth: int
    columns: dict[int, str]  # column index → field name
    labels: dict[int, tuple[str, ...]]  # column index → header levels

    @property
    def end(self) -> int:
        return self.start + self.depth


def fold(text: str) -> str:
    """Header text as matched: case, spaces and punctuation folded — only letters and digits
    are compared, upper case ("DPT / L", "DPT-L", "dpt l" are one label)."""
    return re.sub(r"[\W_]+", "", text).upper()


def field_aliases(fields: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Folded header text → field name, from each field's name, title and x-kpu-headers."""
    out: dict[str, str] = {}
    for f in fields:
        for alias in (f["name"], f.get("title") or "", *f.get("x-kpu-headers", ())):
            if alias:
                out.setdefault(fold(alias.replace(" / ", "/")), f["name"])
    return out


def header_labels(filled: list[list[Cell]], start: int, depth: int) -> dict[int, tuple[str, ...]]:
    """Each column's header levels over rows start..start+depth-1, repeated levels merged."""
    out: dict[int, tuple[str, ...]] = {}
    for c in range(len(filled[start])):
        levels: list[str] = []
        for r in range(start, start + depth):
            text = filled[r][c].text
            if text and (not levels or levels[-1] != text):
                levels.append(text)
        if levels:
            out[c] = tuple(levels)
    return out


def _match(
    labels: dict[int, tuple[str, ...]], aliases: Mapping[str, str]
) -> tuple[dict[int, str], int]:
    """Columns → fields: the whole label first, else without its upper levels. (map, exact count)"""
    columns: dict[int, str] = {}
    exact = 0
    for c, levels in sorted(labels.items()):
        for i in range(len(levels)):
            name = aliases.get(fold("/".join(levels[i:])))
            if name is not None and name not in columns.values():
                columns[c] = name
                exact += i == 0
                break
    return columns, exact


def match_header(filled: list[list[Cell]], aliases: Mapping[str, str]) -> Header | None:
    """The header rows that match most fields (whole labels preferred, then fewer rows)."""
    best: tuple[tuple[int, int, int, int], Header] | None = None
    for start in range(min(len(filled), HEADER_SEARCH_ROWS)):
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            if start + depth > len(filled):
                break
            labels = header_labels(filled, start, depth)
            columns, exact = _match(labels, aliases)
            score = (len(columns), exact, -depth, -start)
            if columns and (best is None or score > best[0]):
                best = (score, Header(start, depth, columns, labels))
    return best[1] if best else None


def missing_required(fields: Sequence[Mapping[str, Any]], header: Header) -> list[str]:
    """Names of the required fields that no column of the header matched."""
    found = set(header.columns.values())
    return [
        f["name"]
        for f in fields
        if f.get("constraints", {}).get("required") and f["name"] not in found
    ]


def header_problem(
    sheet: Sheet, header: Header, shown: str, schema_name: str, missing: list[str]
) -> Problem:
    """`xlsx-header`: the required columns not found, and the headers that were read."""
    found = [" / ".join(levels) for _, levels in sorted(header.labels.items())]
    return Problem.make(
        "xlsx-header",
        shown,
        row=header.start + 1,
        sheet=sheet.title,
        schema=schema_name,
        missing=", ".join(missing),
        found="; ".join(f"'{f}'" for f in found),
    )


def guess_header(sheet: Sheet) -> Header | None:
    """The first row at least half as wide as the widest, plus sub-header rows under groups."""
    widths = [sum(1 for c in row if c.text) for row in sheet.grid]
    widest = max(widths, default=0)
    if widest < 2:
        return None
    limit = min(len(widths), HEADER_SEARCH_ROWS)
    start = next((r for r in range(limit) if widths[r] >= max(2, math.ceil(widest / 2))), None)
    if start is None:
        return None
    depth = 1
    while (
        depth < MAX_HEADER_DEPTH
        and start + depth - 1 in sheet.group_rows
        and start + depth < len(sheet.grid)
        and not any(c.typed for c in sheet.grid[start + depth])
    ):
        depth += 1
    labels = header_labels(sheet.filled, start, depth)
    names: dict[int, str] = {}
    for c in range(len(sheet.grid[start])):
        base = slug(" ".join(labels.get(c, ())), "_") or f"kolom_{c + 1}"
        name, n = base, 2
        while name in names.values():
            name, n = f"{base}_{n}", n + 1
        names[c] = name
    return Header(start, depth, names, labels)

"""The rows under a header → data rows, total rows and notes, each kept, none dropped.

A column-number row "(1) (2) (3)" under the header is skipped. A row whose label is a total label
(`x-kpu-total.labels`, else JUMLAH, TOTAL...) is a total; a row with values in at least half the
matched columns, and numbers where numbers are expected, is data until the table ends; whatever
else (signatures, dates, notes, and data-like rows after the end) is a note. Values are given in
the schema's order, numbers written as text in Indonesian formats made plain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from openpyxl.utils import get_column_letter

from publisher.personal import personal_data
from publisher.problems import Problem
from publisher.tables import NUMERIC_TYPES, normalise_number
from publisher.xlsx.header import Header, fold
from publisher.xlsx.sheet import Cell, Sheet

DEFAULT_TOTAL_LABELS = ("JUMLAH", "TOTAL", "JUMLAH TOTAL", "JUMLAH AKHIR")
_COLUMN_NUMBER = re.compile(r"^\(?(\d+)\)?$")
_NUMBERISH = re.compile(r"^[-+]?\d[\d., ]*$")


def schema_total_labels(schema: Mapping[str, Any]) -> set[str]:
    """The schema's `x-kpu-total.labels` (else the default ones), folded."""
    labels = schema.get("x-kpu-total", {}).get("labels") or DEFAULT_TOTAL_LABELS
    return {fold(label) for label in labels}


@dataclass
class Body:
    """Row indexes under the header: data, total rows, notes; and data-like rows after the end."""

    data: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    after: list[int] = field(default_factory=list)


def split_body(
    grid: list[list[Cell]],
    header: Header,
    fields: Sequence[Mapping[str, Any]],
    total_labels: set[str],
) -> Body:
    """Each non-empty row under the header (and its column-number row) sorted into `Body`."""
    body = Body()
    first = header.end + (1 if _is_column_numbers(grid, header.end) else 0)
    ended = False
    for r in range(first, len(grid)):
        row = grid[r]
        if not any(c.text for c in row):
            continue
        if any(fold(c.text) in total_labels for c in row if c.text and not c.typed):
            body.totals.append(r)
            ended = ended or bool(body.data)
            continue
        data_like = _is_data_like(row, header.columns, fields)
        if data_like and not ended:
            body.data.append(r)
            continue
        if data_like:
            body.after.append(r)
        body.notes.append(r)
        ended = ended or bool(body.data)
    return body


def _is_column_numbers(grid: list[list[Cell]], r: int) -> bool:
    """A row like '(1) (2) (3)' or '1 2 3' numbering the columns."""
    if r >= len(grid):
        return False
    texts = [c.text for c in grid[r] if c.text]
    matches = [_COLUMN_NUMBER.match(t) for t in texts]
    if len(texts) < 2 or not all(matches):
        return False
    numbers = [int(m.group(1)) for m in matches if m]
    return all(b == a + 1 for a, b in pairwise(numbers))


def _is_data_like(
    row: list[Cell], columns: Mapping[int, str], fields: Sequence[Mapping[str, Any]]
) -> bool:
    """Values in at least half the matched columns, and a number where numbers are expected."""
    filled = [c for c in columns if c < len(row) and row[c].text]
    if len(filled) < max(1, math.ceil(len(columns) / 2)):
        return False
    types = {f["name"]: f.get("type", "string") for f in fields}
    numeric = [c for c in columns if types.get(columns[c]) in NUMERIC_TYPES]
    if not numeric:
        return True
    return any(c < len(row) and _NUMBERISH.match(row[c].text) for c in numeric)


def _value(cell: Cell, kind: str) -> str:
    if kind in NUMERIC_TYPES and not cell.typed:
        return normalise_number(cell.text, kind)
    return cell.text


def row_values(
    row: list[Cell], columns: Mapping[int, str], fields: Sequence[Mapping[str, Any]]
) -> tuple[str, ...]:
    """A data row's values in the schema's field order ('' for a field without a column)."""
    by_field = {name: c for c, name in columns.items()}
    out: list[str] = []
    for f in fields:
        c = by_field.get(f["name"])
        out.append(_value(row[c], f.get("type", "string")) if c is not None else "")
    return tuple(out)


def total_record(
    row: list[Cell], r: int, columns: Mapping[int, str], fields: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """A total row as kept in `x-kpu-totals`: {row, label, values: {field: number}}."""
    types = {f["name"]: f.get("type", "string") for f in fields}
    values: dict[str, Any] = {}
    for c, name in sorted(columns.items()):
        if c < len(row) and row[c].text and types[name] in NUMERIC_TYPES:
            text = _value(row[c], types[name])
            values[name] = _as_number(text)
    label = next((c.text for c in row if c.text and not c.typed), "")
    return {"row": r + 1, "label": label, "values": values}


def _as_number(text: str) -> int | float | str:
    """A total's value as a JSON number; text that is no number stays text for the validator."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def note_record(row: list[Cell], r: int) -> dict[str, Any]:
    """A note row as kept in `x-kpu-notes`: {row, text}, its cells joined with ' | '."""
    return {"row": r + 1, "text": " | ".join(_dedupe(c.text for c in row if c.text))}


def _dedupe(texts: Iterable[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if not out or out[-1] != text:
            out.append(text)
    return out


def body_problems(sheet: Sheet, header: Header, body: Body, shown: str) -> list[Problem]:
    """Columns left out, rows after the table, totals and notes kept apart."""
    problems: list[Problem] = []
    width = len(sheet.grid[0]) if sheet.grid else 0
    for c in (c for c in range(width) if c not in header.columns):
        label = " / ".join(header.labels.get(c, ()))
        has_data = any(c < len(sheet.grid[r]) and sheet.grid[r][c].text for r in body.data)
        if not label and not has_data:
            continue
        running_number = fold(label) in {"NO", "NO.", "NOMOR", "NOURUT"}
        values = [sheet.grid[r][c].text for r in body.data if c < len(sheet.grid[r])]
        signs = personal_data([label or get_column_letter(c + 1)], [[v] for v in values])
        if signs:  # left out of the clean CSV, but the workbook itself would be published
            problems += [
                Problem.make(
                    "personal-data", shown, field=sign.field, reason_id=sign.reason_id,
                    reason_en=sign.reason_en, sheet=sheet.title,
                )
                for sign in signs
            ]  # fmt: skip
            continue
        problems.append(
            Problem.make(
                "xlsx-extra-column",
                shown,
                severity="info" if running_number else "warning",
                column=get_column_letter(c + 1),
                label=label,
                sheet=sheet.title,
            )
        )
    if body.after:
        rows = ", ".join(str(r + 1) for r in body.after)
        problems.append(
            Problem.make(
                "xlsx-rows-after-table", shown, severity="warning", sheet=sheet.title, rows=rows
            )
        )
    if body.totals or body.notes:
        problems.append(
            Problem.make(
                "xlsx-separated",
                shown,
                severity="info",
                sheet=sheet.title,
                totals=len(body.totals),
                notes=len(body.notes),
            )
        )
    return problems

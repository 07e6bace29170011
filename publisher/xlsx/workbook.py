"""An XLSX file → `Workbook`: one clean `Table` per visible sheet, and the problems met.

Each visible sheet is loaded as text cells, its header found (matched to the type's Table Schema,
or guessed when the type has none) and its body split into data, totals and notes. Hidden sheets
are skipped, several sheets with the same columns (one per area) each give their own table, and a
workbook in which no sheet holds a table is an error. A damaged file is a problem, never a crash.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from publisher.personal import header_row, personal_data
from publisher.problems import Problem
from publisher.tables import infer_fields, normalise_number, write_csv
from publisher.xlsx.body import (
    DEFAULT_TOTAL_LABELS,
    body_problems,
    note_record,
    row_values,
    schema_total_labels,
    split_body,
    total_record,
)
from publisher.xlsx.header import (
    field_aliases,
    fold,
    guess_header,
    header_problem,
    match_header,
    missing_required,
)
from publisher.xlsx.sheet import Cell, Sheet, load_sheet


@dataclass(frozen=True)
class Table:
    """One sheet's table: the CSV's schema, rows as text, and the rows kept apart from the data."""

    sheet: str
    schema: dict[str, Any]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[dict[str, Any], ...] = ()
    notes: tuple[dict[str, Any], ...] = ()
    header_row: int = 1
    """The sheet's row (1-based, as Excel numbers it) of the header's lowest line."""
    source_rows: tuple[int, ...] = ()
    """The sheet's row of each data row (the clean CSV's row n + 1 is source_rows[n - 1])."""
    columns: tuple[tuple[str, str], ...] = ()
    """(field, Excel column letters) of each column read from the sheet."""

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.schema["fields"])

    def csv_bytes(self) -> bytes:
        return write_csv(self.header, self.rows)


@dataclass(frozen=True)
class Workbook:
    tables: tuple[Table, ...]
    problems: tuple[Problem, ...]


def read_xlsx(
    path: Path, *, shown: str, schema: dict[str, Any] | None, schema_name: str | None = None
) -> Workbook:
    """Every visible sheet of the workbook → a Table; problems name the file and the sheet."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles): not our concern
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return Workbook((), (Problem.make("xlsx-unreadable", shown, reason=_reason(exc)),))
    problems: list[Problem] = []
    tables: list[Table] = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            problems.append(
                Problem.make("xlsx-hidden-sheet", shown, severity="warning", sheet=ws.title)
            )
            continue
        table, found = _read_sheet(load_sheet(ws), shown, schema, schema_name or "")
        problems += found
        if table is not None:
            tables.append(table)
    if len(tables) > 1 and len({t.header for t in tables}) == 1:
        problems.append(
            Problem.make(
                "xlsx-sheet-per-area",
                shown,
                severity="info",
                count=len(tables),
                sheets=", ".join(f"'{t.sheet}'" for t in tables),
            )
        )
    return Workbook(tuple(tables), tuple(_no_table_is_an_error(tables, problems)))


def _no_table_is_an_error(tables: list[Table], problems: list[Problem]) -> list[Problem]:
    """A sheet without a table is fine beside other tables; a workbook without any is an error."""
    if tables:
        return problems
    return [
        Problem(p.code, p.path, "error", params=p.params) if p.code == "xlsx-no-table" else p
        for p in problems
    ]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_sheet(
    sheet: Sheet, shown: str, schema: dict[str, Any] | None, schema_name: str
) -> tuple[Table | None, list[Problem]]:
    if not sheet.grid:
        return None, [Problem.make("xlsx-empty-sheet", shown, severity="info", sheet=sheet.title)]
    if schema is None:
        return _read_free_sheet(sheet, shown)
    fields = schema["fields"]
    header = match_header(sheet.filled, field_aliases(fields))
    if header is None:
        found = personal_sheet(sheet, shown)
        if found:  # not the schema's table, but a list of persons: that is what matters
            return None, found
        problem = Problem.make(
            "xlsx-no-table", shown, severity="warning", sheet=sheet.title, schema=schema_name
        )
        return None, [problem]
    missing = missing_required(fields, header)
    if missing:
        found = personal_sheet(sheet, shown)
        return None, found or [header_problem(sheet, header, shown, schema_name, missing)]
    body = split_body(sheet.grid, header, fields, schema_total_labels(schema))
    rows = tuple(row_values(sheet.grid[r], header.columns, fields) for r in body.data)
    table = Table(
        sheet=sheet.title,
        schema=schema,
        rows=rows,
        totals=tuple(total_record(sheet.grid[r], r, header.columns, fields) for r in body.totals),
        notes=tuple(note_record(sheet.grid[r], r) for r in body.notes),
        **_origin(header, body.data),
    )
    return table, body_problems(sheet, header, body, shown)


def _read_free_sheet(sheet: Sheet, shown: str) -> tuple[Table | None, list[Problem]]:
    """No configured schema: guess the header, name columns from it, infer the types."""
    header = guess_header(sheet)
    if header is None:
        problem = Problem.make(
            "xlsx-no-table", shown, severity="warning", sheet=sheet.title, schema="-"
        )
        return None, [problem]
    columns = header.columns
    body = split_body(sheet.grid, header, [], {fold(t) for t in DEFAULT_TOTAL_LABELS})
    raw = [[sheet.grid[r][c] for c in sorted(columns)] for r in body.data]
    rows = _normalise_free_columns(raw)
    fields = infer_fields([columns[c] for c in sorted(columns)], rows)
    for f, c in zip(fields, sorted(columns), strict=True):
        f["title"] = " / ".join(header.labels.get(c, ()))
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    table = Table(
        sheet=sheet.title,
        schema=schema,
        rows=tuple(tuple(row) for row in rows),
        totals=tuple(total_record(sheet.grid[r], r, columns, fields) for r in body.totals),
        notes=tuple(note_record(sheet.grid[r], r) for r in body.notes),
        **_origin(header, body.data),
    )
    return table, body_problems(sheet, header, body, shown)


def personal_sheet(sheet: Sheet, shown: str) -> list[Problem]:
    """Personal data on a sheet, read below its title rows (a voter list, a list of staff)."""
    rows = [[c.text for c in row] for row in sheet.filled]
    h = header_row(rows)
    signs = personal_data(rows[h] if rows else [], rows[h + 1 : h + 1001])
    return [
        Problem.make(
            "personal-data", shown, field=sign.field, reason_id=sign.reason_id,
            reason_en=sign.reason_en, sheet=sheet.title,
        )
        for sign in signs
    ]  # fmt: skip


def _origin(header: Any, data: list[int]) -> dict[str, Any]:
    """Where the table's cells are in the sheet (grid row r is the sheet's row r + 1)."""
    return {
        "header_row": header.end,
        "source_rows": tuple(r + 1 for r in data),
        "columns": tuple(
            (name, get_column_letter(c + 1)) for c, name in sorted(header.columns.items())
        ),
    }


def _normalise_free_columns(raw: list[list[Cell]]) -> list[list[str]]:
    """A column whose every value is a number (Indonesian formats too) gets plain numbers."""
    rows = [[c.text for c in row] for row in raw]
    width = len(raw[0]) if raw else 0
    for c in range(width):
        cells = [row[c] for row in raw if row[c].text]
        converted = [c_.text if c_.typed else normalise_number(c_.text, "number") for c_ in cells]
        if cells and all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in converted):
            for row, cell in zip(rows, raw, strict=True):
                if cell[c].text and not cell[c].typed:
                    row[c] = normalise_number(cell[c].text, "number")
    return rows

"""Presentation-style XLSX workbook → one clean table per visible sheet, matched to a Table Schema.

Offices lay their tables out for print: title rows, two or three header rows with merged cells, a
column-number row "(1) (2) (3)", a JUMLAH row, notes and a signature block under the table. Here
the header is found (merged cells filled and their levels joined with " / "), matched to the
schema's fields through `x-kpu-headers`, and the rows below are split into data, total rows and
notes. Totals and notes are kept (the package stores them for the validator), never dropped.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from publisher.problems import Problem, Text, register
from publisher.tables import NUMERIC_TYPES, infer_fields, normalise_number, slug, write_csv

HEADER_SEARCH_ROWS = 30
MAX_HEADER_DEPTH = 4
DEFAULT_TOTAL_LABELS = ("JUMLAH", "TOTAL", "JUMLAH TOTAL", "JUMLAH AKHIR")
_COLUMN_NUMBER = re.compile(r"^\(?(\d+)\)?$")
_NUMBERISH = re.compile(r"^[-+]?\d[\d., ]*$")

register(
    {
        "xlsx-unreadable": Text(
            id="Berkas {path} tidak dapat dibuka sebagai XLSX: {reason}.",
            en="File {path} cannot be opened as XLSX: {reason}.",
            fix_id="Buka di Excel/LibreOffice, simpan ulang sebagai .xlsx, lalu jalankan lagi.",
            fix_en="Open it in Excel/LibreOffice, save it again as .xlsx, and run again.",
        ),
        "xlsx-hidden-sheet": Text(
            id="Lembar tersembunyi '{sheet}' di {path} diabaikan.",
            en="Hidden sheet '{sheet}' in {path} was ignored.",
            fix_id="Tampilkan lembar itu bila berisi data yang harus diterbitkan, atau hapus.",
            fix_en="Unhide the sheet if it holds data to publish, or delete it.",
        ),
        "xlsx-empty-sheet": Text(
            id="Lembar '{sheet}' di {path} kosong; dilewati.",
            en="Sheet '{sheet}' in {path} is empty; skipped.",
        ),
        "xlsx-no-table": Text(
            id="Lembar '{sheet}' di {path} tidak berisi tabel yang cocok dengan skema {schema}; "
            "tidak diubah ke CSV.",
            en="Sheet '{sheet}' in {path} holds no table matching schema {schema}; it was not "
            "converted to CSV.",
            fix_id="Bila lembar itu berisi data, beri judul kolom seperti pada skema.",
            fix_en="If the sheet holds data, give it column headers as in the schema.",
        ),
        "xlsx-header": Text(
            id="Judul kolom lembar '{sheet}' di {path} tidak cocok dengan skema {schema}: kolom "
            "{missing} tidak ditemukan. Judul yang terbaca: {found}.",
            en="The header of sheet '{sheet}' in {path} does not match schema {schema}: columns "
            "{missing} were not found. Headers read: {found}.",
            fix_id="Ubah judul kolom agar sesuai (lihat x-kpu-headers di config/schemas/{schema}), "
            "atau tambahkan ejaan ini ke sana.",
            fix_en="Rename the column headers to match (see x-kpu-headers in "
            "config/schemas/{schema}), or add these spellings there.",
        ),
        "xlsx-extra-column": Text(
            id="Kolom {column} ('{label}') lembar '{sheet}' di {path} tidak ada dalam skema; tidak "
            "dimasukkan ke CSV.",
            en="Column {column} ('{label}') of sheet '{sheet}' in {path} is not in the schema; it "
            "was left out of the CSV.",
            fix_id="Hapus kolom itu, atau beri judul seperti pada skema bila memang datanya.",
            fix_en="Remove the column, or give it a header from the schema if it is its data.",
        ),
        "xlsx-rows-after-table": Text(
            id="Lembar '{sheet}' di {path} berisi baris data di bawah akhir tabel (baris {rows}); "
            "disimpan sebagai catatan, bukan data.",
            en="Sheet '{sheet}' in {path} has data rows below the end of the table (rows {rows}); "
            "they were kept as notes, not data.",
            fix_id="Satu tabel per lembar: hapus baris kosong atau judul sela di tengah tabel, "
            "atau pindahkan tabel kedua ke lembar lain.",
            fix_en="One table per sheet: remove blank or sub-title rows inside the table, or move "
            "the second table to its own sheet.",
        ),
        "xlsx-sheet-per-area": Text(
            id="{path} berisi {count} lembar dengan kolom yang sama ({sheets}); tiap lembar "
            "diterbitkan sebagai tabel CSV tersendiri.",
            en="{path} holds {count} sheets with the same columns ({sheets}); each sheet is "
            "published as a CSV table of its own.",
            fix_id="Sebaiknya satu tabel di satu lembar untuk semua wilayah (dengan kolom kode "
            "wilayah), agar pengguna tidak perlu menggabungkannya.",
            fix_en="Better one table on one sheet for all areas (with a region code column), so "
            "users need not combine them.",
        ),
        "xlsx-separated": Text(
            id="Lembar '{sheet}' di {path}: {totals} baris jumlah dan {notes} baris catatan "
            "dipisahkan dari data dan disimpan di datapackage.json.",
            en="Sheet '{sheet}' in {path}: {totals} total rows and {notes} note rows were "
            "separated from the data and kept in datapackage.json.",
        ),
    }
)


@dataclass(frozen=True)
class Cell:
    """A cell's text; `typed` when Excel stored a number or date (not text)."""

    text: str
    typed: bool = False


@dataclass(frozen=True)
class Table:
    """One sheet's table: the CSV's schema, rows as text, and the rows kept apart from the data."""

    sheet: str
    schema: dict[str, Any]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[dict[str, Any], ...] = ()
    notes: tuple[dict[str, Any], ...] = ()

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.schema["fields"])

    def csv_bytes(self) -> bytes:
        return write_csv(self.header, self.rows)


@dataclass(frozen=True)
class Workbook:
    tables: tuple[Table, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Header:
    start: int
    depth: int
    columns: dict[int, str]  # column index → field name
    labels: dict[int, tuple[str, ...]]  # column index → header levels

    @property
    def end(self) -> int:
        return self.start + self.depth


@dataclass
class _Sheet:
    """A worksheet as text cells: `grid` as stored, `filled` with merged ranges filled in."""

    title: str
    grid: list[list[Cell]]
    filled: list[list[Cell]]
    group_rows: set[int] = field(default_factory=set)  # rows where a horizontal merge starts


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
        table, found = _read_sheet(_load_sheet(ws), shown, schema, schema_name or "")
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


def _load_sheet(ws: Any) -> _Sheet:
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
    return _Sheet(ws.title, grid, filled, groups)


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


def _read_sheet(
    sheet: _Sheet, shown: str, schema: dict[str, Any] | None, schema_name: str
) -> tuple[Table | None, list[Problem]]:
    if not sheet.grid:
        return None, [Problem.make("xlsx-empty-sheet", shown, severity="info", sheet=sheet.title)]
    if schema is None:
        return _read_free_sheet(sheet, shown)
    fields = schema["fields"]
    header = _match_header(sheet.filled, _aliases(fields))
    if header is None:
        problem = Problem.make(
            "xlsx-no-table", shown, severity="warning", sheet=sheet.title, schema=schema_name
        )
        return None, [problem]
    missing = _missing_required(fields, header)
    if missing:
        return None, [_header_problem(sheet, header, shown, schema_name, missing)]
    body = _split_body(sheet.grid, header, fields, _total_labels(schema))
    rows = tuple(_row_values(sheet.grid[r], header.columns, fields) for r in body.data)
    table = Table(
        sheet=sheet.title,
        schema=schema,
        rows=rows,
        totals=tuple(_total(sheet.grid[r], r, header.columns, fields) for r in body.totals),
        notes=tuple(_note(sheet.grid[r], r) for r in body.notes),
    )
    return table, _body_problems(sheet, header, body, shown)


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", "", text).upper()


def _aliases(fields: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Folded header text → field name, from each field's name, title and x-kpu-headers."""
    out: dict[str, str] = {}
    for f in fields:
        for alias in (f["name"], f.get("title") or "", *f.get("x-kpu-headers", ())):
            if alias:
                out.setdefault(_fold(alias.replace(" / ", "/")), f["name"])
    return out


def _labels(filled: list[list[Cell]], start: int, depth: int) -> dict[int, tuple[str, ...]]:
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
            name = aliases.get(_fold("/".join(levels[i:])))
            if name is not None and name not in columns.values():
                columns[c] = name
                exact += i == 0
                break
    return columns, exact


def _match_header(filled: list[list[Cell]], aliases: Mapping[str, str]) -> _Header | None:
    """The header rows that match most fields (whole labels preferred, then fewer rows)."""
    best: tuple[tuple[int, int, int, int], _Header] | None = None
    for start in range(min(len(filled), HEADER_SEARCH_ROWS)):
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            if start + depth > len(filled):
                break
            labels = _labels(filled, start, depth)
            columns, exact = _match(labels, aliases)
            score = (len(columns), exact, -depth, -start)
            if columns and (best is None or score > best[0]):
                best = (score, _Header(start, depth, columns, labels))
    return best[1] if best else None


def _missing_required(fields: Sequence[Mapping[str, Any]], header: _Header) -> list[str]:
    found = set(header.columns.values())
    return [
        f["name"]
        for f in fields
        if f.get("constraints", {}).get("required") and f["name"] not in found
    ]


def _header_problem(
    sheet: _Sheet, header: _Header, shown: str, schema_name: str, missing: list[str]
) -> Problem:
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


def _total_labels(schema: Mapping[str, Any]) -> set[str]:
    labels = schema.get("x-kpu-total", {}).get("labels") or DEFAULT_TOTAL_LABELS
    return {_fold(label) for label in labels}


@dataclass
class _Body:
    """Row indexes under the header: data, total rows, notes; and data-like rows after the end."""

    data: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    after: list[int] = field(default_factory=list)


def _split_body(
    grid: list[list[Cell]],
    header: _Header,
    fields: Sequence[Mapping[str, Any]],
    total_labels: set[str],
) -> _Body:
    body = _Body()
    first = header.end + (1 if _is_column_numbers(grid, header.end) else 0)
    ended = False
    for r in range(first, len(grid)):
        row = grid[r]
        if not any(c.text for c in row):
            continue
        if any(_fold(c.text) in total_labels for c in row if c.text and not c.typed):
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


def _row_values(
    row: list[Cell], columns: Mapping[int, str], fields: Sequence[Mapping[str, Any]]
) -> tuple[str, ...]:
    by_field = {name: c for c, name in columns.items()}
    out: list[str] = []
    for f in fields:
        c = by_field.get(f["name"])
        out.append(_value(row[c], f.get("type", "string")) if c is not None else "")
    return tuple(out)


def _total(
    row: list[Cell], r: int, columns: Mapping[int, str], fields: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
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


def _note(row: list[Cell], r: int) -> dict[str, Any]:
    return {"row": r + 1, "text": " | ".join(_dedupe(c.text for c in row if c.text))}


def _dedupe(texts: Iterable[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if not out or out[-1] != text:
            out.append(text)
    return out


def _body_problems(sheet: _Sheet, header: _Header, body: _Body, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    width = len(sheet.grid[0]) if sheet.grid else 0
    for c in (c for c in range(width) if c not in header.columns):
        label = " / ".join(header.labels.get(c, ()))
        has_data = any(c < len(sheet.grid[r]) and sheet.grid[r][c].text for r in body.data)
        if not label and not has_data:
            continue
        running_number = _fold(label) in {"NO", "NO.", "NOMOR", "NOURUT"}
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


# --- sheets of a document type without a schema ----------------------------------------------


def _read_free_sheet(sheet: _Sheet, shown: str) -> tuple[Table | None, list[Problem]]:
    """No configured schema: guess the header, name columns from it, infer the types."""
    header = _guess_header(sheet)
    if header is None:
        problem = Problem.make(
            "xlsx-no-table", shown, severity="warning", sheet=sheet.title, schema="-"
        )
        return None, [problem]
    columns = header.columns
    body = _split_body(sheet.grid, header, [], {_fold(t) for t in DEFAULT_TOTAL_LABELS})
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
        totals=tuple(_total(sheet.grid[r], r, columns, fields) for r in body.totals),
        notes=tuple(_note(sheet.grid[r], r) for r in body.notes),
    )
    return table, _body_problems(sheet, header, body, shown)


def _guess_header(sheet: _Sheet) -> _Header | None:
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
    labels = _labels(sheet.filled, start, depth)
    names: dict[int, str] = {}
    for c in range(len(sheet.grid[start])):
        base = slug(" ".join(labels.get(c, ())), "_") or f"kolom_{c + 1}"
        name, n = base, 2
        while name in names.values():
            name, n = f"{base}_{n}", n + 1
        names[c] = name
    return _Header(start, depth, names, labels)


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

"""A resource's file → its encoding, CSV dialect and rows of cells, as frictionless would read them.

Encoding: the resource's `encoding`, else UTF-8 when the first 100 kB decode as UTF-8, else
frictionless's own detector; UTF-8 with a BOM reads as `utf-8-sig`. Dialect: the resource's
`dialect` (v1 keys or the v5 `csv` control), the rest sniffed from the first 100 lines with the
delimiters `,` tab `;` `|` like frictionless's CSV parser. XLSX sheets are read with
python-calamine and shaped as frictionless's openpyxl reader gives them (see `xlsx_rows`).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

SAMPLE_LINES = 100
SAMPLE_BYTES = 100_000
csv.field_size_limit(2147483646)


@dataclass(frozen=True)
class Dialect:
    delimiter: str = ","
    quotechar: str = '"'
    escapechar: str | None = None
    skipinitialspace: bool = False
    doublequote: bool = True

    @property
    def simple(self) -> bool:
        """Readable by the vectorised parser with the same result as Python's csv module."""
        return (
            len(self.delimiter) == 1
            and self.delimiter not in "\r\n\"'"
            and self.quotechar == '"'
            and self.escapechar is None
            and not self.skipinitialspace
            and self.doublequote
        )

    def python(self) -> dict[str, Any]:
        return {
            "delimiter": self.delimiter,
            "quotechar": self.quotechar or None,
            "escapechar": self.escapechar,
            "skipinitialspace": self.skipinitialspace,
            "doublequote": self.doublequote if self.escapechar else True,
            "quoting": csv.QUOTE_NONE if self.quotechar == "" else csv.QUOTE_MINIMAL,
            "strict": False,
        }


class Unsupported(Exception):
    """The resource uses a dialect feature this validator does not read."""


def detect_encoding(path: Path, declared: str | None) -> str:
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if declared:
        encoding = codecs.lookup(declared).name
    elif _is_utf8(head):
        encoding = "utf-8"
    else:
        from frictionless import Detector

        encoding = Detector().detect_encoding(head)
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return encoding


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # only a character cut at the end of a sample that is not the whole file
        return len(head) == SAMPLE_BYTES and exc.start >= len(head) - 3
    return True


@dataclass(frozen=True)
class Framing:
    """Which records are the header, which are comments, which are data (frictionless's
    `Dialect`: `header`, `headerRows`, `headerJoin`, `headerCase`, `commentChar`,
    `commentRows`, `skipBlankRows`), for CSV and XLSX alike."""

    header: bool = True
    header_rows: tuple[int, ...] = (1,)
    header_join: str = " "
    header_case: bool = True
    comment_char: str | None = None
    comment_rows: frozenset[int] = frozenset()
    skip_blank_rows: bool = False
    declared: bool = False
    """`header` or `headerRows` given: the header row is not guessed from the rows' widths."""

    @property
    def plain(self) -> bool:
        """The header is record 1, every later record is data (the vectorised path's case)."""
        return (
            self.header
            and self.header_rows == (1,)
            and not self.comment_char
            and not (self.comment_rows or self.skip_blank_rows)
        )

    @property
    def first_content_row(self) -> int:
        return self.header_rows[-1] + 1 if self.header and self.header_rows else 1

    def is_comment(self, number: int, cells: list[Any]) -> bool:
        first = cells[0] if cells else None
        if self.comment_char and isinstance(first, str) and first.startswith(self.comment_char):
            return True
        return number in self.comment_rows


def framing(resource: Mapping[str, Any]) -> Framing:
    """The resource's `dialect` keys that say where the header and data are (v1 and v5)."""
    raw = resource.get("dialect") or {}
    if not isinstance(raw, dict):
        return Framing()
    rows = raw.get("headerRows", [1])
    rows = [rows] if isinstance(rows, int) else rows
    if not isinstance(rows, list) or not all(isinstance(n, int) and n > 0 for n in rows):
        raise Unsupported("dialect.headerRows that is not a list of row numbers")
    comment_rows = raw.get("commentRows") or []
    return Framing(
        header=bool(raw.get("header", True)),
        header_rows=tuple(sorted(rows)),
        header_join=str(raw.get("headerJoin", " ")),
        header_case=bool(raw.get("headerCase", True)),
        comment_char=raw.get("commentChar") or None,
        comment_rows=frozenset(int(n) for n in comment_rows),
        skip_blank_rows=bool(raw.get("skipBlankRows", False)),
        declared="header" in raw or "headerRows" in raw,
    )


def infer_header(frame: Framing, sample: list[list[Any]]) -> Framing:
    """The header row frictionless's detector picks when the dialect does not say: the first
    (non-comment) row of the first 100 whose width is within 10 % of their average width, so
    title or comment lines above a table are skipped."""
    sample = sample[:SAMPLE_LINES]
    if frame.declared or not sample:
        return frame
    width = round(sum(len(cells) for cells in sample) / len(sample))
    drift = max(round(width * 0.1), 1)
    for number, cells in enumerate(sample, start=1):
        if frame.is_comment(number, cells):
            continue
        if width - drift <= len(cells) <= width + drift:
            return dataclasses.replace(frame, header_rows=(number,))
    return frame


@dataclass
class Content:
    """A table's records as frictionless splits them: labels (None without a header), the
    record numbers of the header, and the data records with their numbers."""

    labels: list[str] | None
    header_rows: tuple[int, ...]
    rows: Iterator[tuple[int, list[Any]]]


def split_content(records: Iterable[list[Any]], frame: Framing) -> Content:
    """Header and data records, as frictionless's `Dialect.read_labels` and
    `read_enumerated_content_stream` tell them apart (labels stringified and stripped;
    a label repeated in the next header row, a merged cell, joined once)."""
    it = iter(records)
    first = frame.first_content_row
    ahead: list[list[Any]] = []
    lists: list[list[str]] = []
    for number in range(1, first):
        cells = next(it, None)
        if cells is None:
            break
        ahead.append(cells)
        if frame.header and number in frame.header_rows and not frame.is_comment(number, cells):
            lists.append(["" if c is None else str(c).strip() for c in cells])
    labels: list[str] | None = None
    if frame.header:
        labels = []
        previous: dict[int, str] = {}
        for cells in lists:
            for index, cell in enumerate(cells):
                if previous.get(index) == cell:
                    continue
                previous[index] = cell
                if len(labels) <= index:
                    labels.append(cell)
                else:
                    labels[index] = frame.header_join.join([labels[index], cell])

    def data() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(it, start=first):
            if frame.is_comment(number, cells):
                continue
            if frame.skip_blank_rows and all(c in (None, "") for c in cells):
                continue
            yield number, cells

    return Content(labels, frame.header_rows if frame.header else (), data())


def resource_dialect(resource: Mapping[str, Any], sample: str) -> Dialect:
    """Declared dialect keys first, the rest sniffed as frictionless does."""
    raw = resource.get("dialect") or {}
    if not isinstance(raw, dict):
        raw = {}
    control = {**raw, **(raw.get("csv") or {})}
    delimiters = control.get("delimiter") or ("\t" if resource.get("format") == "tsv" else ",\t;|")
    sniffed: Any = _plain(sample, delimiters)
    if sniffed is None:
        try:
            sniffed = csv.Sniffer().sniff(sample, delimiters)
        except csv.Error:
            sniffed = csv.excel()
    quotechar = sniffed.quotechar if sniffed.quotechar != "'" else '"'
    return Dialect(
        delimiter=control.get("delimiter", sniffed.delimiter),
        quotechar=control.get("quoteChar", quotechar),
        escapechar=control.get("escapeChar", sniffed.escapechar),
        skipinitialspace=bool(control.get("skipInitialSpace", sniffed.skipinitialspace)),
        doublequote=bool(control.get("doubleQuote", True)),
    )


def _plain(sample: str, delimiters: str) -> Any:
    """The dialect of a sample the sniffer would settle the same way, found without it: no
    quotes, one candidate delimiter, as many of it on every line, never followed by a space
    (the sniffer costs ~2 ms a file: a national tree has thousands)."""
    if '"' in sample or "'" in sample:
        return None
    lines = [line for line in sample.splitlines() if line]
    if len(lines) < 2:
        return None
    found = [d for d in delimiters if d in lines[0]]
    if len(found) != 1 or f"{found[0]} " in sample:
        return None
    count = lines[0].count(found[0])
    if any(line.count(found[0]) != count for line in lines[1:]):
        return None
    dialect = csv.excel()
    dialect.delimiter = found[0]
    return dialect


def read_sample(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="", errors="replace") as fh:
        return "".join(islice(fh, SAMPLE_LINES))


def csv_rows(path: Path, encoding: str, dialect: Dialect) -> Iterator[list[str]]:
    """Every record of the file (header included), as Python's csv module reads them."""
    with path.open(encoding=encoding, newline="") as fh:
        yield from csv.reader(fh, **dialect.python())


def parse_line(text: str, dialect: Dialect) -> list[str]:
    """One physical line → its cells (an empty line has none, as csv.reader says)."""
    for cells in csv.reader(io.StringIO(text), **dialect.python()):
        return cells
    return []


def xlsx_sheets(path: Path) -> list[str]:
    """Every sheet's name, hidden ones included."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return list(book.sheet_names)


def xlsx_rows(path: Path, sheet: str | int | None) -> Iterator[list[Any]]:
    """A sheet's rows as frictionless reads them (openpyxl, read-only, values only).

    `sheet` is a name or a 1-based number, as in frictionless's Excel control. Cells come typed
    (str, int/float, bool, datetime, time, timedelta; empty ones None), read with calamine (about
    10x faster) and shaped like openpyxl's rows: every row as wide as the sheet's recorded
    dimension (trailing empty cells kept), rows up to the last row element of the sheet (empty
    formatted rows at the end are rows too), and a date cell as a midnight datetime.
    """
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        names = list(book.sheet_names)
        index = names.index(sheet) if isinstance(sheet, str) else (sheet or 1) - 1
        data = book.get_sheet_by_name(names[index]).to_python(skip_empty_area=False)
    width, height = xlsx_shape(path, index)
    if height is not None:
        data = data[:height] + [[]] * max(0, height - len(data))
    for row in data:
        cells = [_openpyxl_value(c) for c in row]
        if width is not None:
            cells = cells[:width] + [None] * (width - len(cells))
        else:
            while cells and cells[-1] is None:
                cells.pop()
        yield cells


def _openpyxl_value(cell: Any) -> Any:
    if cell == "":
        return None
    if type(cell) is float and cell.is_integer() and abs(cell) < 1e15:
        return int(cell)  # stored as "5": openpyxl reads an int (Excel writes E notation beyond)
    if type(cell) is date:  # openpyxl reads every date-formatted number as a datetime
        return datetime(cell.year, cell.month, cell.day)
    return cell


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]+)"')
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"')
_RELATION = re.compile(rb"<Relationship\b[^>]*>")


def xlsx_shape(path: Path, index: int) -> tuple[int | None, int | None]:
    """(width, height) of the `index`-th sheet as openpyxl's read-only reader sees it: the
    width from the sheet's `<dimension>` (None without one: each row ends at its last cell),
    the height from the last `<row>` element (capped by the dimension)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        target = _sheet_part(archive, index)
        if target is None:
            return None, None
        xml = archive.read(target)
    width = max_row = None
    found = _DIMENSION.search(xml, 0, 4096)
    if found:
        last = found.group(1).decode().split(":")[-1]
        letters = "".join(ch for ch in last if ch.isalpha())
        digits = "".join(ch for ch in last if ch.isdigit())
        width = column_number(letters) if letters else None
        max_row = int(digits) if digits else None
    height = 0
    for row in _ROW.finditer(xml):
        number = _ROW_NUMBER.search(row.group(1))
        height = int(number.group(1)) if number else height + 1
    if max_row is not None:
        height = min(height, max_row)
    return width, height


def _sheet_part(archive: Any, index: int) -> str | None:
    try:
        ids = _SHEET.findall(archive.read("xl/workbook.xml"))
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    if index >= len(ids):
        return None
    for rel in _RELATION.findall(rels):
        if f'Id="{ids[index].decode()}"'.encode() in rel:
            target = re.search(rb'Target="([^"]+)"', rel)
            if target:
                name = target.group(1).decode()
                return name.lstrip("/") if name.startswith("/") else f"xl/{name}"
    return None


def column_number(letters: str) -> int:
    """Excel column letters → 1-based number (A → 1, AA → 27)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def records(path: Path, resource: Mapping[str, Any]) -> tuple[Iterator[list[Any]], Framing]:
    """Every record of a CSV or XLSX resource and where its header is, as the checks read
    them (raises `Unsupported`, `OSError`, `UnicodeDecodeError`, `csv.Error`, calamine's own)."""
    frame = framing(resource)
    fmt = str(resource.get("format") or path.suffix.lstrip(".")).lower()
    if fmt == "xlsx":
        dialect = resource.get("dialect") or {}
        sheet = (dialect.get("excel") or {}).get("sheet", dialect.get("sheet"))
        rows = list(xlsx_rows(path, sheet if isinstance(sheet, str | int) else None))
        return iter(rows), infer_header(frame, rows)
    declared = resource.get("encoding")
    encoding = detect_encoding(path, declared if isinstance(declared, str) else None)
    text = read_sample(path, encoding)
    dialect_ = resource_dialect(resource, text)
    sample = list(csv.reader(io.StringIO(text), **dialect_.python()))
    return csv_rows(path, encoding, dialect_), infer_header(frame, sample)


COMPRESSIONS = {".gz": "gz", ".zip": "zip"}


def compression(resource: Mapping[str, Any], path: Path) -> str | None:
    """`gz` or `zip`: the resource's `compression`, else its file's suffix (as frictionless)."""
    declared = resource.get("compression")
    if isinstance(declared, str) and declared in ("gz", "zip"):
        return declared
    return COMPRESSIONS.get(path.suffix.lower())


def decompress(path: Path, kind: str, innerpath: Any, into: Path) -> Path:
    """The table inside a gz or zip file (a zip's `innerpath`, else its first file), written to
    `into`, named as inside (a `.gz` loses its suffix) so its format shows."""
    import gzip
    import shutil
    import zipfile

    if kind == "gz":
        name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
        target = into / Path(name).name
        with gzip.open(path, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        return target
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        member = archive.getinfo(innerpath) if isinstance(innerpath, str) else members[0]
        target = into / Path(member.filename).name
        with archive.open(member) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    return target

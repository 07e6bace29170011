"""A resource's file → its encoding, CSV dialect and rows of cells, as frictionless would read them.

Encoding: the resource's `encoding`, else UTF-8 when the first 100 kB decode as UTF-8, else
frictionless's own detector; UTF-8 with a BOM reads as `utf-8-sig`. Dialect: the resource's
`dialect` (v1 keys or the v5 `csv` control), the rest sniffed from the first 100 lines with the
delimiters `,` tab `;` `|` like frictionless's CSV parser. XLSX sheets are read with
python-calamine (typed cells: numbers stay numbers, as with frictionless's openpyxl reader).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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


def resource_dialect(resource: Mapping[str, Any], sample: str) -> Dialect:
    """Declared dialect keys first, the rest sniffed as frictionless does."""
    raw = resource.get("dialect") or {}
    if not isinstance(raw, dict):
        raw = {}
    for key in ("header", "headerRows", "commentChar", "commentRows", "headerJoin"):
        if key in raw and raw[key] not in (True, [1], None, " "):
            raise Unsupported(f"dialect.{key}")
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
    """A sheet's rows as typed cells (str, int/float, bool, date); empty cells None.

    `sheet` is a name or a 1-based number, as in frictionless's Excel control.
    """
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        name = sheet if isinstance(sheet, str) else book.sheet_names[(sheet or 1) - 1]
        data = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    for row in data:
        cells = [None if c == "" else c for c in row]
        while cells and cells[-1] is None:  # openpyxl (frictionless) stops at the last cell
            cells.pop()
        yield cells

"""A leaf's data files → resource descriptors, and the clean CSVs written for them in `_build/`.

Every file is a resource with its size and sha256. A CSV is a table (its encoding and dialect
declared; one with Indonesian number formats stays a file and a clean copy becomes the table); an
XLSX is a file followed by one table per sheet, each with its schema, source, totals and notes; a
PDF is a file. Resource names are unique within the package.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.config import Config
from publisher.layout import GENERATED_DIR, Leaf
from publisher.names import slug
from publisher.problems import Problem
from publisher.tables import inspect_csv, normalised_csv, sniff_delimiter, sniff_encoding
from publisher.xlsx import Table, read_xlsx

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class LeafResources:
    """Describes one leaf's files as resources, collecting the `_build` files and the problems."""

    folder: Path
    leaf: Leaf
    config: Config
    problems: list[Problem] = field(default_factory=list)
    outputs: dict[str, bytes] = field(default_factory=dict)  # _build/<file> → content

    def shown(self, name: str) -> str:
        return f"{self.leaf.path}/{name}"

    def describe(self, hashes: Mapping[str, tuple[int, str]]) -> list[dict[str, Any]]:
        """The leaf's resources in file-name order, each XLSX followed by its tables."""
        resources: list[dict[str, Any]] = []
        for name in self.leaf.files:
            fmt = Path(name).suffix.lower().lstrip(".")
            size, digest = hashes[name]
            resource = file_resource(name, fmt, size, digest)
            if fmt == "csv":
                resources.append(resource)
                resources += self._csv(name, resource)
            elif fmt == "xlsx":
                resource["type"] = "file"
                resources.append(resource)
                resources += self._xlsx(name)
            else:
                resource["type"] = "file"
                resources.append(resource)
                self._check_pdf(name)
        return unique_names(resources)

    def _check_pdf(self, name: str) -> None:
        with (self.folder / name).open("rb") as fh:
            head = fh.read(1024)
        if b"%PDF" not in head:
            self.problems.append(
                Problem.make("build-not-pdf", self.shown(name), severity="warning")
            )

    def _schema(self, labels: Iterable[str] = ()) -> tuple[dict[str, Any] | None, str]:
        """The type's schema whose fields (names or `x-kpu-headers`) a header matches best; the
        first without a header or on a tie."""
        assert self.leaf.jenis is not None
        names = self.config.jenis[self.leaf.jenis].schemas
        if not names:
            return None, ""
        header = {_fold_label(x) for x in labels}
        best = max(names, key=lambda n: _overlap(header, self.config.schema(n)))
        return self.config.schema(best), best

    def _csv(self, name: str, resource: dict[str, Any]) -> list[dict[str, Any]]:
        """Describe a steward's CSV; one with Indonesian numbers also gets a clean copy.

        "2.488.733" cannot be read as an integer by any Table Schema reader, so such a file stays
        listed as a file and its normalised copy in _build/ becomes the tabular resource, as for
        XLSX. Returns the extra resources.
        """
        schema, schema_name = self._schema(csv_header(self.folder / name))
        info = inspect_csv(
            self.folder / name, shown=self.shown(name), schema=schema, schema_name=schema_name
        )
        self.problems += info.problems
        resource["type"] = "table"
        if info.encoding:
            resource["encoding"] = info.encoding
        if info.dialect:
            resource["dialect"] = info.dialect
        if info.schema is None:
            return []
        if not any(p.code == "csv-locale-numbers" for p in info.problems):
            resource["schema"] = info.schema
            return []
        resource["type"] = "file"
        content = normalised_csv(self.folder / name, info)
        target = clean_copy_name(name, self.leaf.files)
        self.outputs[target] = content
        clean = file_resource(
            f"{GENERATED_DIR}/{target}", "csv", len(content), hashlib.sha256(content).hexdigest()
        )
        clean.update({"type": "table", "schema": info.schema, "x-kpu-source": {"path": name}})
        return [clean]

    def _xlsx(self, name: str) -> list[dict[str, Any]]:
        assert self.leaf.jenis is not None
        books = []
        for schema_name in self.config.jenis[self.leaf.jenis].schemas or ("",):
            schema = self.config.schema(schema_name) if schema_name else None
            books.append(
                read_xlsx(
                    self.folder / name,
                    shown=self.shown(name),
                    schema=schema,
                    schema_name=schema_name,
                )
            )
        # a workbook follows the schema it fits best: the one with the fewest problems
        book = min(books, key=lambda b: sum(p.severity == "error" for p in b.problems))
        self.problems += book.problems
        out: list[dict[str, Any]] = []
        for table in book.tables:
            target = table_file(name, table, several=len(book.tables) > 1)
            out.append(self._table_resource(name, target, table))
        return out

    def _table_resource(self, source: str, target: str, table: Table) -> dict[str, Any]:
        content = table.csv_bytes()
        self.outputs[target] = content
        resource = file_resource(
            f"{GENERATED_DIR}/{target}", "csv", len(content), hashlib.sha256(content).hexdigest()
        )
        resource.update(
            {
                "type": "table",
                "schema": table.schema,
                "x-kpu-source": {
                    "path": source,
                    "sheet": table.sheet,
                    "header_row": table.header_row,
                    "rows": runs(table.source_rows),
                    "columns": dict(table.columns),
                },
                "x-kpu-totals": list(table.totals),
                "x-kpu-notes": list(table.notes),
            }
        )
        return resource


def runs(rows: tuple[int, ...]) -> list[list[int]]:
    """Sheet rows of the clean CSV's rows 2, 3, ... as runs [csv row, sheet row, count]."""
    out: list[list[int]] = []
    for i, sheet_row in enumerate(rows):
        csv_row = i + 2
        if out and out[-1][1] + out[-1][2] == sheet_row and out[-1][0] + out[-1][2] == csv_row:
            out[-1][2] += 1
        else:
            out.append([csv_row, sheet_row, 1])
    return out


def file_resource(path: str, fmt: str, size: int, digest: str) -> dict[str, Any]:
    """What every resource has: name, path, format, mediatype, bytes and hash."""
    return {
        "name": slug(path, "-") or "resource",
        "path": path,
        "format": fmt,
        "mediatype": MEDIA_TYPES.get(fmt, "application/octet-stream"),
        "bytes": size,
        "hash": f"sha256:{digest}",
    }


def unique_names(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A name given twice gets -2, -3... (names are unique within a package)."""
    seen: set[str] = set()
    out = []
    for resource in resources:
        name, n = resource["name"], 2
        while name in seen:
            name, n = f"{resource['name']}-{n}", n + 1
        seen.add(name)
        out.append({**resource, "name": name})
    return out


def clean_copy_name(csv_name: str, files: Iterable[str]) -> str:
    """`<stem>.csv`, or `<stem>__csv.csv` when an XLSX of the same stem claims `<stem>.csv`."""
    stem = Path(csv_name).stem
    twins = {Path(f).stem.casefold() for f in files if f.lower().endswith(".xlsx")}
    return f"{stem}__csv.csv" if stem.casefold() in twins else f"{stem}.csv"


def table_file(xlsx_name: str, table: Table, *, several: bool) -> str:
    """`<stem>.csv`, or `<stem>__<sheet>.csv` when several sheets of the workbook hold tables."""
    stem = Path(xlsx_name).stem
    return f"{stem}__{slug(table.sheet, '_') or 'sheet'}.csv" if several else f"{stem}.csv"


def csv_header(path: Path) -> list[str]:
    """A CSV's first record, read in its own encoding and delimiter (empty when unreadable)."""
    encoding, _ = sniff_encoding(path)
    if encoding is None:
        return []
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
    return next(csv.reader([first], delimiter=sniff_delimiter(first)), [])


def _fold_label(text: str) -> str:
    return " ".join(text.replace("_", " ").upper().split())


def _overlap(header: set[str], schema: Mapping[str, Any]) -> int:
    """How many of a schema's fields a header names (by name or by one of its headers)."""
    found = 0
    for f in schema.get("fields", []):
        labels = {
            _fold_label(str(f["name"])),
            *(_fold_label(h) for h in f.get("x-kpu-headers", [])),
        }
        found += bool(labels & header)
    return found

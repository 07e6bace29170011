"""One resource of a data package (its file + descriptor) → a `ResourceReport`.

Checks the file's size and sha256 against the descriptor, then reads the table: a UTF-8 CSV in a
plain dialect whose header is the schema's field names takes the vectorised path (`fast`);
anything else — other encodings or dialects, a different header, XLSX sheets, recap tables (small,
indexed for the cross-level check), types other than string/integer — the exact Python path
(`rows`). Then total rows against the sums, and the personal-data guard.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from publisher import containment
from publisher.config import Config
from publisher.personal import header_row, personal_data
from publisher.problems import Problem
from publisher.validate.model import Options, ResourceReport
from publisher.validate.rows import Collector, TableChecker
from publisher.validate.source import (
    Dialect,
    Framing,
    Unsupported,
    compression,
    csv_rows,
    decompress,
    detect_encoding,
    framing,
    infer_header,
    read_sample,
    resource_dialect,
    split_content,
    xlsx_rows,
    xlsx_sheets,
)
from publisher.validate.spec import ForeignKey, TableSpec, compile_schema

REGIONS_SOURCE = "config/publisher.yaml: reference.regions"
TABLE_FORMATS = ("csv", "tsv", "xlsx")
PERSONAL_SAMPLE = 1000


def check_resource(
    package_dir: Path,
    resource: Mapping[str, Any],
    config: Config,
    options: Options | None = None,
    *,
    at: str = "",
    lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]] | None = None,
) -> ResourceReport:
    """Every check of one resource; data problems are values in the report, never exceptions.
    `at`: the package folder's path relative to the collection root (its paths are made from
    it); `lookups`: the key values its foreign keys refer to (`foreign.lookups`)."""
    options = options or Options()
    started = time.perf_counter()
    rel = resource.get("path")
    name = str(resource.get("name") or rel)
    if not isinstance(rel, str) or "://" in rel:
        report = ResourceReport(name=name, path=str(rel), outside=True)
        out = Collector(str(rel), options.limit)
        out.add("schema-unsupported", feature="a remote or multipart path")
        return _finish(report, out, started)
    path = package_dir / rel
    outside = ".." in rel.split("/") or rel[:1] == "/"
    place = rel if outside else PurePosixPath(at, rel).as_posix()
    report = ResourceReport(name=name, path=place, outside=outside)
    out = Collector(place, options.limit)
    if _contained(package_dir, rel, out):
        resource = _dereferenced(package_dir, resource, out)
        if options.hashes:
            _check_file(path, resource, out)
        _check_contents(path, resource, _Run(config, options, lookups or {}), report, out)
    _finish(report, out, started)
    report.problems = at_workbook(report.problems, resource, at)
    return report


def _contained(package_dir: Path, rel: str, out: Collector) -> bool:
    """The declared path names a regular file inside the package folder; else it is said why
    (and the file is never read: sync refuses the package as well)."""
    try:
        containment.check(package_dir, rel)
        return True
    except containment.UnsafePath as exc:
        if exc.reason == "missing":
            out.add("scheme-error")
        else:
            out.add(
                "unsafe-path", field="path", value=rel, reason_id=exc.text(),
                reason_en=exc.text("en"),
            )  # fmt: skip
        return False


@dataclass(frozen=True)
class _Run:
    config: Config
    options: Options
    lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]]


def _check_contents(
    path: Path, resource: Mapping[str, Any], run: _Run, report: ResourceReport, out: Collector
) -> None:
    """The file's contents, unpacked first when it is a `.gz` or `.zip`."""
    kind = compression(resource, path)
    if kind is None:
        _check_any(path, resource, run.config, run.options, report, out, run.lookups)
        return
    with tempfile.TemporaryDirectory(prefix="kpu-validate-") as tmp:
        try:
            inner = decompress(path, kind, resource.get("innerpath"), Path(tmp))
        except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            out.add("source-error", reason=f"the {kind} file cannot be unpacked ({exc})")
            return
        _check_any(inner, resource, run.config, run.options, report, out, run.lookups)


OTHER_TABLE_FORMATS = ("xls", "ods", "json", "jsonl", "ndjson", "parquet", "sqlite", "html")


def _check_any(
    path: Path,
    resource: Mapping[str, Any],
    config: Config,
    options: Options,
    report: ResourceReport,
    out: Collector,
    lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]],
) -> None:
    """A table is checked; a table in a format this validator does not read is said so."""
    fmt = str(resource.get("format") or path.suffix.lstrip(".")).lower()
    if fmt in TABLE_FORMATS:
        _check_table(path, resource, config, options, report, out, lookups)
    elif fmt in OTHER_TABLE_FORMATS and (
        resource.get("type") == "table" or isinstance(resource.get("schema"), Mapping)
    ):
        out.add(
            "schema-unsupported", feature=f"a table in the {fmt} format (save it as XLSX or CSV)"
        )


TOTALS_AT_SHEET_ROW = frozenset({"total-mismatch"})
"""Codes about the total rows the build kept apart (`x-kpu-totals`), whose rows are the sheet's."""


def at_workbook(problems: list[Problem], resource: Mapping[str, Any], at: str) -> list[Problem]:
    """Problems of a clean CSV built from a workbook, placed where the steward edits: the
    workbook, its sheet, the sheet's row and column letter (`x-kpu-source`); the CSV's path
    and row kept as `params.csv_path` and `params.csv_row`."""
    source = resource.get("x-kpu-source")
    if not isinstance(source, Mapping) or not isinstance(source.get("rows"), list):
        return problems
    book = PurePosixPath(at, str(source.get("path"))).as_posix()
    given = source.get("columns")
    columns: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    header_row = source.get("header_row") if isinstance(source.get("header_row"), int) else 1
    runs = [r for r in source["rows"] if isinstance(r, list) and len(r) == 3]
    placed = []
    for p in problems:
        sheet_row = header_row if p.row == 1 else _sheet_row(runs, p.row)
        if sheet_row is None and p.code in TOTALS_AT_SHEET_ROW:
            sheet_row = p.row  # a total row the build kept apart: recorded at its sheet row
        if p.row is None or sheet_row is None:
            placed.append(p)
            continue
        letters = columns.get(p.field) if p.field else None
        params = {
            **dict(p.params),
            "sheet": str(source.get("sheet")),
            "cell": f"{letters}{sheet_row}" if letters else str(sheet_row),
            "csv_path": p.path,
            "csv_row": p.row,
        }
        placed.append(
            dataclasses.replace(
                p,
                path=book,
                row=sheet_row,
                params=tuple(sorted((k, str(v)) for k, v in params.items())),
            )
        )
    return placed


def _sheet_row(runs: list[list[int]], row: int | None) -> int | None:
    for csv_row, sheet_row, count in runs:
        if row is not None and csv_row <= row < csv_row + count:
            return sheet_row + row - csv_row
    return None


def _finish(report: ResourceReport, out: Collector, started: float) -> ResourceReport:
    report.problems = out.finish()
    report.counts = out.counts
    report.seconds = time.perf_counter() - started
    return report


def _check_file(path: Path, resource: Mapping[str, Any], out: Collector) -> None:
    size = path.stat().st_size
    declared = resource.get("bytes")
    if isinstance(declared, int) and declared != size:
        out.add("byte-count", expected=declared, actual=size)
    expected = resource.get("hash")
    if isinstance(expected, str) and expected:
        algorithm, _, digest = expected.rpartition(":")
        algorithm = algorithm or "md5"
        if algorithm in ("md5", "sha256"):
            h = hashlib.new(algorithm)
            with path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            if h.hexdigest() != digest:
                out.add("hash-count", expected=digest, actual=h.hexdigest())


def _check_table(
    path: Path,
    resource: Mapping[str, Any],
    config: Config,
    options: Options,
    report: ResourceReport,
    out: Collector,
    lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]],
) -> None:
    fmt = str(resource.get("format") or path.suffix.lstrip(".")).lower()
    rows: list[list[Any]] | None = None
    if fmt == "xlsx":
        try:
            rows = list(xlsx_rows(path, _sheet(resource)))
        except Exception as exc:  # calamine raises its own error types for broken workbooks
            out.add("source-error", reason=f"{type(exc).__name__}: {exc}")
            return
    if (rows is None and path.stat().st_size == 0) or rows == []:
        out.add(
            "source-error", reason="the file is empty" if rows is None else "the sheet is empty"
        )
        if rows == []:  # its other sheets are published with it
            _personal_only(path, resource, report, out)
        return
    compiled = _compiled(path, resource, report, out)
    if compiled is None:
        return
    spec, frame = compiled
    context = _Context(config, lookups)
    checker: TableChecker | None
    if rows is not None:
        frame = infer_header(frame, rows)
        checker, sample = _check_rows(rows, spec, frame, context, out)
    else:
        checker, sample = _check_csv(path, resource, spec, frame, context, options, out)
    if checker is not None:
        _keep(checker, resource, report)
        _guard_personal(sample, out)


def _compiled(
    path: Path, resource: Mapping[str, Any], report: ResourceReport, out: Collector
) -> tuple[TableSpec, Framing] | None:
    """The resource's schema compiled and its dialect's framing; None when the table cannot be
    checked against a schema (without one, only the personal-data guard applies)."""
    schema = resource.get("schema")
    if not isinstance(schema, Mapping) or not schema.get("fields"):
        _personal_only(path, resource, report, out)
        return None
    try:
        return compile_schema(schema), framing(resource)
    except Unsupported as exc:
        out.add("schema-unsupported", feature=str(exc))
    except (ValueError, KeyError, TypeError) as exc:
        out.add("schema-unsupported", feature=f"an invalid schema ({exc})")
    return None


def _keep(checker: TableChecker, resource: Mapping[str, Any], report: ResourceReport) -> None:
    """Totals checked; what the cross-level checks need kept in the report."""
    checker.check_totals(resource.get("x-kpu-totals") or ())
    report.rows = checker.rows
    report.totals = checker.reliable_sums()
    report.recap_rows = dict(checker.recap or {})
    report.covered = checker.covered_region()
    report.parts = checker.finished_parts()
    report.keyed = checker.keyed or {}
    report.candidates = dict(checker.candidates)


def _guard_personal(sample: list[list[Any]], out: Collector) -> None:
    """Personal data found: report it, and drop every other problem of the file — their values
    would copy names, birth dates and id numbers into logs, CI annotations and job summaries."""
    signs = personal_data(sample[0] if sample else [], sample[1:])
    if not signs:
        return
    out.problems.clear()
    out.counts.clear()
    for sign in signs:
        out.add(
            "personal-data", field=sign.field, reason_id=sign.reason_id, reason_en=sign.reason_en
        )


@dataclass(frozen=True)
class _Context:
    config: Config
    lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]]


def _checker(spec: TableSpec, context: _Context, out: Collector) -> TableChecker:
    return TableChecker(
        spec,
        out,
        regions=context.config.regions,
        regions_source=REGIONS_SOURCE,
        lookups=context.lookups,
        dapils=context.config.dapils,
    )


def _check_csv(
    path: Path,
    resource: Mapping[str, Any],
    spec: TableSpec,
    frame: Framing,
    context: _Context,
    options: Options,
    out: Collector,
) -> tuple[TableChecker | None, list[list[Any]]]:
    """A CSV: its encoding and dialect read, then the vectorised path when it applies (a plain
    UTF-8 file whose header is the schema's), else — or when it gives up — the exact one."""
    opened = _open_csv(path, resource, frame, out)
    if opened is None:
        return None, []
    encoding, dialect, frame, labels = opened
    fast = (
        spec.all_fast
        and frame.plain
        and dialect.simple
        and encoding in ("utf-8", "utf-8-sig")
        and labels == spec.names
        and not (spec.total_label_fields and spec.regions)
    )
    if fast:
        done = _fast_csv(path, spec, context, dialect, encoding, labels, out)
        if done is not None:
            return done
    checker = _checker(spec, context, out)
    try:
        sample = _python_table(checker, csv_rows(path, encoding, dialect), frame, out)
    except UnicodeDecodeError as exc:
        _encoding_error(path, encoding, _reason(exc), out)
        return checker, []
    except csv.Error as exc:
        out.add("source-error", reason=f"not a CSV file ({exc})")
        return checker, []
    return checker, sample


def _open_csv(
    path: Path, resource: Mapping[str, Any], frame: Framing, out: Collector
) -> tuple[str, Dialect, Framing, list[str]] | None:
    """(encoding, dialect, framing with the header row guessed, first record); None — with the
    reason said — when the file cannot be read as CSV at all."""
    declared = resource.get("encoding")
    try:
        encoding = detect_encoding(path, declared if isinstance(declared, str) else None)
    except LookupError:
        out.add(
            "encoding-error", encoding=declared, reason="unknown encoding", where_id="", where_en=""
        )
        return None
    text = read_sample(path, encoding)
    try:
        dialect = resource_dialect(resource, text)
    except Unsupported as exc:
        out.add("schema-unsupported", feature=str(exc))
        return None
    frame = infer_header(frame, list(csv.reader(io.StringIO(text), **dialect.python())))
    try:
        labels = next(csv_rows(path, encoding, dialect), [])
    except UnicodeDecodeError as exc:  # a bad byte in the first block: the header never read
        _encoding_error(path, encoding, _reason(exc), out)
        return None
    except csv.Error as exc:
        out.add("source-error", reason=f"not a CSV file ({exc})")
        return None
    return encoding, dialect, frame, labels


def _fast_csv(
    path: Path,
    spec: TableSpec,
    context: _Context,
    dialect: Dialect,
    encoding: str,
    labels: list[str],
    out: Collector,
) -> tuple[TableChecker, list[list[Any]]] | None:
    """The vectorised path; None when it gives up (its problems are taken back)."""
    import pyarrow as pa  # here, not at the top: other commands need not load it

    from publisher.validate.fast import Fallback, FastTable

    kept = (list(out.problems), out.counts.copy())
    checker = _checker(spec, context, out)
    table = FastTable(checker, dialect)
    try:
        table.run(path)
        return checker, [labels, *table.sample]
    except Fallback:
        pass  # start again on the exact path
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            _encoding_error(path, encoding, str(exc).split("\n")[0], out)
            return checker, [labels, *table.sample]
        # anything else pyarrow refuses: the exact path reads it, or says why it cannot
    out.problems, out.counts = kept
    return None


def _reason(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start : exc.start + 1]
    return f"{exc.reason} (byte 0x{bad.hex()})" if bad else exc.reason


def _encoding_error(path: Path, encoding: str, reason: str, out: Collector) -> None:
    """An `encoding-error` at the first line that does not decode (the header is row 1)."""
    row = None
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                row = number
                break
    where_id, where_en = (f" (baris {row})", f" (row {row})") if row else ("", "")
    out.add(
        "encoding-error", row=row, encoding=encoding, reason=reason,
        where_id=where_id, where_en=where_en,
    )  # fmt: skip


def _check_rows(
    rows: list[list[Any]], spec: TableSpec, frame: Framing, context: _Context, out: Collector
) -> tuple[TableChecker, list[list[Any]]]:
    """Typed rows (XLSX): vectorised when the header is the schema's, else the exact path."""
    plain = rows and spec.all_fast and frame.plain
    if plain and not (spec.total_label_fields and spec.regions):
        from publisher.validate.fast import Fallback, FastTable

        kept = (list(out.problems), out.counts.copy())
        checker = _checker(spec, context, out)
        table = FastTable(checker, Dialect())
        try:
            table.run_rows(rows)
            return checker, [list(rows[0]), *table.sample]
        except Fallback:
            out.problems, out.counts = kept
    checker = _checker(spec, context, out)
    return checker, _python_table(checker, rows, frame, out)


def _python_table(
    checker: TableChecker, rows: Iterable[list[Any]], frame: Framing, out: Collector
) -> list[list[Any]]:
    """The exact path over every record, split into header and data as the dialect says;
    returns a sample (labels first) for the personal-data guard."""
    content = split_content(rows, frame)
    labels = content.labels
    if labels is not None:
        first = content.header_rows[0] if content.header_rows else 1
        checker.check_header(labels, row=first, header_case=frame.header_case)
    sample: list[list[Any]] = [list(labels or [])]
    for number, cells in content.rows:
        if len(sample) <= PERSONAL_SAMPLE:
            sample.append(cells)
        checker.check_row(number, cells)
    return sample


def _personal_only(
    path: Path, resource: Mapping[str, Any], report: ResourceReport, out: Collector
) -> None:
    """A table without a schema: only the personal-data guard applies — on every sheet of a
    workbook (hidden ones too: the file is published whole), below its title rows."""
    samples: list[list[list[Any]]] = []
    try:
        if path.suffix.lower() == ".xlsx":
            for sheet in xlsx_sheets(path):
                rows = list(islice(xlsx_rows(path, sheet), PERSONAL_SAMPLE + 20))
                samples.append(_below_titles(rows))
        else:
            encoding = detect_encoding(path, resource.get("encoding"))
            rows_iter = csv_rows(
                path, encoding, resource_dialect(resource, read_sample(path, encoding))
            )
            samples.append(list(islice(rows_iter, PERSONAL_SAMPLE + 1)))
    except (UnicodeDecodeError, Unsupported, OSError, ValueError) as exc:
        out.add("source-error", reason=str(exc))
        return
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        out.add("source-error", reason=f"{type(exc).__name__}: {exc}")
        return
    for sample in samples:
        _guard_personal(sample, out)
        if out.counts.get("personal-data"):
            return


def _below_titles(rows: list[list[Any]]) -> list[list[Any]]:
    """A presentation sheet from its label row on, each column labelled with the lowest text of
    the (up to three-row, merged) header block above it."""
    h = header_row(rows)
    block = rows[max(0, h - 2) : h + 1]
    width = max((len(r) for r in rows), default=0)
    labels: list[Any] = []
    for i in range(width):
        texts = [r[i] for r in block if i < len(r) and isinstance(r[i], str) and r[i].strip()]
        labels.append(texts[-1] if texts else None)
    return [labels, *rows[h + 1 :]]


def _sheet(resource: Mapping[str, Any]) -> str | int | None:
    dialect = resource.get("dialect") or {}
    excel = dialect.get("excel") or {}
    sheet = excel.get("sheet", dialect.get("sheet"))
    return sheet if isinstance(sheet, str | int) else None


def _dereferenced(
    package_dir: Path, resource: Mapping[str, Any], out: Collector
) -> Mapping[str, Any]:
    """The resource with its `schema` and `dialect` read when they name a file (JSON or YAML,
    inside the package folder, as any file it uses)."""
    found = dict(resource)
    for key in ("schema", "dialect"):
        ref = resource.get(key)
        if not isinstance(ref, str):
            continue
        try:
            checked = containment.check(package_dir, ref)
            text = checked.path.read_text(encoding="utf-8")
            if ref.endswith((".yaml", ".yml")):
                import yaml

                found[key] = yaml.safe_load(text)
            else:
                found[key] = json.loads(text)
        except (containment.UnsafePath, OSError, ValueError) as exc:
            out.add("schema-unsupported", feature=f"a {key} file that cannot be read ({exc})")
            found[key] = None
    return found

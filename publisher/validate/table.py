"""One resource of a data package (its file + descriptor) → a `ResourceReport`.

Checks the file's size and sha256 against the descriptor, then reads the table: a UTF-8 CSV in a
plain dialect whose header is the schema's field names takes the vectorised path (`fast`);
anything else — other encodings or dialects, a different header, XLSX sheets, recap tables (small,
indexed for the cross-level check), types other than string/integer — the exact Python path
(`rows`). Then total rows against the sums, and the personal-data guard.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from publisher import containment
from publisher.config import Config
from publisher.validate.model import Options, ResourceReport
from publisher.validate.personal import header_row, personal_data
from publisher.validate.rows import Collector, TableChecker
from publisher.validate.source import (
    Dialect,
    Unsupported,
    csv_rows,
    detect_encoding,
    read_sample,
    resource_dialect,
    xlsx_rows,
    xlsx_sheets,
)
from publisher.validate.spec import TableSpec, compile_schema

REGIONS_SOURCE = "config/publisher.yaml: reference.regions"
TABLE_FORMATS = ("csv", "tsv", "xlsx")
PERSONAL_SAMPLE = 1000


def shown_path(path: Path, root: Path | None) -> str:
    # the folder resolved, not the file: a file that is a link (even a loop) is shown where it is
    where = path.parent.resolve() / path.name
    for base in (Path.cwd(), root):
        if base is not None:
            try:
                return where.relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
    return path.as_posix()


def check_resource(
    package_dir: Path,
    resource: Mapping[str, Any],
    config: Config,
    options: Options | None = None,
    *,
    root: Path | None = None,
) -> ResourceReport:
    """Every check of one resource; data problems are values in the report, never exceptions."""
    options = options or Options()
    started = time.perf_counter()
    rel = resource.get("path")
    name = str(resource.get("name") or rel)
    if not isinstance(rel, str) or "://" in rel:
        report = ResourceReport(name=name, path=str(rel))
        out = Collector(str(rel), options.limit)
        out.add("schema-unsupported", feature="a remote or multipart path")
        return _finish(report, out, started)
    path = package_dir / rel
    shown = shown_path(path, root) if ".." not in rel.split("/") and rel[:1] != "/" else rel
    report = ResourceReport(name=name, path=shown)
    out = Collector(shown, options.limit)
    try:
        containment.check(package_dir, rel)
    except containment.UnsafePath as exc:
        if exc.reason == "missing":
            out.add("scheme-error")
        else:  # never read, never published (sync refuses the package as well)
            out.add(
                "unsafe-path",
                field="path",
                value=rel,
                reason_id=exc.text(),
                reason_en=exc.text("en"),
            )
        return _finish(report, out, started)
    if options.hashes:
        _check_file(path, resource, out)
    fmt = str(resource.get("format") or path.suffix.lstrip(".")).lower()
    if fmt in TABLE_FORMATS:
        _check_table(path, resource, config, options, report, out)
    return _finish(report, out, started)


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
) -> None:
    schema = resource.get("schema")
    if isinstance(schema, str):
        schema = _load_schema(path.parent, schema, out)
    if not isinstance(schema, Mapping) or not schema.get("fields"):
        _personal_only(path, resource, report, out)
        return
    try:
        spec = compile_schema(schema)
    except (ValueError, KeyError, TypeError) as exc:
        out.add("schema-unsupported", feature=f"an invalid schema ({exc})")
        return
    fmt = str(resource.get("format") or path.suffix.lstrip(".")).lower()
    checker: TableChecker | None
    if fmt == "xlsx":
        try:
            rows = list(xlsx_rows(path, _sheet(resource)))
        except Exception as exc:  # calamine raises its own error types for broken workbooks
            out.add("source-error", reason=f"{type(exc).__name__}: {exc}")
            return
        checker, sample = _check_rows(rows, spec, config, out)
    else:
        checker, sample = _check_csv(path, resource, spec, config, options, out)
    if checker is None:
        return
    checker.check_totals(resource.get("x-kpu-totals") or ())
    report.rows = checker.rows
    report.totals = checker.reliable_sums()
    report.recap_rows = dict(checker.recap or {})
    report.covered = checker.covered_region()
    _guard_personal(sample, out)


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


def _checker(spec: TableSpec, config: Config, out: Collector) -> TableChecker:
    return TableChecker(spec, out, regions=config.regions, regions_source=REGIONS_SOURCE)


def _check_csv(
    path: Path,
    resource: Mapping[str, Any],
    spec: TableSpec,
    config: Config,
    options: Options,
    out: Collector,
) -> tuple[TableChecker | None, list[list[Any]]]:
    declared = resource.get("encoding")
    try:
        encoding = detect_encoding(path, declared if isinstance(declared, str) else None)
    except LookupError:
        out.add(
            "encoding-error", encoding=declared, reason="unknown encoding", where_id="", where_en=""
        )
        return None, []
    try:
        dialect = resource_dialect(resource, read_sample(path, encoding))
    except Unsupported as exc:
        out.add("schema-unsupported", feature=str(exc))
        return None, []
    try:
        labels = next(csv_rows(path, encoding, dialect), [])
    except UnicodeDecodeError as exc:  # a bad byte in the first block: the header never read
        _encoding_error(path, encoding, _reason(exc), out)
        return None, []
    fast = (
        spec.all_fast
        and dialect.simple
        and encoding in ("utf-8", "utf-8-sig")
        and labels == spec.names
        and not (spec.total_label_fields and spec.regions)
    )
    if fast:
        import pyarrow as pa  # here, not at the top: other commands need not load it

        from publisher.validate.fast import Fallback, FastTable

        kept = (list(out.problems), out.counts.copy())
        checker = _checker(spec, config, out)
        table = FastTable(checker, dialect)
        try:
            table.run(path)
            return checker, [labels, *table.sample]
        except Fallback:
            pass  # start again on the exact path
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc):
                raise
            _encoding_error(path, encoding, str(exc).split("\n")[0], out)
            return checker, [labels, *table.sample]
        out.problems, out.counts = kept
    checker = _checker(spec, config, out)
    try:
        sample = _python_table(checker, csv_rows(path, encoding, dialect), out)
    except UnicodeDecodeError as exc:
        _encoding_error(path, encoding, _reason(exc), out)
        return checker, []
    return checker, sample


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
    rows: list[list[Any]], spec: TableSpec, config: Config, out: Collector
) -> tuple[TableChecker, list[list[Any]]]:
    """Typed rows (XLSX): vectorised when the header is the schema's, else the exact path."""
    if rows and spec.all_fast and not (spec.total_label_fields and spec.regions):
        from publisher.validate.fast import Fallback, FastTable

        kept = (list(out.problems), out.counts.copy())
        checker = _checker(spec, config, out)
        table = FastTable(checker, Dialect())
        try:
            table.run_rows(rows)
            return checker, [list(rows[0]), *table.sample]
        except Fallback:
            out.problems, out.counts = kept
    checker = _checker(spec, config, out)
    return checker, _python_table(checker, rows, out)


def _python_table(
    checker: TableChecker, rows: Iterable[list[Any]], out: Collector
) -> list[list[Any]]:
    """The exact path over every record (the first is the header); returns a sample for PII."""
    sample: list[list[Any]] = []
    it = iter(rows)
    labels = next(it, None)
    if labels is None:
        out.add("blank-header", row=1)
        return sample
    checker.check_header(labels)
    sample.append(list(labels))
    for number, cells in enumerate(it, start=2):
        if number <= PERSONAL_SAMPLE + 1:
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


def _load_schema(folder: Path, ref: str, out: Collector) -> Any:
    import json

    try:
        return json.loads((folder / ref).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        out.add("schema-unsupported", feature=f"a schema file that cannot be read ({exc})")
        return None

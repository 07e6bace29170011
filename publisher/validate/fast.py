"""A UTF-8 CSV in a plain dialect → the same problems as `rows.py`, vectorised in batches.

pyarrow's streaming CSV reader gives batches of text columns (single-threaded, so the rows it
cannot fit — extra or missing cells, blank lines — come with their line numbers); polars checks a
batch with one expression per field. A row is "clean" when every cell is surely valid: an integer
field's cell is one polars parses as a 64-bit integer (a subset of what Python's `int()` takes, to
the same value) within its constraints, a string field's cell matches its pattern (the Rust regex
anchored like Python's `re.match`), no required cell is missing. Every other row — flagged,
unparseable, a total row — goes through the exact Python checker, so the fast path only ever
decides "surely valid". Rules, region codes, sums and keys of clean rows are checked on whole
columns; keys are kept as compact columns (row number + key values) and repeats found once at
the end. XLSX sheets come as typed rows and are framed the same way (`typed_frame`).
"""

from __future__ import annotations

import threading
from bisect import insort
from collections.abc import Iterator, Sequence
from itertools import zip_longest
from pathlib import Path
from queue import Full, Queue
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from publisher.validate.rows import TableChecker, fold_code, fold_name
from publisher.validate.source import Dialect, parse_line
from publisher.validate.spec import FieldSpec, Rule

BLOCK_SIZE = 8 << 20
XLSX_BATCH = 50_000
SAMPLE_ROWS = 1000
_OPS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class Fallback(Exception):
    """The file needs the exact Python path (a record spans lines, an unusual pattern, ...)."""


def has_multiline_records(path: Path, quote: str) -> bool:
    """True when a newline sits inside quotes: then lines and records differ."""
    q = quote.encode()
    inside = False
    with path.open("rb") as fh:
        while chunk := fh.read(16 << 20):
            count = chunk.count(q)
            if count > 100_000:
                if _newline_in_quotes(chunk, q[0], inside):
                    return True
                inside = inside != (count % 2 == 1)
                continue
            pos = 0
            at = chunk.find(q)
            while at >= 0:
                if inside and chunk.find(b"\n", pos, at) >= 0:
                    return True
                inside, pos = not inside, at + 1
                at = chunk.find(q, pos)
            if inside and chunk.find(b"\n", pos) >= 0:
                return True
    return False


def _newline_in_quotes(chunk: bytes, quote: int, inside: bool) -> bool:
    arr = np.frombuffer(chunk, dtype=np.uint8)
    quotes = np.flatnonzero(arr == quote)
    newlines = np.flatnonzero(arr == ord("\n"))
    before = np.searchsorted(quotes, newlines) + (1 if inside else 0)
    return bool(np.any(before % 2 == 1))


class FastTable:
    """Vectorised checks of one CSV; problems go to the shared TableChecker."""

    def __init__(self, checker: TableChecker, dialect: Dialect) -> None:
        self.checker = checker
        self.dialect = dialect
        spec = checker.spec
        self.fields = list(spec.fields)
        self.names = [f.name for f in self.fields]
        self.by_name = {f.name: f for f in self.fields}
        self.invalid: list[int] = []
        self.lock = threading.Lock()
        self.pending: list[tuple[int, str]] = []
        self.key_frames: list[pl.DataFrame] = []
        self.unique_frames: dict[str, list[pl.DataFrame]] = {n: [] for n in spec.unique}
        self.py_keys: list[tuple[Any, ...]] = []
        self.py_unique: dict[str, list[tuple[Any, ...]]] = {n: [] for n in spec.unique}
        self.verdicts: dict[tuple[str, str, Any], bool] = {}
        self.sample: list[list[str]] = []
        self.ordinal = 0
        self.pk = list(spec.primary_key)
        for f in self.fields:
            if f.type == "string" and f.constraints.get("pattern") is not None:
                _check_rust_regex(str(f.constraints["pattern"]))

    # -- reading --------------------------------------------------------------------------

    def run(self, path: Path) -> None:
        if has_multiline_records(path, self.dialect.quotechar):
            raise Fallback("a cell spans lines")
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=self.names, skip_rows=1, block_size=BLOCK_SIZE, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=self.dialect.delimiter,
                quote_char=self.dialect.quotechar,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=self._invalid_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in self.names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=True,
            ),
        )
        for batch in _prefetch(reader):
            self.batch(batch)
        self.flush_invalid(None)
        self.finish_keys()

    def run_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        """Typed rows (an XLSX sheet, header first): frictionless's cell semantics per type."""
        labels, data = rows[0], rows[1:]
        if list(labels) != self.names:
            raise Fallback("the header differs from the schema")
        self.sample = [list(r) for r in data[:SAMPLE_ROWS]]
        for start in range(0, len(data), XLSX_BATCH):
            part = data[start : start + XLSX_BATCH]
            self.frame(typed_frame(part, self.fields, first_row=start + 2), original=data)
        self.finish_keys()

    def _invalid_row(self, row: Any) -> str:
        """Called by the parser (in the reading thread) for each row it cannot fit."""
        if row.number is None:
            raise Fallback("row numbers unknown")
        with self.lock:
            insort(self.invalid, row.number)
            self.pending.append((row.number, row.text))
        return "skip"

    def row_numbers(self, start: int, count: int) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Row numbers (header = 1) of the next `count` parsed rows, skipped lines accounted.

        The parser reports a block's skipped lines before it yields the block, so every skipped
        line before these rows is known; lines it reported from later blocks change nothing.
        """
        ordinals = np.arange(start, start + count, dtype=np.int64)
        with self.lock:
            lines = np.asarray(self.invalid, dtype=np.int64)
        if not len(lines):
            return ordinals + 2
        shifted = lines - 2 - np.arange(len(lines), dtype=np.int64)
        return ordinals + 2 + np.searchsorted(shifted, ordinals, side="right")

    def flush_invalid(self, upto: int | None) -> None:
        """Rows the parser skipped (wrong cell count, blank lines) through the exact checker."""
        keep = []
        with self.lock:
            pending, self.pending = self.pending, []
        for number, text in sorted(pending):
            if upto is not None and number > upto:
                keep.append((number, text))
                continue
            cells = parse_line(text, self.dialect)
            values = self.checker.check_row(number, cells)
            self.python_keys(number, values)
        with self.lock:
            self.pending.extend(keep)

    # -- one batch ------------------------------------------------------------------------

    def batch(self, batch: pa.RecordBatch) -> None:
        n = batch.num_rows
        rows = self.row_numbers(self.ordinal, n)
        self.ordinal += n
        if n == 0:
            return
        self.flush_invalid(int(rows[-1]))
        raw = pl.from_arrow(batch)
        assert isinstance(raw, pl.DataFrame)
        if len(self.sample) < SAMPLE_ROWS:
            head = raw.head(SAMPLE_ROWS - len(self.sample))
            self.sample.extend([list(r) for r in head.rows()])
        self.frame(raw.with_columns(pl.Series("__row", rows)), original=None)

    def frame(self, raw: pl.DataFrame, original: Sequence[Sequence[Any]] | None) -> None:
        """Check a frame of text columns (+ `__row`, optional `__i_*` and `__python` columns).

        With `original`, the flagged rows are re-read from those cells (row r is original[r-2]):
        the XLSX path, where a cell's Python type matters.
        """
        flags = self.flag_exprs()
        if "__python" in raw.columns:
            flags.append(pl.col("__python"))
        missing_ints = [e for e in self.int_exprs() if e.meta.output_name() not in raw.columns]
        df = (
            raw.lazy()
            .with_columns(*missing_ints)
            .with_columns((~pl.any_horizontal(flags)).alias("__clean"))
            .collect()
        )
        flagged = df.lazy().filter(~pl.col("__clean")).select(["__row", *self.names]).collect()
        for cells in flagged.iter_rows():
            row = cells[0]
            source = original[row - 2] if original is not None else cells[1:]
            values = self.checker.check_row(row, source, track_keys=False)
            self.python_keys(row, values)
        self.clean_aggregates(df)
        self.clean_regions(df)
        self.clean_keys(df)

    def flag_exprs(self) -> list[pl.Expr]:
        exprs = [_flag(f) for f in self.fields]
        spec = self.checker.spec
        if not any(f.required for f in self.fields):
            exprs.append(pl.all_horizontal([_missing(f) for f in self.fields]))
        for name in spec.total_label_fields:
            if name in self.names:
                folded = pl.col(name).str.replace_all(r"\s+", " ").str.strip_chars()
                exprs.append(folded.str.to_uppercase().is_in(sorted(spec.total_labels)))
        return exprs

    def int_exprs(self) -> list[pl.Expr]:
        return [
            pl.col(f.name).cast(pl.Int64, strict=False).alias("__i_" + f.name)
            for f in self.fields
            if f.type == "integer"
        ]

    def clean_aggregates(self, df: pl.DataFrame) -> None:
        """Row count, column sums and broken rules of the clean rows, in one pass."""
        clean = pl.col("__clean")
        names = [n for n in self.checker.sums if n in self.names]
        rules = list(self.checker.spec.rules)
        stats = df.select(
            clean.sum().alias("__n"),
            *[pl.col("__i_" + n).filter(clean).sum().alias("s_" + n) for n in names],
            *[(clean & pl.col("__i_" + n).is_null()).sum().alias("z_" + n) for n in names],
            *[(clean & _broken(r)).any().alias(f"r_{i}") for i, r in enumerate(rules)],
        ).row(0, named=True)
        self.checker.rows += int(stats["__n"])
        for n in names:
            self.checker.sums[n] += int(stats["s_" + n] or 0)
            if stats["z_" + n]:
                self.checker.unreliable.add(n)
        for i, rule in enumerate(rules):
            if stats[f"r_{i}"]:
                cols = ["__i_" + n for n in rule.involved]
                bad = df.lazy().filter(clean & _broken(rule)).select(["__row", *cols]).collect()
                for rec in bad.iter_rows():
                    ints = dict(zip(rule.involved, rec[1:], strict=True))
                    self.checker.check_rule(rule, rec[0], ints)

    def clean_regions(self, df: pl.DataFrame) -> None:
        """Distinct (code, name) pairs of the clean rows against the reference, cached."""
        pairs = self.checker.spec.regions
        if not pairs:
            return
        cols = list(dict.fromkeys(c for pair in pairs for c in pair if c))
        combos = df.lazy().filter(pl.col("__clean")).select(cols).unique().collect()
        for code_field, name_field in pairs:
            pair_cols = [code_field] + ([name_field] if name_field else [])
            distinct = combos.select(pair_cols).unique()
            if len(self.checker.constant.get(code_field, ())) < 2:
                for code in distinct[code_field].unique().head(2).to_list():
                    self.checker.seen_code(code_field, code)
            regions = self.checker.regions
            bad = set()
            codes = distinct[code_field].to_list()
            names = distinct[name_field].to_list() if name_field else [None] * len(codes)
            for code, name in zip(codes, names, strict=True):
                region = regions.get(code)
                if region is not None and (name is None or name == region.nama):
                    continue  # the common case, settled without a call
                if not self.region_ok(code_field, code, name_field, name):
                    bad.add((code, name) if name_field else (code,))
            if bad:
                self.region_rows(df, code_field, name_field, bad)

    def region_rows(
        self, df: pl.DataFrame, code_field: str, name_field: str | None, bad: set[Any]
    ) -> None:
        cols = [code_field] + ([name_field] if name_field else [])
        items = [pair[: len(cols)] for pair in bad]
        wanted = pl.DataFrame(items, schema={c: pl.String for c in cols}, orient="row")
        hits = (
            df.lazy()
            .filter(pl.col("__clean"))
            .select(["__row", *cols])
            .join(wanted.lazy(), on=cols, how="semi")
            .collect()
        )
        for rec in hits.iter_rows():
            name = rec[2] if name_field else None
            self.checker.region_problem(rec[0], code_field, rec[1], name_field, name)

    def field(self, name: str) -> FieldSpec:
        return self.by_name[name]

    def region_ok(self, code_field: str, code: str, name_field: str | None, name: Any) -> bool:
        """The exact verdict on a (code, name) the vectorised join could not settle."""
        key = (code_field, code, name)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self._region_ok(code_field, code, name_field, name)
            self.verdicts[key] = verdict
        return verdict

    def _region_ok(self, code_field: str, code: str, name_field: str | None, name: Any) -> bool:
        if code in self.field(code_field).missing_values:
            return True
        region = self.checker.regions.get(code) or self.checker.regions.get(fold_code(code))
        if region is None:
            return False
        if name_field is None or name == region.nama:
            return True
        if name in self.field(name_field).missing_values:
            return True
        return fold_name(str(name)) == fold_name(region.nama)

    # -- keys -----------------------------------------------------------------------------

    def key_expr(self, name: str) -> pl.Expr:
        spec = next(f for f in self.fields if f.name == name)
        if spec.type == "integer":
            return pl.col("__i_" + name).alias(name)
        col = pl.col(name)
        return pl.when(col.is_in(sorted(spec.missing_values))).then(None).otherwise(col).alias(name)

    def key_schema(self, names: Sequence[str]) -> dict[str, Any]:
        types = {f.name: f.type for f in self.fields}
        return {n: (pl.Int64 if types[n] == "integer" else pl.String) for n in names}

    def clean_keys(self, df: pl.DataFrame) -> None:
        clean = df.lazy().filter(pl.col("__clean"))
        if self.pk:
            frame = clean.select(pl.col("__row"), *[self.key_expr(n) for n in self.pk]).collect()
            empty = pl.all_horizontal([pl.col(n).is_null() for n in self.pk])
            for row in frame.filter(empty)["__row"].to_list():
                self.checker.primary_key_error(row, [None] * len(self.pk), previous=None)
            self.key_frames.append(frame.filter(~empty))
        for name in self.unique_frames:
            frame = clean.select(pl.col("__row"), self.key_expr(name)).collect()
            self.unique_frames[name].append(frame.filter(pl.col(name).is_not_null()))

    def python_keys(self, row: int, values: Sequence[Any]) -> None:
        """Keys of a row the exact checker read (kept in lists, framed once at the end)."""
        position = self.checker.position
        if self.pk and all(position.get(n) is not None for n in self.pk):
            key = [_key_value(values[position[n]]) for n in self.pk]  # type: ignore[index]
            if all(v is None for v in key):
                self.checker.primary_key_error(row, key, previous=None)
            else:
                self.py_keys.append((row, *key))
        for name, items in self.py_unique.items():
            i = position.get(name)
            value = _key_value(values[i]) if i is not None else None
            if value is not None:
                items.append((row, value))

    def python_frame(self, items: list[tuple[Any, ...]], names: list[str]) -> pl.DataFrame:
        schema = {"__row": pl.Int64, **self.key_schema(names)}
        return pl.DataFrame(items, schema=schema, orient="row")

    def finish_keys(self) -> None:
        if self.py_keys:
            self.key_frames.append(self.python_frame(self.py_keys, self.pk))
        for name, items in self.py_unique.items():
            if items:
                self.unique_frames[name].append(self.python_frame(items, [name]))
        if self.pk and self.key_frames:
            for row, key, previous in _repeats(self.key_frames, self.pk):
                self.checker.primary_key_error(row, key, previous=previous)
        self.key_frames = []
        for name, frames in self.unique_frames.items():
            if frames:
                for row, key, previous in _repeats(frames, [name]):
                    self.checker.out.add(
                        "unique-error", row=row, field=name, value=key[0], other_row=previous
                    )
        self.unique_frames = {}


def _repeats(
    frames: list[pl.DataFrame], names: list[str]
) -> list[tuple[int, tuple[Any, ...], int]]:
    """(row, key, previous row with that key) for every repeat, in row order."""
    keys = pl.concat(frames, how="vertical", rechunk=False)
    # a 64-bit hash finds the candidates cheaply; the exact comparison below settles them
    candidates = keys.filter(pl.struct(names).hash(seed=2019).is_duplicated())
    dup = candidates.filter(pl.struct(names).is_duplicated()).sort("__row")
    seen: dict[tuple[Any, ...], int] = {}
    out = []
    for rec in dup.iter_rows():
        row, key = rec[0], tuple(rec[1:])
        if key in seen:
            out.append((row, key, seen[key]))
        seen[key] = row
    return out


def _key_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value)
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else None
    return value


def typed_frame(
    rows: Sequence[Sequence[Any]], fields: Sequence[FieldSpec], *, first_row: int
) -> pl.DataFrame:
    """Typed cells → text columns for string fields, `__i_*` integers for integer fields, and
    `__python` for rows only the exact checker can judge (wrong cell count, a number in a text
    column, a text, bool or date in a number column, a non-whole number)."""
    n = len(fields)
    wrong_shape = [len(r) != n for r in rows]
    columns = list(zip_longest(*rows, fillvalue=None)) if rows else []
    data: dict[str, Any] = {"__row": pl.Series(range(first_row, first_row + len(rows)))}
    odd = pl.Series(wrong_shape, dtype=pl.Boolean)
    for j, f in enumerate(fields):
        col = columns[j] if j < len(columns) else (None,) * len(rows)
        if f.type == "integer":
            numbers = pl.Series(
                [c if type(c) in (int, float) else None for c in col], dtype=pl.Float64
            )
            texts = pl.Series([c if type(c) is str else None for c in col], dtype=pl.String)
            other = pl.Series([c is not None and type(c) not in (int, float, str) for c in col])
            whole = numbers.is_not_null() & (numbers == numbers.floor()) & (numbers.abs() < 2**62)
            ints = pl.select(
                pl.when(whole)
                .then(numbers.cast(pl.Int64, strict=False))
                .otherwise(texts.cast(pl.Int64, strict=False))
            ).to_series()
            odd = (
                odd
                | other
                | (numbers.is_not_null() & ~whole)
                | (texts.is_not_null() & ints.is_null())
            )
            data[f.name] = pl.select(
                pl.when(numbers.is_not_null()).then(pl.lit("0")).otherwise(texts.fill_null(""))
            ).to_series()
            data["__i_" + f.name] = ints
        else:
            texts = pl.Series([c if type(c) is str else None for c in col], dtype=pl.String)
            odd = odd | pl.Series([c is not None and type(c) is not str for c in col])
            data[f.name] = texts.fill_null("")
    data["__python"] = odd
    return pl.DataFrame(data)


def _prefetch(reader: Any, depth: int = 2) -> Iterator[pa.RecordBatch]:
    """Parse the next blocks in a thread (pyarrow releases the GIL) while this one is checked."""
    queue: Queue[Any] = Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def work() -> None:
        try:
            for batch in reader:
                if not put(batch):
                    return
            put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    thread = threading.Thread(target=work, name="csv-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = queue.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _broken(rule: Rule) -> pl.Expr:
    """True where every cell of the rule is a number and the rule does not hold."""
    cols = {n: pl.col("__i_" + n) for n in rule.involved}
    if rule.kind == "sum":
        broken = pl.sum_horizontal([cols[f] for f in rule.fields]) != cols[rule.target]
    else:
        broken = ~_OPS[rule.op](cols[rule.fields[0]], cols[rule.target])
    present = pl.all_horizontal([c.is_not_null() for c in cols.values()])
    return (broken & present).fill_null(False)


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _missing(f: FieldSpec) -> pl.Expr:
    col = pl.col(f.name)
    if f.missing_values == frozenset({""}):
        return col == ""
    return col.is_in(sorted(f.missing_values))


def _flag(f: FieldSpec) -> pl.Expr:
    """True where a cell may hold an error (the exact checker then decides)."""
    col = pl.col(f.name)
    missing = _missing(f)
    if f.type == "integer":
        # polars parses a subset of what Python's int() takes, to the same value; the rest
        # (spaces, '+', other scripts' digits, huge numbers) goes to the exact checker
        value = pl.col("__i_" + f.name)
        bad = value.is_null()
        for name, limit in f.checks():
            bound = int(limit) if name != "enum" and name != "required" else None
            if name == "minimum":
                bad = bad | (value < bound)
            elif name == "maximum":
                bad = bad | (value > bound)
            elif name == "exclusiveMinimum":
                bad = bad | (value <= bound)
            elif name == "exclusiveMaximum":
                bad = bad | (value >= bound)
            elif name == "enum":
                allowed = [v for v in (_as_int(x) for x in limit) if v is not None]
                bad = bad | ~value.is_in(allowed)
        flag = ~missing & bad.fill_null(True)
    else:
        bad = pl.lit(False)
        for name, limit in f.checks():
            if name == "pattern":
                bad = bad | ~col.str.contains(_rust_pattern(str(limit)))
            elif name == "enum":
                bad = bad | ~col.is_in([str(v) for v in limit])
            elif name == "minLength":
                bad = bad | (col.str.len_chars() < int(limit))
            elif name == "maxLength":
                bad = bad | (col.str.len_chars() > int(limit))
        flag = ~missing & bad
    return (flag | missing) if f.required else flag


def _rust_pattern(pattern: str) -> str:
    """Python's re.match('^' + p + '$') as a Rust regex: every alternative anchored at start."""
    return r"\A(?:^" + pattern + "$)"


def _check_rust_regex(pattern: str) -> None:
    try:
        pl.Series([""]).str.contains(_rust_pattern(pattern))
    except Exception as exc:
        raise Fallback(f"pattern {pattern!r} needs Python's regex engine") from exc

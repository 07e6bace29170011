"""A CSV's blocks or an XLSX's typed rows → frames checked: clean rows on whole columns.

pyarrow's streaming CSV reader gives batches of text columns (single-threaded, so the rows it
cannot fit come with their line numbers, and go through the exact checker); an XLSX sheet's
typed rows are framed the same way (`typed_frame`). In each frame, rows flagged by the polars
expressions go to the exact checker; the row count, sums and rules of the clean rows are
settled in one pass, their regions (`regions.py`) and keys (`keys.py`) on whole columns.
"""

from __future__ import annotations

import threading
from bisect import insort
from collections.abc import Callable, Sequence
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from publisher.validate.fast.ballot import FastBallot
from publisher.validate.fast.exprs import (
    cell_flag,
    cell_missing,
    certain,
    check_rust_regex,
    rule_broken,
    shape,
)
from publisher.validate.fast.keys import FastKeys
from publisher.validate.fast.reader import Fallback, has_multiline_records, prefetch
from publisher.validate.fast.regions import FastRegions
from publisher.validate.rows import TableChecker
from publisher.validate.source import Dialect, parse_line
from publisher.validate.spec import FieldSpec

BLOCK_SIZE = 8 << 20
XLSX_BATCH = 50_000
SAMPLE_ROWS = 1000
WIDE = 256
"""From this many fields on, the fields of one shape are checked together: their cells stacked
(`unpivot`) under one expression, not one expression per column. polars plans every expression,
and a wide table (10,000 columns of 100 rows) has too few rows to pay for 10,000 plans."""


class FastTable(FastKeys, FastRegions, FastBallot):
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
        self.judged: dict[str, dict[Any, bool]] = {f.name: {} for f in self.fields if not f.fast}
        self.bad: dict[str, set[str]] = {name: set() for name in self.judged}
        self.readers = {
            f.name: checker.readers[i] for i, f in enumerate(self.fields) if f.name in self.judged
        }
        self.groups: dict[tuple[Any, ...], list[FieldSpec]] = {}
        if len(self.fields) >= WIDE:
            for f in self.fields:
                self.groups.setdefault(shape(f), []).append(f)
        self.certain = {
            f.name: ok
            for f in self.fields
            if not f.fast and not self.groups and (ok := certain(f)) is not None
        }
        for f in self.fields:
            if f.type == "string" and f.constraints.get("pattern") is not None:
                check_rust_regex(str(f.constraints["pattern"]))

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
        for batch in prefetch(reader):
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
            frame = typed_frame(part, self.fields, first_row=start + 2, judge=self.typed_ok)
            self.frame(frame, original=data)
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
            values = self.checker.check_row(number, cells, track_keys=False)
            self.python_keys(number, values)  # keys once, with the other rows' at the end
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
        if original is None:
            self.judge(raw)
        if original is None and self.groups:
            flags = self.wide_flags(raw)
        else:
            flags = self.flag_exprs(typed=original is not None)
        if "__python" in raw.columns:
            flags.append(pl.col("__python"))
        present = set(raw.columns)
        missing_ints = [e for e in self.int_exprs() if e.meta.output_name() not in present]
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
        self.clean_lookups(df)
        self.clean_parts(df)
        self.clean_index(df)
        self.clean_candidates(df)

    def judge(self, raw: pl.DataFrame) -> None:
        """Each distinct cell of the other-typed fields, new in this frame, read by the exact
        reader once: refused ones are flagged (their rows go to the exact checker)."""
        if not self.judged:
            return
        if self.groups:
            self.judge_wide(raw)
            return
        distinct = raw.select(
            [
                (pl.col(n).filter(~self.certain[n]) if n in self.certain else pl.col(n))
                .unique()
                .implode()
                .alias(n)
                for n in self.judged
            ]
        ).row(0)
        for (name, judged), cells in zip(self.judged.items(), distinct, strict=True):
            read = self.readers[name]
            for cell in cells:
                if cell not in judged:
                    ok = not read(cell)[1]
                    judged[cell] = ok
                    if not ok:
                        self.bad[name].add(cell)

    def judge_wide(self, raw: pl.DataFrame) -> None:
        """`judge` for a wide table: per shape, the distinct (field, cell) pairs of its fields'
        stacked cells that its shortcut does not settle, each read once."""
        for fields in self.groups.values():
            if fields[0].fast:
                continue
            long = raw.select([f.name for f in fields]).unpivot(
                variable_name="__f", value_name="__v"
            )
            shortcut = certain(fields[0], "__v")
            if shortcut is not None:
                long = long.filter(~shortcut)
            for name, cell in long.unique().iter_rows():
                judged = self.judged[name]
                if cell not in judged:
                    ok = judged[cell] = not self.readers[name](cell)[1]
                    if not ok:
                        self.bad[name].add(cell)

    def wide_flags(self, raw: pl.DataFrame) -> list[pl.Expr]:
        """`flag_exprs` for a wide table: the rows flagged by each shape's one expression over
        its fields' stacked cells (and the cells refused by the exact readers), then the same
        row-wide flags."""
        exprs = [cell_flag(f, self.bad[f.name]) for f in self.fields if self.bad.get(f.name)]
        rows: list[pl.Series] = []
        present: list[pl.Series] = []
        blank = not any(f.required for f in self.fields)  # rows with every cell missing: flagged
        for fields in self.groups.values():
            f = fields[0]
            if not f.fast and not blank:  # its cells were judged (`judge_wide`): nothing to stack
                continue
            long = raw.select(["__row", *(g.name for g in fields)]).unpivot(
                index="__row", variable_name="__f", value_name="__v"
            )
            if f.type == "integer":
                long = long.with_columns(
                    pl.col("__v").cast(pl.Int64, strict=False).alias("__i___v")
                )
            if f.fast:
                rows.append(long.filter(cell_flag(f, None, "__v")).get_column("__row"))
            if blank:
                present.append(long.filter(~cell_missing(f, "__v")).get_column("__row"))
        if rows:
            exprs.append(pl.col("__row").is_in(pl.concat(rows).unique().implode()))
        if blank:
            seen = pl.concat(present).unique() if present else pl.Series([], dtype=pl.Int64)
            exprs.append(~pl.col("__row").is_in(seen.implode()))
        exprs += self.label_flags()
        return exprs

    def typed_ok(self, name: str, cell: Any) -> bool:
        """The same for a typed cell (XLSX)."""
        judged = self.judged[name]
        key = (type(cell), cell)
        ok = judged.get(key)
        if ok is None:
            ok = judged[key] = not self.readers[name](cell)[1]
        return ok

    def flag_exprs(self, *, typed: bool = False) -> list[pl.Expr]:
        exprs = [cell_flag(f, None if typed else self.bad.get(f.name)) for f in self.fields]
        if not any(f.required for f in self.fields):
            exprs.append(pl.all_horizontal([cell_missing(f) for f in self.fields]))
        return exprs + self.label_flags()

    def label_flags(self) -> list[pl.Expr]:
        """True on a row whose label cell says it is a total row (JUMLAH …)."""
        spec, exprs = self.checker.spec, []
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
            *[(clean & rule_broken(r)).any().alias(f"r_{i}") for i, r in enumerate(rules)],
        ).row(0, named=True)
        self.checker.rows += int(stats["__n"])
        for n in names:
            self.checker.sums[n] += int(stats["s_" + n] or 0)
            if stats["z_" + n]:
                self.checker.unreliable.add(n)
        for i, rule in enumerate(rules):
            if stats[f"r_{i}"]:
                cols = ["__i_" + n for n in rule.involved]
                bad = df.lazy().filter(clean & rule_broken(rule)).select(["__row", *cols]).collect()
                for rec in bad.iter_rows():
                    ints = dict(zip(rule.involved, rec[1:], strict=True))
                    self.checker.check_rule(rule, rec[0], ints)


def typed_frame(
    rows: Sequence[Sequence[Any]],
    fields: Sequence[FieldSpec],
    *,
    first_row: int,
    judge: Callable[[str, Any], bool] | None = None,
) -> pl.DataFrame:
    """Typed cells → text columns for string fields, `__i_*` integers for integer fields, and
    `__python` for rows only the exact checker can judge (wrong cell count, a number in a text
    column, a text, bool or date in a number column, a non-whole number, a cell of another
    type that `judge` refuses)."""
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
        elif not f.fast and judge is not None:
            odd = odd | pl.Series([not judge(f.name, c) for c in col], dtype=pl.Boolean)
            shown = [c if type(c) is str else "" if c is None else "\x00" for c in col]
            data[f.name] = pl.Series(shown, dtype=pl.String)  # for blank rows: missing or not
        else:
            texts = pl.Series([c if type(c) is str else None for c in col], dtype=pl.String)
            odd = odd | pl.Series([c is not None and type(c) is not str for c in col])
            data[f.name] = texts.fill_null("")
    data["__python"] = odd
    return pl.DataFrame(data)

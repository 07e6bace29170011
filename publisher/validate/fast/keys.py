"""A table's keys, batch by batch → primary-key and unique repeats, found once at the end.

The keys of clean rows are kept as compact columns (row number + key values), those of rows the
exact checker read in lists framed once; at the end a 64-bit hash finds the candidate repeats and
an exact comparison settles them. `FastKeys` is a base of `FastTable`: its methods work on the
table's state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from publisher.validate.rows import TableChecker
from publisher.validate.spec import FieldSpec


class FastKeys:
    """Primary and unique keys of one table: methods of `FastTable`, working on the state its
    `__init__` sets up (declared here for the type checker)."""

    checker: TableChecker
    fields: list[FieldSpec]
    pk: list[str]
    key_frames: list[pl.DataFrame]
    unique_frames: dict[str, list[pl.DataFrame]]
    py_keys: list[tuple[Any, ...]]
    py_unique: dict[str, list[tuple[Any, ...]]]

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

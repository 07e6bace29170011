"""Table Schema fields and election rules → polars expressions over a batch's columns.

`cell_flag` is True where a cell may hold an error (wrong type, a constraint, a required cell
missing): such rows go to the exact checker. `rule_broken` is True where a rule's cells are all
numbers and the rule does not hold. A pattern becomes a Rust regex anchored like Python's
`re.match`; one that Rust cannot compile sends the file to the exact path (`Fallback`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from publisher.validate.fast.reader import Fallback
from publisher.validate.spec import COMPARE, FieldSpec, Rule


def rule_broken(rule: Rule) -> pl.Expr:
    """True where every cell of the rule is a number and the rule does not hold."""
    cols = {n: pl.col("__i_" + n) for n in rule.involved}
    if rule.kind == "sum":
        broken = pl.sum_horizontal([cols[f] for f in rule.fields]) != cols[rule.target]
    else:
        broken = ~COMPARE[rule.op](cols[rule.fields[0]], cols[rule.target])
    present = pl.all_horizontal([c.is_not_null() for c in cols.values()])
    return (broken & present).fill_null(False)


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def cell_missing(f: FieldSpec) -> pl.Expr:
    col = pl.col(f.name)
    if f.missing_values == frozenset({""}):
        return col == ""
    return col.is_in(sorted(f.missing_values))


def cell_flag(f: FieldSpec) -> pl.Expr:
    """True where a cell may hold an error (the exact checker then decides)."""
    col = pl.col(f.name)
    missing = cell_missing(f)
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


def check_rust_regex(pattern: str) -> None:
    try:
        pl.Series([""]).str.contains(_rust_pattern(pattern))
    except Exception as exc:
        raise Fallback(f"pattern {pattern!r} needs Python's regex engine") from exc

"""Table Schema fields and election rules → polars expressions over a batch's columns.

`cell_flag` is True where a cell may hold an error (wrong type, a constraint, a required cell
missing): such rows go to the exact checker. `rule_broken` is True where a rule's cells are all
numbers and the rule does not hold. A pattern becomes a Rust regex anchored like Python's
`re.match`; one that Rust cannot compile sends the file to the exact path (`Fallback`).
"""

from __future__ import annotations

import json
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


def shape(f: FieldSpec) -> tuple[Any, ...]:
    """What a field's expressions depend on besides its name: fields of one shape get the same
    expressions over their own column (so a wide table's can be checked together)."""
    about = {k: v for k, v in f.descriptor.items() if k not in ("name", "title", "description")}
    return (
        f.type,
        f.fast,
        f.required,
        tuple(sorted(f.missing_values)),
        json.dumps(about, sort_keys=True),
    )


def cell_missing(f: FieldSpec, name: str | None = None) -> pl.Expr:
    col = pl.col(name or f.name)
    if f.missing_values == frozenset({""}):
        return col == ""
    return col.is_in(sorted(f.missing_values))


def cell_flag(f: FieldSpec, refused: set[str] | None = None, name: str | None = None) -> pl.Expr:
    """True where a cell may hold an error (the exact checker then decides). A field of another
    type than string or integer is judged per distinct cell by its exact reader: `refused`
    holds the cells it refused. `name`: the column, when it is not the field's own."""
    name = name or f.name
    col = pl.col(name)
    if not f.fast:
        return col.is_in(sorted(refused)) if refused else pl.lit(False)
    missing = cell_missing(f, name)
    if f.type == "integer":
        # polars parses a subset of what Python's int() takes, to the same value; the rest
        # (spaces, '+', other scripts' digits, huge numbers) goes to the exact checker
        value = pl.col("__i_" + name)
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


_NUMBER = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def certain(f: FieldSpec, name: str | None = None) -> pl.Expr | None:
    """True where a cell of a field of another type than string or integer is certainly valid
    (its type and every constraint), computed on whole columns; None when there is no such
    shortcut. Only the cells it leaves out are read by the exact reader (once per distinct
    cell), so a shortcut that is too strict costs time, never a wrong verdict."""
    checks = dict(f.checks_all())
    if set(checks) - {"required", *_BOUNDS} or f.format not in ("", "default"):
        return None
    col = pl.col(name or f.name)
    d = f.descriptor
    if f.type == "number" and d.get("bareNumber", True) and not d.get("floatNumber"):
        group, decimal = str(d.get("groupChar", "")), str(d.get("decimalChar", "."))
        text = col
        if decimal != "." and group != ".":
            text = pl.when(col.str.contains(".", literal=True)).then(pl.lit("x")).otherwise(col)
        if group:
            text = text.str.replace_all(group, "", literal=True)
        if decimal != ".":
            text = text.str.replace_all(decimal, ".", literal=True)
        ok = text.str.contains(_NUMBER)
        return _within(ok, text.cast(pl.Float64, strict=False), checks, _float_bound)
    if f.type == "year":
        ok = col.str.contains(r"^[0-9]{4}$")
        return _within(ok, col.cast(pl.Int64, strict=False), checks, _int_bound)
    if f.type == "date":
        ok = col.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        value = col.str.to_date("%Y-%m-%d", strict=False)
        return _within(ok & value.is_not_null(), value, checks, _date_bound)
    if f.type == "datetime" and not set(checks) - {"required"}:
        ok = col.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$")
        value = col.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
        return (ok & value.is_not_null()).fill_null(False)
    if f.type == "boolean" and not set(checks) - {"required"}:
        true = d.get("trueValues", ["true", "True", "TRUE", "1"])
        false = d.get("falseValues", ["false", "False", "FALSE", "0"])
        return col.is_in([str(v) for v in [*true, *false]])
    return None


def _within(ok: pl.Expr, value: pl.Expr, checks: dict[str, Any], bound: Any) -> pl.Expr:
    for name, limit in checks.items():
        if name == "required":
            continue
        b = bound(limit)
        if b is None:
            return pl.lit(False)
        if isinstance(b, float):  # away from the bound by more than rounding can blur
            margin = 1e-9 * max(1.0, abs(b))
            ok = ok & ((value - b).abs() > margin)
        ok = ok & COMPARE[{"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">",
                           "exclusiveMaximum": "<"}[name]](value, pl.lit(b))  # fmt: skip
    return ok.fill_null(False)


def _float_bound(limit: Any) -> float | None:
    try:
        return float(limit)
    except (TypeError, ValueError):
        return None


def _int_bound(limit: Any) -> int | None:
    try:
        return int(limit)
    except (TypeError, ValueError):
        return None


def _date_bound(limit: Any) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(limit))
    except ValueError:
        return None

"""Table Schema dict (with x-kpu-* keys) → a compiled `TableSpec` the checkers share.

Cell semantics follow frictionless-py v5 exactly (read from its source): a cell is missing when
`str(cell)` is one of the missing values (field's own, else the schema's, default `[""]`); an
integer cell is stripped, then `int()`ed (with `bareNumber: false`, leading and trailing non-digits
are cut first); a `pattern` is matched as `re.match("^" + pattern + "$")`; constraints are only
checked on a cell that passed its type, in the order frictionless checks them, each failing one
its own `constraint-error`; a type only checks the constraints it supports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from publisher.validate.rules import (
    LOOKUP_KINDS,
    Breakdown,
    Candidates,
    LookupRule,
    compile_breakdown,
    compile_candidates,
    compile_index,
    compile_lookup,
)

SUPPORTED_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": (
        "required",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "enum",
    ),
}
"""The types checked by our own readers; any other type uses frictionless's cell reader."""

_NON_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")
CellError = tuple[str, str, str]
"""(code, constraint name or "", constraint value as text)."""
NO_ERRORS: list[CellError] = []


@dataclass(frozen=True)
class Rule:
    """An election rule of `x-kpu-rules`: sum (fields add up to `equals`) or compare."""

    id: str
    kind: str
    fields: tuple[str, ...]
    target: str
    op: str = "=="
    message_id: str = ""
    message_en: str = ""

    @property
    def involved(self) -> tuple[str, ...]:
        return (*self.fields, self.target)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    format: str
    constraints: Mapping[str, Any]
    missing_values: frozenset[str]
    bare_number: bool = True
    descriptor: Mapping[str, Any] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def fast(self) -> bool:
        """Checked by our own vectorised and Python readers (else frictionless's reader)."""
        return self.type in SUPPORTED_CONSTRAINTS and self.format in ("", "default")

    def checks_all(self) -> list[tuple[str, Any]]:
        """Every constraint given (whether or not its type checks it)."""
        return [(n, v) for n, v in self.constraints.items() if v is not None]

    def checks(self) -> list[tuple[str, Any]]:
        """(constraint, value) pairs this type checks, in frictionless's order."""
        names = SUPPORTED_CONSTRAINTS.get(self.type, ())
        return [(n, self.constraints[n]) for n in names if self.constraints.get(n) is not None]


@dataclass(frozen=True)
class TableSpec:
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    unique: tuple[str, ...]
    rules: tuple[Rule, ...]
    regions: tuple[tuple[str, str | None], ...]
    total_label_fields: tuple[str, ...]
    total_labels: frozenset[str]
    foreign_keys: tuple[ForeignKey, ...]
    fields_match: str
    descriptor: Mapping[str, Any]
    lookups: tuple[LookupRule, ...] = ()
    breakdown: Breakdown | None = None
    index_key: tuple[str, ...] = ()
    candidates: Candidates | None = None

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def index(self, name: str) -> int:
        return self.names.index(name)

    @property
    def integer_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.type == "integer"]

    @property
    def all_fast(self) -> bool:
        """The vectorised path can check it: no foreign keys, and every field of a key is a
        string or integer (other types are judged once per distinct cell there)."""
        keyed = set(self.primary_key) | set(self.unique)
        return not self.foreign_keys and all(f.fast for f in self.fields if f.name in keyed)


def compile_schema(schema: Mapping[str, Any]) -> TableSpec:
    """Compile a Table Schema; unknown rule kinds and missing fields raise ValueError."""
    schema_missing = schema.get("missingValues", [""])
    fields = []
    for f in schema.get("fields", []):
        missing = f.get("missingValues", schema_missing)
        fields.append(
            FieldSpec(
                name=str(f["name"]),
                type=str(f.get("type", "any")),
                format=str(f.get("format", "default")),
                constraints=dict(f.get("constraints", {})),
                missing_values=frozenset(str(v) for v in missing),
                bare_number=bool(f.get("bareNumber", True)),
                descriptor=f,
            )
        )
    names = {f.name for f in fields}
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else list(pk)
    total = schema.get("x-kpu-total") or {}
    raw_rules = schema.get("x-kpu-rules", [])
    spec = TableSpec(
        fields=tuple(fields),
        primary_key=tuple(pk),
        unique=tuple(f.name for f in fields if f.constraints.get("unique")),
        rules=tuple(_rule(r, names) for r in raw_rules if r.get("kind") not in LOOKUP_KINDS),
        lookups=tuple(compile_lookup(r, names) for r in raw_rules if r.get("kind") in LOOKUP_KINDS),
        breakdown=compile_breakdown(schema.get("x-kpu-breakdown"), names),
        index_key=compile_index(schema.get("x-kpu-index"), names),
        candidates=compile_candidates(schema.get("x-kpu-candidates"), names),
        regions=tuple(
            (str(r["code"]), r.get("name")) for r in schema.get("x-kpu-regions", []) if "code" in r
        ),
        total_label_fields=tuple(total.get("label_fields", ())),
        total_labels=frozenset(fold_label(x) for x in total.get("labels", ())),
        foreign_keys=tuple(_foreign_key(fk) for fk in schema.get("foreignKeys", [])),
        fields_match=str(schema.get("fieldsMatch", "exact")),
        descriptor=schema,
    )
    for code, name in spec.regions:
        if code not in names or (name is not None and name not in names):
            raise ValueError(f"x-kpu-regions names a field that is not in the schema: {code}")
    return spec


@dataclass(frozen=True)
class ForeignKey:
    """`fields` of this table must be found as `reference_fields` of `resource` ("": itself)."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


def _foreign_key(raw: Mapping[str, Any]) -> ForeignKey:
    def names(value: Any) -> tuple[str, ...]:
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

    reference = raw["reference"]
    return ForeignKey(
        fields=names(raw["fields"]),
        resource=str(reference.get("resource") or ""),
        reference_fields=names(reference["fields"]),
    )


def _rule(raw: Mapping[str, Any], names: set[str]) -> Rule:
    message = raw.get("message") or {}
    kind = raw.get("kind")
    if kind == "sum":
        rule = Rule(
            id=str(raw.get("id", "")),
            kind="sum",
            fields=tuple(raw["fields"]),
            target=str(raw["equals"]),
            message_id=str(message.get("id", "")),
            message_en=str(message.get("en", "")),
        )
    elif kind == "compare":
        op = str(raw.get("op", "<="))
        if op not in COMPARE:
            raise ValueError(f"x-kpu-rules {raw.get('id')}: unknown op {op!r}")
        rule = Rule(
            id=str(raw.get("id", "")),
            kind="compare",
            fields=(str(raw["left"]),),
            target=str(raw["right"]),
            op=op,
            message_id=str(message.get("id", "")),
            message_en=str(message.get("en", "")),
        )
    else:
        raise ValueError(f"x-kpu-rules {raw.get('id')}: unknown kind {kind!r}")
    unknown = [n for n in rule.involved if n not in names]
    if unknown:
        raise ValueError(f"x-kpu-rules {rule.id}: fields not in the schema: {', '.join(unknown)}")
    return rule


COMPARE: dict[str, Callable[[Any, Any], Any]] = {  # on ints (rows) and polars columns (fast)
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def fold_label(text: object) -> str:
    return " ".join(str(text).upper().split())


# --- cell readers: exact frictionless semantics for string and integer ----------------------

Reader = Callable[[Any], tuple[Any, list[CellError]]]


def make_reader(spec: FieldSpec, schema: Mapping[str, Any]) -> Reader:
    """A cell → (value or None, errors) function for one field."""
    if not spec.fast:
        return _frictionless_reader(spec, schema)
    value_reader = _int_value if spec.type == "integer" else _str_value
    if spec.type == "integer" and not spec.bare_number:
        value_reader = _int_value_non_bare
    missing = spec.missing_values
    checks = [(n, _compile_check(n, v, spec)) for n, v in spec.checks()]
    shown = {n: constraint_text(v) for n, v in spec.checks()}
    type_error: list[CellError] = [("type-error", "", f"{spec.type}/{spec.format}")]

    def read(cell: Any) -> tuple[Any, list[CellError]]:
        if cell is not None and str(cell) in missing:
            cell = None
        if cell is not None:
            cell = value_reader(cell)
            if cell is None:
                return None, type_error
        errors = NO_ERRORS
        for n, check in checks:
            if not check(cell):
                errors = [*errors, ("constraint-error", n, shown[n])]
        return cell, errors

    return read


def constraint_text(value: Any) -> str:
    """A constraint's value as frictionless prints it in notes (`True`, `0`, the pattern)."""
    return str(value)


def _str_value(cell: Any) -> Any:
    return cell if isinstance(cell, str) else None


def _int_value(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except ValueError:
            return None
    return _int_non_text(cell)


def _int_value_non_bare(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return int(_NON_BARE.sub("", cell.strip()))
        except ValueError:
            return None
    return _int_non_text(cell)


def _int_non_text(cell: Any) -> Any:
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


def _compile_check(name: str, value: Any, spec: FieldSpec) -> Callable[[Any], bool]:
    if name == "required":
        return (lambda cell: cell is not None) if value else (lambda cell: True)
    if name == "pattern":
        regex = re.compile(f"^{value}$")
        return lambda cell: cell is None or regex.match(cell) is not None
    if name == "enum":
        allowed = [_int_value(v) for v in value] if spec.type == "integer" else list(value)
        return lambda cell: cell is None or cell in allowed
    if name in ("minLength", "maxLength"):
        limit = int(value)
        if name == "minLength":
            return lambda cell: cell is None or len(cell) >= limit
        return lambda cell: cell is None or len(cell) <= limit
    bound = _int_value(value) if spec.type == "integer" else value
    compare: dict[str, Callable[[Any], bool]] = {
        "minimum": lambda c: bool(c >= bound),
        "maximum": lambda c: bool(c <= bound),
        "exclusiveMinimum": lambda c: bool(c > bound),
        "exclusiveMaximum": lambda c: bool(c < bound),
    }
    check = compare[name]
    return lambda cell: cell is None or check(cell)


_SCHEMAS: dict[int, tuple[Mapping[str, Any], dict[str, Any]]] = {}


def field_shape(field: Mapping[str, Any]) -> str:
    """What a field's cell reader depends on: the field without its name and words."""
    kept = {k: v for k, v in field.items() if k not in ("name", "title", "description")}
    return json.dumps(
        {k: v for k, v in kept.items() if not str(k).startswith("x-")}, sort_keys=True, default=str
    )


def _frictionless_fields(schema: Mapping[str, Any]) -> dict[str, Any]:
    """frictionless's fields of a descriptor by name, one made per distinct field shape (a
    reader depends only on the field's own properties and the schema's missing values): a
    table of 10,000 columns of four kinds builds four fields, not 10,000 (or, rebuilding the
    schema per field, a hundred million)."""
    found = _SCHEMAS.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    from frictionless import Schema

    shapes: dict[str, list[str]] = {}
    for f in schema["fields"]:
        shapes.setdefault(field_shape(f), []).append(str(f["name"]))
    fields = [{**json.loads(shape), "name": f"f{i}"} for i, shape in enumerate(shapes)]
    descriptor: dict[str, Any] = {"fields": fields}
    if "missingValues" in schema:
        descriptor["missingValues"] = schema["missingValues"]
    made = Schema.from_descriptor(descriptor).fields
    by_name = {name: made[i] for i, names in enumerate(shapes.values()) for name in names}
    if len(_SCHEMAS) > 64:
        _SCHEMAS.clear()
    _SCHEMAS[id(schema)] = (schema, by_name)
    return by_name


def _frictionless_reader(spec: FieldSpec, schema: Mapping[str, Any]) -> Reader:
    """Any other type: frictionless's own cell reader, so the semantics are its own."""
    reader = _frictionless_fields(schema)[spec.name].create_cell_reader()

    def read(cell: Any) -> tuple[Any, list[CellError]]:
        value, notes = reader(cell)
        if not notes:
            return value, []
        if "type" in notes:
            return None, [("type-error", "", f"{spec.type}/{spec.format}")]
        return value, [
            ("constraint-error", n, constraint_text(spec.constraints.get(n))) for n in notes
        ]

    return read

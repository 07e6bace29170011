"""Header labels and rows of cells → frictionless's problems, one row at a time (`TableChecker`).

Mirrors frictionless-py v5's `Header` and `Row` processing (exact field matching): extra and
missing labels and cells, blank rows (which replace the row's other errors), type then constraint
errors, primary key (all-missing keys and repeats), unique. Each non-blank row then goes through
the election checks (`election.py`, a base of `TableChecker`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from publisher.dapil import Dapils
from publisher.regions import Region
from publisher.validate.messages import constraint_fix, describe_constraint
from publisher.validate.rows.ballot import PartKey
from publisher.validate.rows.collector import Collector
from publisher.validate.rows.election import ElectionChecks, TotalRow
from publisher.validate.rules import Finding
from publisher.validate.spec import FieldSpec, ForeignKey, Reader, TableSpec, make_reader


class TableChecker(ElectionChecks):
    """State of one table: problems, keys seen, column sums, total rows, recap index."""

    def __init__(
        self,
        spec: TableSpec,
        collector: Collector,
        *,
        regions: Mapping[str, Region],
        regions_source: str,
        lookups: Mapping[ForeignKey, frozenset[tuple[Any, ...]]] | None = None,
        dapils: Dapils | None = None,
    ) -> None:
        self.spec = spec
        self.lookups = lookups or {}
        self.foreign: list[tuple[ForeignKey, list[int]]] = []
        self.out = collector
        self.regions = regions
        self.regions_source = regions_source
        self.expected: list[FieldSpec | None] = list(spec.fields)
        self._made: dict[int, Reader] = {}
        self.readers: list[Reader] = []
        self.pk_index: list[int] = []
        self.keys: dict[tuple[Any, ...], int] = {}
        self.unique_seen: dict[int, dict[Any, int]] = {}
        self.sums: dict[str, int] = {n: 0 for n in spec.integer_fields}
        self.unreliable: set[str] = set()
        self.totals: list[TotalRow] = []
        self.recap: dict[str, tuple[int, dict[str, int]]] | None = (
            {} if spec.total_label_fields and spec.regions else None
        )
        self.rows = 0
        self.constant: dict[str, set[str]] = {code: set() for code, _ in spec.regions}
        self.regions_ok: set[tuple[str, str, Any]] = set()
        self.suggestions: dict[tuple[str, str | None], str] = {}
        self.dapils = dapils or Dapils("")
        self.lookup_cache: dict[tuple[str, tuple[Any, ...]], list[Finding]] = {}
        self.parts: dict[PartKey, list[int]] = {}
        self.parts_unreliable: set[PartKey] = set()
        self.skipped_checks: set[str] = set()
        self.keyed: dict[str, tuple[int, dict[str, int]]] | None = {}
        self.candidates: dict[str, int] = {}
        self._set_expected(spec.fields)

    # -- header ---------------------------------------------------------------------------

    def check_header(
        self, labels: Sequence[Any], *, row: int = 1, header_case: bool = True
    ) -> bool:
        """Report label problems as frictionless does, in the schema's `fieldsMatch` mode
        (`exact`: by position; `equal`, `subset`, `superset`, `partial`: by name); labels come
        stripped of surrounding spaces (`source.split_content`). True when clean."""
        before = sum(self.out.counts.values())
        labels = ["" if v is None else str(v) for v in labels]
        if not labels:
            self.out.add("blank-header", row=row)
            return False
        mode = self.spec.fields_match
        key: Callable[[str], str] = str if header_case else str.lower
        paired = self._pair(labels, key)
        if paired is None:
            return False
        matched, unmatched = paired
        if mode not in ("subset", "partial"):
            self._extra_labels(labels, matched, unmatched, row)
        if mode == "partial" and self.spec.fields and not any(matched):
            self.out.add("unmatched-header", row=row)
        if mode in ("superset", "partial"):
            keyed = set(self.spec.primary_key)
            unmatched = [f for f in unmatched if f.required or f.name in keyed]
        for offset, absent in enumerate(unmatched):
            self.out.add(
                "missing-label", row=row, field=absent.name, column=len(labels) + 1 + offset
            )
        if mode == "exact":
            self._positional_labels(labels, key, row)
        self._set_expected(self._expected(labels, matched))
        return sum(self.out.counts.values()) == before

    def _pair(
        self, labels: list[str], key: Callable[[str], str]
    ) -> tuple[list[FieldSpec | None], list[FieldSpec]] | None:
        """(the field each label pairs with, the fields no label pairs with): by position under
        `exact`, by name otherwise (None, said, when labels repeat: the pairing is ambiguous)."""
        fields = self.spec.fields
        if self.spec.fields_match == "exact":
            matched = [fields[i] if i < len(fields) else None for i in range(len(labels))]
            return matched, list(fields[len(labels) :])
        by_key: dict[str, FieldSpec] = {}
        for field in fields:
            by_key.setdefault(key(field.name), field)
        keys = [key(label) for label in labels]
        if len(set(keys)) != len(keys):
            feature = f"fieldsMatch {self.spec.fields_match} with labels that repeat"
            self.out.add("schema-unsupported", feature=feature)
            return None
        seen = set(keys)
        return [by_key.get(k) for k in keys], [f for f in fields if key(f.name) not in seen]

    def _extra_labels(
        self,
        labels: list[str],
        matched: list[FieldSpec | None],
        unmatched: list[FieldSpec],
        row: int,
    ) -> None:
        """A label no field pairs with, and the unpaired field it was probably meant to be."""
        for number, (label, match) in enumerate(zip(labels, matched, strict=True), start=1):
            if match is None:
                near = _closest(label, [f.name for f in unmatched])
                self.out.add(
                    "extra-label",
                    row=row,
                    value=label,
                    column=number,
                    did_you_mean_id=f" Maksud Anda '{near}'?" if near else "",
                    did_you_mean_en=f" Did you mean '{near}'?" if near else "",
                )

    def _expected(
        self, labels: list[str], matched: list[FieldSpec | None]
    ) -> list[FieldSpec | None]:
        """The field of each column; a label beyond the schema gets an `any` field named after
        it (deduplicated), as frictionless does."""
        names: set[str] = {f.name for f in matched if f is not None}
        expected: list[FieldSpec | None] = []
        for label, found in zip(labels, matched, strict=True):
            if found is None:
                name, suffix = label, 2
                while name in names:
                    name, suffix = f"{label}{suffix}", suffix + 1
                names.add(name)
                found = _any_field(name, self.spec)
            expected.append(found)
        return expected

    def _positional_labels(self, labels: list[str], key: Callable[[str], str], row: int) -> None:
        """Blank, repeated and wrong labels, each against the field at its position."""
        earlier: dict[str, list[int]] = {}
        for number, label in enumerate(labels, start=1):
            earlier.setdefault(label, []).append(number)
        for number, (spec, label) in enumerate(
            zip(self.spec.fields, labels, strict=False), start=1
        ):
            if not label:
                self.out.add("blank-label", row=row, field=spec.name, column=number)
                continue
            seen = [i for i in earlier[label] if i < number]
            if seen:
                self.out.add(
                    "duplicate-label",
                    row=row,
                    field=spec.name,
                    value=label,
                    column=number,
                    other=", ".join(map(str, seen)),
                )
            elif key(label) != key(spec.name):
                self.out.add(
                    "incorrect-label", row=row, field=spec.name, value=label, column=number
                )

    def _reader(self, spec: FieldSpec) -> Reader:
        """One reader per schema field, however often the expected fields are set."""
        made = self._made.get(id(spec))
        if made is None:
            made = self._made[id(spec)] = make_reader(spec, self.spec.descriptor)
        return made

    def _set_expected(self, expected: Sequence[FieldSpec | None]) -> None:
        self.expected = list(expected)
        by_name = {f.name: i for i, f in enumerate(self.spec.fields)}
        declared = {id(f) for f in self.spec.fields}
        self.readers = [
            _any_reader(f.missing_values)
            if f is not None and id(f) not in declared
            else self._reader(f)
            if f is not None
            else _any_reader(frozenset({""}))
            for f in self.expected
        ]
        present = {f.name: i for i, f in enumerate(self.expected) if f is not None}
        pk = self.spec.primary_key
        self.pk_index = [present[n] for n in pk] if pk and all(n in present for n in pk) else []
        self.unique_seen = {present[n]: {} for n in self.spec.unique if n in present}
        self.position = {name: present.get(name) for name in by_name}
        self.foreign = [
            (fk, [present[n] for n in fk.fields])
            for fk in self.spec.foreign_keys
            if fk in self.lookups and all(n in present for n in fk.fields)
        ]

    # -- rows -----------------------------------------------------------------------------

    def check_row(self, row: int, cells: Sequence[Any], *, track_keys: bool = True) -> list[Any]:
        """All checks of one row; returns the parsed values (None: missing or failed)."""
        self.rows += 1
        out = self.out
        n = len(self.expected)
        values: list[Any] = [None] * n
        failed: set[int] = set()
        errors: list[tuple[str, dict[str, Any]]] = []
        blank = 0
        for i in range(n):
            source = cells[i] if i < len(cells) else None
            value, cell_errors = self.readers[i](source)
            values[i] = value
            if value is None and not (cell_errors and cell_errors[0][0] == "type-error"):
                blank += 1
            name = self.expected[i].name if self.expected[i] is not None else None  # type: ignore[union-attr]
            for code, constraint, shown in cell_errors:
                failed.add(i)
                params = self._cell_params(self.expected[i], code, constraint, shown)
                errors.append((code, {"field": name, "value": _shown(source), **params}))
        for number in range(n + 1, len(cells) + 1):
            errors.append(("extra-cell", {"value": _shown(cells[number - 1]), "column": number}))
        for i in range(len(cells), n):
            spec = self.expected[i]
            errors.append(("missing-cell", {"field": spec.name if spec else None, "column": i + 1}))
        if blank == n:
            errors = [("blank-row", {})]
        for code, params in errors:
            out.add(code, row=row, **params)
        if track_keys:
            self.check_keys(row, values)
        if blank == n:
            return values
        self.after_cells(row, values, failed)
        return values

    @staticmethod
    def _cell_params(
        spec: FieldSpec | None, code: str, constraint: str, shown: str
    ) -> dict[str, Any]:
        """What a cell's type or constraint error says: the type, or the rule in words and
        what to do."""
        if code == "type-error":
            return {"type": spec.type if spec else "any"}
        name = spec.name if spec else None
        value = raw_constraint(spec, constraint)
        rule_id = describe_constraint(constraint, value, "id")
        rule_en = describe_constraint(constraint, value, "en")
        return {
            "constraint": constraint,
            "constraint_value": shown,
            "rule_id": rule_id,
            "rule_en": rule_en,
            "hint_id": constraint_fix(constraint, "id").format(
                field=name, constraint_value=rule_id
            ),
            "hint_en": constraint_fix(constraint, "en").format(
                field=name, constraint_value=rule_en
            ),
        }

    def check_keys(self, row: int, values: Sequence[Any]) -> None:
        for i, seen in self.unique_seen.items():
            value = values[i]
            if value is not None:
                match = seen.get(value)
                seen[value] = row
                if match:
                    spec = self.expected[i]
                    self.out.add(
                        "unique-error",
                        row=row,
                        field=spec.name if spec else None,
                        value=value,
                        other_row=match,
                    )
        for fk, where in self.foreign:
            cells = tuple(values[i] for i in where)
            if any(v is not None for v in cells) and cells not in self.lookups[fk]:
                fields = ", ".join(fk.reference_fields)
                self.out.add(
                    "foreign-key",
                    row=row,
                    key=", ".join("" if v is None else str(v) for v in cells),
                    reference=f"{fk.resource or 'tabel ini'} ({fields})",
                    reference_en=f"{fk.resource or 'this table'} ({fields})",
                )
        if not self.pk_index:
            return
        key = tuple(values[i] for i in self.pk_index)
        if all(v is None for v in key):
            self.primary_key_error(row, key, previous=None)
            return
        match = self.keys.get(key)
        self.keys[key] = row
        if match:
            self.primary_key_error(row, key, previous=match)

    def primary_key_error(self, row: int, key: Sequence[Any], *, previous: int | None) -> None:
        shown = ", ".join("" if v is None else str(v) for v in key)
        if previous is None:
            reason_id, reason_en = "kosong semua", "is all missing"
        else:
            reason_id = f"sama dengan baris {previous}"
            reason_en = f"repeats row {previous}"
        self.out.add(
            "primary-key",
            row=row,
            key_fields=", ".join(self.spec.primary_key),
            key=shown,
            reason_id=reason_id,
            reason_en=reason_en,
            other_row="" if previous is None else previous,
        )


def _closest(label: str, names: Sequence[str]) -> str | None:
    """The schema field a label was probably meant to be (case, spaces, punctuation aside)."""
    import difflib
    import re

    def fold(text: str) -> str:
        return re.sub(r"[\W_]+", "", text).upper()

    folded = {fold(n): n for n in names}
    found = difflib.get_close_matches(fold(label), list(folded), n=1, cutoff=0.75)
    return folded[found[0]] if found else None


def raw_constraint(spec: FieldSpec | None, name: str) -> object:
    return spec.constraints.get(name) if spec is not None else None


def _any_field(label: str, spec: TableSpec) -> FieldSpec:
    missing = frozenset(str(v) for v in spec.descriptor.get("missingValues", [""]))
    return FieldSpec(
        name=label, type="any", format="default", constraints={}, missing_values=missing
    )


def _any_reader(missing: frozenset[str]) -> Reader:
    def read(cell: Any) -> tuple[Any, list[tuple[str, str, str]]]:
        if cell is None or str(cell) in missing:
            return None, []
        return cell, []

    return read


def _shown(cell: Any) -> str:
    return "" if cell is None else str(cell)

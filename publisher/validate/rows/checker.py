"""Header labels and rows of cells → frictionless's problems, one row at a time (`TableChecker`).

Mirrors frictionless-py v5's `Header` and `Row` processing (exact field matching): extra and
missing labels and cells, blank rows (which replace the row's other errors), type then constraint
errors, primary key (all-missing keys and repeats), unique. Each non-blank row then goes through
the election checks (`election.py`, a base of `TableChecker`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from publisher.regions import Region
from publisher.validate.messages import constraint_fix
from publisher.validate.rows.collector import Collector
from publisher.validate.rows.election import ElectionChecks, TotalRow
from publisher.validate.spec import FieldSpec, Reader, TableSpec, make_reader


class TableChecker(ElectionChecks):
    """State of one table: problems, keys seen, column sums, total rows, recap index."""

    def __init__(
        self,
        spec: TableSpec,
        collector: Collector,
        *,
        regions: Mapping[str, Region],
        regions_source: str,
    ) -> None:
        self.spec = spec
        self.out = collector
        self.regions = regions
        self.regions_source = regions_source
        self.expected: list[FieldSpec | None] = list(spec.fields)
        self.readers: list[Reader] = [make_reader(f, spec.descriptor) for f in spec.fields]
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
        self._set_expected(spec.fields)

    # -- header ---------------------------------------------------------------------------

    def check_header(self, labels: Sequence[Any]) -> bool:
        """Report label problems as frictionless does (exact matching); True when clean."""
        before = sum(self.out.counts.values())
        fields = self.spec.fields
        labels = ["" if v is None else str(v) for v in labels]
        if not labels:
            self.out.add("blank-header", row=1)
            return False
        for number in range(len(fields) + 1, len(labels) + 1):
            self.out.add("extra-label", row=1, value=labels[number - 1], column=number)
        for number in range(len(labels) + 1, len(fields) + 1):
            self.out.add("missing-label", row=1, field=fields[number - 1].name, column=number)
        for number, (spec, label) in enumerate(zip(fields, labels, strict=False), start=1):
            if not label:
                self.out.add("blank-label", row=1, field=spec.name, column=number)
                continue
            seen = [i for i, other in enumerate(labels[: number - 1], start=1) if other == label]
            if seen:
                other = ", ".join(map(str, seen))
                self.out.add(
                    "duplicate-label",
                    row=1,
                    field=spec.name,
                    value=label,
                    column=number,
                    other=other,
                )
            elif label != spec.name:
                self.out.add("incorrect-label", row=1, field=spec.name, value=label, column=number)
        # a label beyond the schema gets an `any` field named after it (frictionless does so)
        expected: list[FieldSpec | None] = [
            fields[i] if i < len(fields) else _any_field(labels[i], self.spec)
            for i in range(len(labels))
        ]
        self._set_expected(expected)
        return sum(self.out.counts.values()) == before

    def _set_expected(self, expected: Sequence[FieldSpec | None]) -> None:
        self.expected = list(expected)
        by_name = {f.name: i for i, f in enumerate(self.spec.fields)}
        self.readers = [
            _any_reader(f.missing_values)
            if f is not None and f.type == "any" and f not in self.spec.fields
            else make_reader(f, self.spec.descriptor)
            if f is not None
            else _any_reader(frozenset({""}))
            for f in self.expected
        ]
        present = {f.name: i for i, f in enumerate(self.expected) if f is not None}
        pk = self.spec.primary_key
        self.pk_index = [present[n] for n in pk] if pk and all(n in present for n in pk) else []
        self.unique_seen = {present[n]: {} for n in self.spec.unique if n in present}
        self.position = {name: present.get(name) for name in by_name}

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
                spec = self.expected[i]
                extra: dict[str, Any] = {}
                if code == "type-error":
                    extra["type"] = spec.type if spec else "any"
                else:
                    extra = {
                        "constraint": constraint,
                        "constraint_value": shown,
                        "hint_id": constraint_fix(constraint, "id").format(
                            field=name, constraint_value=shown
                        ),
                        "hint_en": constraint_fix(constraint, "en").format(
                            field=name, constraint_value=shown
                        ),
                    }
                errors.append((code, {"field": name, "value": _shown(source), **extra}))
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

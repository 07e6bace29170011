"""Header labels and rows of cells → problems, one row at a time (the exact, general path).

This is the reference implementation the vectorised path defers to: every row the fast path
flags, every row the CSV parser could not fit, whole files in odd dialects, XLSX sheets. It
mirrors frictionless-py v5's `Header` and `Row` processing (exact field matching): extra and
missing cells, blank rows (which replace the row's other errors), type then constraint errors,
primary key (all-missing keys and repeats), unique; then our election rules (skipped on a row
whose cells failed their type or are missing), region codes and names, total rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from publisher.config import Region
from publisher.problems import Problem, Severity
from publisher.validate.messages import constraint_fix
from publisher.validate.spec import (
    COMPARE,
    FieldSpec,
    Reader,
    Rule,
    TableSpec,
    fold_label,
    make_reader,
)

RECAP_INDEX_LIMIT = 20_000
_PREFIX = re.compile(
    r"^(PROVINSI|PROV|KABUPATEN ADMINISTRASI|KABUPATEN|KAB|KOTA ADMINISTRASI|KOTA ADM|KOTA|"
    r"KECAMATAN|KEC|DESA|KELURAHAN|KEL|NAGARI|GAMPONG)\b\s*"
)


def fold_name(text: str) -> str:
    """'Kab.  Sijunjung' → 'SIJUNJUNG': case, punctuation, spacing and level prefixes folded."""
    folded = " ".join(re.sub(r"[.,'`’\-()/]", " ", text.upper()).split())
    return _PREFIX.sub("", folded).strip()


def fold_code(text: str) -> str:
    return text.strip().replace(".", "")


@dataclass
class Collector:
    """Problems of one resource: kept up to `limit` per code, every one counted."""

    path: str
    limit: int
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        severity: Severity = "error",
        **params: object,
    ) -> None:
        self.counts[code] += 1
        if self.counts[code] <= self.limit:
            self.problems.append(
                Problem.make(
                    code, self.path, severity=severity, row=row, field=field, value=value, **params
                )
            )

    def finish(self) -> list[Problem]:
        """Problems in row order, then a note per code with problems not shown."""
        shown = sorted(self.problems, key=lambda p: (p.row or 0, p.field or "", p.code))
        for code, count in sorted(self.counts.items()):
            if count > self.limit:
                shown.append(
                    Problem.make(
                        "problems-truncated",
                        self.path,
                        severity="info",
                        count=count - self.limit,
                        problem_code=code,
                    )
                )
        return shown


@dataclass
class TotalRow:
    row: int
    label: str
    values: dict[str, int]


class TableChecker:
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

    def after_cells(self, row: int, values: Sequence[Any], failed: set[int]) -> None:
        """Total-row detection, sums, rules, regions, recap index for one non-blank row."""
        total_label = self.total_label(values)
        ints = self.int_values(values, failed)
        if total_label is not None:
            self.totals.append(TotalRow(row, total_label, ints))
        else:
            for name in self.sums:
                if name in ints:
                    self.sums[name] += ints[name]
                else:
                    self.unreliable.add(name)
        for rule in self.spec.rules:
            self.check_rule(rule, row, ints)
        if total_label is None:
            self.check_regions(row, values, failed)
            self.index_recap(row, values, ints)

    def total_label(self, values: Sequence[Any]) -> str | None:
        if not self.spec.total_labels:
            return None
        for name in self.spec.total_label_fields:
            i = self.position.get(name)
            if i is not None and values[i] is not None:
                label = fold_label(values[i])
                if label in self.spec.total_labels:
                    return label
        return None

    def int_values(self, values: Sequence[Any], failed: set[int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for name in self.sums:
            i = self.position.get(name)
            if i is not None and i not in failed and isinstance(values[i], int):
                out[name] = values[i]
        return out

    def check_rule(self, rule: Rule, row: int, ints: Mapping[str, int]) -> None:
        if any(name not in ints for name in rule.involved):
            return  # a cell failed its type or is missing: its own error says so
        if rule.kind == "sum":
            expected = sum(ints[f] for f in rule.fields)
            if expected != ints[rule.target]:
                self.rule_error(rule, row, ints, expected)
        elif not COMPARE[rule.op](ints[rule.fields[0]], ints[rule.target]):
            self.rule_error(rule, row, ints, None)

    def rule_error(
        self, rule: Rule, row: int, ints: Mapping[str, int], expected: int | None
    ) -> None:
        if rule.kind == "sum":
            self.out.add(
                "rule-sum",
                row=row,
                field=rule.target,
                value=ints[rule.target],
                rule=rule.id,
                rule_message=rule.message_id or rule.id,
                rule_message_en=rule.message_en or rule.id,
                terms=" + ".join(f"{f} {ints[f]}" for f in rule.fields),
                expected=expected,
            )
        else:
            self.out.add(
                "rule-compare",
                row=row,
                field=rule.fields[0],
                value=ints[rule.fields[0]],
                rule=rule.id,
                rule_message=rule.message_id or rule.id,
                rule_message_en=rule.message_en or rule.id,
                op=rule.op,
                right=rule.target,
                right_value=ints[rule.target],
            )

    def check_regions(self, row: int, values: Sequence[Any], failed: set[int]) -> None:
        for code_field, name_field in self.spec.regions:
            ci = self.position.get(code_field)
            if ci is None or ci in failed or values[ci] is None:
                continue
            code = str(values[ci])
            self.seen_code(code_field, code)
            ni = self.position.get(name_field) if name_field else None
            name = None if ni is None or ni in failed else values[ni]
            self.region_problem(row, code_field, code, name_field, name)

    def seen_code(self, code_field: str, code: str) -> None:
        """Keep up to two distinct codes per region field: is the field constant over the table?"""
        seen = self.constant.get(code_field)
        if code.strip() and seen is not None and len(seen) < 2:
            seen.add(fold_code(code))

    def covered_region(self) -> str | None:
        """The region the whole table adds up to: for a recap (one row per child region), the
        parent of its rows' codes; else the deepest region column holding a single value."""
        if not self.recap:
            single = [next(iter(v)) for v in self.constant.values() if len(v) == 1]
            return max(single, key=len) if single else None
        codes = list(self.recap)
        parent_len = {10: 6, 6: 4, 4: 2, 2: 0}.get(len(codes[0]))
        if parent_len is None or any(len(c) != len(codes[0]) for c in codes):
            return None
        parents = {c[:parent_len] for c in codes}
        return parents.pop() if len(parents) == 1 else None

    def region_problem(
        self, row: int, code_field: str, code: str, name_field: str | None, name: Any
    ) -> bool:
        """Report an unknown code or a name that differs; True when something was reported."""
        key = (code_field, code, name)
        if key in self.regions_ok:
            return False
        region = self.regions.get(code) or self.regions.get(fold_code(code))
        if region is None:
            self.out.add(
                "region-unknown", row=row, field=code_field, value=code,
                reference=self.regions_source,
            )  # fmt: skip
            return True
        if (
            name_field
            and isinstance(name, str)
            and name != region.nama
            and fold_name(name) != fold_name(region.nama)
        ):
            self.out.add(
                "region-name", row=row, field=name_field, value=name, kode=code,
                expected=region.nama,
            )  # fmt: skip
            return True
        self.regions_ok.add(key)
        return False

    def index_recap(self, row: int, values: Sequence[Any], ints: dict[str, int]) -> None:
        if self.recap is None or len(self.recap) >= RECAP_INDEX_LIMIT:
            return
        ci = self.position.get(self.spec.regions[0][0])
        if ci is not None and values[ci] is not None:
            self.recap.setdefault(fold_code(str(values[ci])), (row, ints))

    # -- end ------------------------------------------------------------------------------

    def check_totals(self, declared: Sequence[Mapping[str, Any]] = ()) -> None:
        """Total rows (in the table, or kept apart by the build in x-kpu-totals) vs the sums."""
        for total in self.totals:
            self.out.add("total-row", row=total.row, severity="warning", label=total.label)
            self._compare_total(total.row, total.label, total.values)
        for item in declared:
            values = item.get("values") or {}
            ints = {k: v for k, v in values.items() if isinstance(v, int | float)}
            row = item.get("row")
            self._compare_total(
                int(row) if isinstance(row, int) else None,
                str(item.get("label", "JUMLAH")),
                {k: int(v) for k, v in ints.items() if float(v).is_integer()},
            )

    def _compare_total(self, row: int | None, label: str, values: Mapping[str, int]) -> None:
        for name, value in values.items():
            if name not in self.sums or name in self.unreliable:
                continue
            expected = self.sums[name]
            if value != expected:
                self.out.add(
                    "total-mismatch", row=row, field=name, value=value, label=label,
                    expected=expected, difference=value - expected,
                )  # fmt: skip

    def reliable_sums(self) -> dict[str, int]:
        return {k: v for k, v in self.sums.items() if k not in self.unreliable}


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

"""A row's numbers and region codes → election rules, total rows, region checks, recap index.

The checks of our schema extensions, on each non-blank row the exact checker reads: `x-kpu-rules`
(sums and comparisons, skipped on a row whose cells failed their type or are missing),
`x-kpu-total` (total rows kept apart from the sums, compared with them at the end, as are the
build's `x-kpu-totals`), `x-kpu-regions` (codes in the region reference, names compared folded),
and the index of a recap's rows by region code for the check across levels. `ElectionChecks` is
a base of `TableChecker`: its methods work on the checker's state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.regions import PARENT_LENGTH, Region, Regions, fold_name
from publisher.validate.rows.ballot import BallotChecks
from publisher.validate.rows.collector import Collector
from publisher.validate.spec import COMPARE, Rule, TableSpec, fold_label

RECAP_INDEX_LIMIT = 20_000


def fold_code(text: str) -> str:
    return text.strip().replace(".", "")


@dataclass
class TotalRow:
    row: int
    label: str
    values: dict[str, int]


class ElectionChecks(BallotChecks):
    """Rules, total rows, regions and the recap index of one table: methods of `TableChecker`,
    working on the state its `__init__` sets up (declared here for the type checker)."""

    spec: TableSpec
    out: Collector
    regions: Mapping[str, Region]
    regions_source: str
    position: dict[str, int | None]
    sums: dict[str, int]
    unreliable: set[str]
    totals: list[TotalRow]
    recap: dict[str, tuple[int, dict[str, int]]] | None
    constant: dict[str, set[str]]
    regions_ok: set[tuple[str, str, Any]]
    suggestions: dict[tuple[str, str | None], str]

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
            self.check_lookups(row, values, failed)
            self.add_parts(row, values, failed)
            self.index_row(row, values, failed, ints)
            self.add_candidate(row, values, failed)

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
                reference=self.regions_source, maybe=self.nearest(code, name),
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

    def nearest(self, code: str, name: Any) -> str:
        """'3302012099' → the region whose name is the row's, else the nearest codes (siblings
        first): "did you mean …" for an unknown code. Cached per (code, name)."""
        key = (code, name if isinstance(name, str) else None)
        found = self.suggestions.get(key)
        if found is None:
            regions = self.regions
            digits = fold_code(code)
            near: list[Region] = []
            if isinstance(regions, Regions) and len(digits) in PARENT_LENGTH:
                if key[1]:
                    parent = digits[: PARENT_LENGTH[len(digits)]]
                    near = regions.named(key[1], parent, len(digits))
                near = near or regions.nearest(digits)
            found = ", ".join(f"{r.kode} ({r.nama})" for r in near[:3]) or "-"
            self.suggestions[key] = found
        return found

    def index_recap(self, row: int, values: Sequence[Any], ints: dict[str, int]) -> None:
        if self.recap is None:
            return
        ci = self.position.get(self.spec.regions[0][0])
        if ci is None or values[ci] is None:
            return
        code = fold_code(str(values[ci]))
        if len(self.recap) < RECAP_INDEX_LIMIT:
            self.recap.setdefault(code, (row, ints))
        elif code not in self.recap:
            self.skipped("recap", RECAP_INDEX_LIMIT)

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

"""A row's cells → the ballots' checks: party, dapil and only-in rules, a long table's parts, a
wide table's index.

`BallotChecks` is a base of `ElectionChecks` (so of `TableChecker`): its methods work on the
checker's state. The verdict of a lookup rule depends only on its key (`validate.rules`), cached
here per key; the fast path asks the same cache for the keys of its clean rows. Parts and index
entries keep the smallest row number of their key, whatever order the rows come in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from publisher.dapil import Dapils
from publisher.validate.rows.collector import Collector
from publisher.validate.rules import Finding, LookupRule, verdict
from publisher.validate.spec import TableSpec

INDEX_LIMIT = 200_000
"""Keys kept per table for the checks across tables; a bigger table keeps none, and says so
(`cross-skipped`, a warning: only the checks across tables, not the table's own, are skipped)."""
SKIPPED = {
    "index": (
        "perbandingan tabel rinci dengan tabel ringkas dan DPT antar surat suara",
        "the long table against the wide one and the DPT across ballots",
    ),
    "candidates": ("pemeriksaan calon terhadap DCT", "the candidates against the DCT"),
    "recap": (
        "perbandingan jumlah tabel satu tingkat di bawah dengan baris tabel ini",
        "the totals of the tables one level down against this table's rows",
    ),
}

PartKey = tuple[str, str]
"""(the key's cells joined by '|', the target field)."""


class BallotChecks:
    """The ballots' checks of one table (declared here for the type checker)."""

    spec: TableSpec
    out: Collector
    position: dict[str, int | None]
    dapils: Dapils
    lookup_cache: dict[tuple[str, tuple[Any, ...]], list[Finding]]
    parts: dict[PartKey, list[int]]
    parts_unreliable: set[PartKey]
    skipped_checks: set[str]
    keyed: dict[str, tuple[int, dict[str, int]]] | None
    candidates: dict[str, int]

    def cells(
        self, values: Sequence[Any], failed: set[int], names: Sequence[str]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in names:
            i = self.position.get(name)
            if i is not None and i not in failed and values[i] is not None:
                out[name] = values[i]
        return out

    def check_lookups(self, row: int, values: Sequence[Any], failed: set[int]) -> None:
        for rule in self.spec.lookups:
            key = rule.key(self.cells(values, failed, rule.involved))
            if key is not None:
                self.report_lookup(rule, row, key)

    def lookup_verdict(self, rule: LookupRule, key: tuple[Any, ...]) -> list[Finding]:
        found = self.lookup_cache.get((rule.id, key))
        if found is None:
            found = self.lookup_cache[(rule.id, key)] = verdict(rule, key, self.dapils)
        return found

    def report_lookup(self, rule: LookupRule, row: int, key: tuple[Any, ...]) -> None:
        for code, field, value, params in self.lookup_verdict(rule, key):
            shown = value
            if value is None:  # only-in: the cell's own value is not in the key
                shown = "≠ 0"
            self.out.add(code, row=row, field=field, value=shown, rule=rule.id,
                         region=key[-1] if rule.kind == "dapil" else None, **params)  # fmt: skip

    def add_parts(self, row: int, values: Sequence[Any], failed: set[int]) -> None:
        """A long table's row into its key's part (a part with a failed value is unreliable)."""
        b = self.spec.breakdown
        if b is None:
            return
        cells = self.cells(values, failed, b.involved)
        if any(not isinstance(cells.get(k), str) for k in b.key):
            return
        by = cells.get(b.by) if b.by else None
        if b.by and not isinstance(by, int):
            return
        part = ("|".join(cells[k] for k in b.key), b.target_of(by))
        value = cells.get(b.value)
        if not isinstance(value, int):
            self.parts_unreliable.add(part)
            return
        self.add_part(part, value, row)

    def add_part(self, part: PartKey, value: int, row: int) -> None:
        entry = self.parts.get(part)
        if entry is None:
            self.parts[part] = [value, row]
        else:
            entry[0] += value
            entry[1] = min(entry[1], row)

    def index_row(
        self, row: int, values: Sequence[Any], failed: set[int], ints: dict[str, int]
    ) -> None:
        if self.keyed is None or not self.spec.index_key:
            return
        cells = self.cells(values, failed, self.spec.index_key)
        if any(not isinstance(cells.get(k), str) for k in self.spec.index_key):
            return
        self.add_keyed("|".join(cells[k] for k in self.spec.index_key), row, ints)

    def add_keyed(self, key: str, row: int, ints: dict[str, int]) -> None:
        assert self.keyed is not None
        found = self.keyed.get(key)
        if found is None and len(self.keyed) >= INDEX_LIMIT:
            self.keyed = None
            self.skipped("index", INDEX_LIMIT)
        elif found is None or row < found[0]:
            self.keyed[key] = (row, ints)

    def add_candidate(self, row: int, values: Sequence[Any], failed: set[int]) -> None:
        """The candidate a row names (none on a party-only row), with its first row."""
        c = self.spec.candidates
        if c is None:
            return
        key = c.key(self.cells(values, failed, c.involved))
        if key is not None:
            self.note_candidate(key, row)

    def note_candidate(self, key: str, row: int) -> None:
        found = self.candidates.get(key)
        if found is None and len(self.candidates) >= INDEX_LIMIT:
            self.skipped("candidates", INDEX_LIMIT)
        elif found is None or row < found:
            self.candidates[key] = row

    def skipped(self, what: str, limit: int) -> None:
        """Say that a check across tables is skipped for this table (once per check)."""
        if what in self.skipped_checks:
            return
        self.skipped_checks.add(what)
        words_id, words_en = SKIPPED[what]
        shown = f"{limit:,}"
        self.out.add(
            "cross-skipped",
            severity="warning",
            what_id=words_id,
            what_en=words_en,
            limit_id=shown.replace(",", "."),
            limit_en=shown,
        )

    def finished_parts(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Key → target → (sum, first row), the unreliable parts left out."""
        out: dict[str, dict[str, tuple[int, int]]] = {}
        for (key, target), (total, row) in sorted(self.parts.items()):
            if (key, target) not in self.parts_unreliable:
                out.setdefault(key, {})[target] = (total, row)
        return out

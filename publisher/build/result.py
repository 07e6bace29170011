"""Build outcomes as values: `LeafResult` per Jenis Dokumen folder → `BuildResult` per run.

Each folder is built, skipped (unchanged since the last build) or failed (an error among its
problems); the run's exit code is 1 when any folder failed. `to_dict` gives the stable JSON shape
of `publisher build --format json` (docs/layout.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from publisher.problems import Lang, Problem

Outcome = Literal["built", "skipped", "failed"]


@dataclass(frozen=True)
class LeafResult:
    """What happened to one Jenis Dokumen folder."""

    path: str
    unit: str
    tahapan: str | None
    jenis: str | None
    outcome: Outcome
    name: str | None = None
    problems: tuple[Problem, ...] = ()

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "path": self.path,
            "unit_kerja": self.unit,
            "kode_tahapan": self.tahapan,
            "jenis_dokumen": self.jenis,
            "outcome": self.outcome,
            "name": self.name,
            "problems": [p.to_dict(lang) for p in self.problems],
        }


@dataclass(frozen=True)
class BuildResult:
    """Every leaf's outcome, and the problems that belong to no leaf (loose files...)."""

    root: Path
    leaves: tuple[LeafResult, ...]
    problems: tuple[Problem, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for leaf in self.leaves if leaf.outcome == outcome)

    @property
    def exit_code(self) -> int:
        """1 when a folder failed or a built one holds an error `validate` reports too."""
        errors = any(p.severity == "error" for leaf in self.leaves for p in leaf.problems)
        return 1 if self.count("failed") or errors else 0

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "root": str(self.root),
            "summary": {o: self.count(o) for o in ("built", "skipped", "failed")},
            "leaves": [leaf.to_dict(lang) for leaf in self.leaves],
            "problems": [p.to_dict(lang) for p in self.problems],
        }

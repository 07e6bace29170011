"""Validation results as values: per resource, per package (with its `blocked` flag), per run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.problems import Lang, Problem

EXIT_VALID, EXIT_INVALID, EXIT_COULD_NOT_RUN = 0, 1, 2
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class Options:
    """How a run checks: `limit` problems kept per resource and code (the rest only counted);
    `hashes`: compare each file's sha256 with the descriptor's `hash`; `portal_licenses`: the
    portal's licence list, when one was asked."""

    limit: int = DEFAULT_LIMIT
    hashes: bool = True
    portal_licenses: frozenset[str] | None = None
    """The portal's licence ids, when one was asked; every package's licence must be among them."""
    cache: bool = True
    """Reuse a package's verdict while nothing it depends on changed (`validate.cache`)."""


@dataclass
class ResourceReport:
    """One table (or file) of a package: what was read and what was found."""

    name: str
    path: str
    rows: int = 0
    seconds: float = 0.0
    engine: str = ""
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    """Column sums of the integer fields (total rows excluded), for the cross-level checks."""
    recap_rows: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)
    """Region code → (row, integer values) of a recap table (one row per region), for cross."""
    covered: str | None = None
    """The region code the whole table adds up to, when the data says so."""
    parts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """A long table (`x-kpu-breakdown`): key → wide field → (sum, first row); for the check
    against the wide table of its package (not kept in the cache: that check's problems are)."""
    candidates: dict[str, int] = field(default_factory=dict)
    """`x-kpu-candidates`: 'area|party|number|name' → first row, for the check against the
    collection's candidate lists (kept in the cache)."""
    keyed: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)
    """A wide table (`x-kpu-index`): key → (row, integer values); the cache keeps its DPT
    columns only, for the check across ballots."""

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "valid": self.valid,
            "counts": dict(sorted(self.counts.items())),
            "problems": [p.to_dict(lang) for p in self.problems],
        }


@dataclass
class PackageReport:
    """One data package: its own problems, its resources, and whether publication is blocked."""

    path: str
    name: str
    kode_wilayah: str = ""
    jenis_dokumen: str = ""
    tingkat: str = ""
    problems: list[Problem] = field(default_factory=list)
    resources: list[ResourceReport] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Personal data found: never publish this package, whatever else."""
        return any(p.code == "personal-data" for p in self.all_problems())

    def all_problems(self) -> Iterator[Problem]:
        yield from self.problems
        for res in self.resources:
            yield from res.problems

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.all_problems())

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "path": self.path,
            "name": self.name,
            "kode_wilayah": self.kode_wilayah,
            "jenis_dokumen": self.jenis_dokumen,
            "valid": self.valid,
            "blocked": self.blocked,
            "problems": [p.to_dict(lang) for p in self.problems],
            "resources": [r.to_dict(lang) for r in self.resources],
        }


@dataclass
class Report:
    """A whole run: the collection's folders, every package, the cross-package problems, one exit
    code."""

    packages: list[PackageReport] = field(default_factory=list)
    cross: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    folders: list[Problem] = field(default_factory=list)
    """Problems of folders without a package (and of the tree itself), from the folder walk."""

    def problems(self) -> Iterator[Problem]:
        yield from self.folders
        for pkg in self.packages:
            yield from pkg.all_problems()
        yield from self.cross

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems())

    @property
    def exit_code(self) -> int:
        return EXIT_VALID if self.valid else EXIT_INVALID

    def counts(self) -> Counter[str]:
        return Counter(p.severity for p in self.problems())

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        sev = self.counts()
        return {
            "version": 1,
            "valid": self.valid,
            "exit_code": self.exit_code,
            "summary": {
                "packages": len(self.packages),
                "blocked": sum(1 for p in self.packages if p.blocked),
                "resources": sum(len(p.resources) for p in self.packages),
                "rows": sum(r.rows for p in self.packages for r in p.resources),
                "errors": sev.get("error", 0),
                "warnings": sev.get("warning", 0),
                "seconds": round(self.seconds, 3),
            },
            "folders": [p.to_dict(lang) for p in self.folders],
            "packages": [p.to_dict(lang) for p in self.packages],
            "cross": [p.to_dict(lang) for p in self.cross],
        }


def by_code(problems: Iterable[Problem]) -> Counter[str]:
    return Counter(p.code for p in problems)

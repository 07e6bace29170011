"""A walked tree as values: `Layout` → its `Unit`s and `Leaf`s, each leaf's files, counts, status.

A leaf (a Jenis Dokumen folder) carries the problems that concern it, those inherited from its
office and stage folders included; its status follows from their severities (blocked by an error,
incomplete with a warning, empty with nothing in it). `Layout.problems` holds every problem once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from publisher.problems import Problem

Status = Literal["complete", "incomplete", "blocked", "empty"]
STATUSES: tuple[Status, ...] = ("complete", "incomplete", "blocked", "empty")


@dataclass(frozen=True)
class Counts:
    """How many files of each kind; `other` counts legacy and unsupported files."""

    pdf: int = 0
    xlsx: int = 0
    csv: int = 0
    narrative: int = 0
    other: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.pdf + other.pdf,
            self.xlsx + other.xlsx,
            self.csv + other.csv,
            self.narrative + other.narrative,
            self.other + other.other,
        )

    @property
    def total(self) -> int:
        return self.pdf + self.xlsx + self.csv + self.narrative + self.other

    def to_dict(self) -> dict[str, int]:
        return {
            "pdf": self.pdf,
            "xlsx": self.xlsx,
            "csv": self.csv,
            "narrative": self.narrative,
            "other": self.other,
        }


@dataclass(frozen=True)
class Unit:
    """A Unit Kerja folder: `kode` is its region code ("00" for KPU RI), `path` relative."""

    kode: str
    path: str
    recaps: tuple[str, ...] = ()

    @property
    def provinsi(self) -> str:
        return self.kode[:2]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Leaf:
    """A Jenis Dokumen folder: its codes (None when the folder could not be placed) and files."""

    path: str
    unit: Unit
    tahapan: str | None
    jenis: str | None
    files: tuple[str, ...]
    narrative: str | None
    counts: Counts
    problems: tuple[Problem, ...]

    @property
    def stage_path(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def status(self) -> Status:
        """blocked: cannot be built; incomplete: built with warnings; empty: nothing in it."""
        severities = {p.severity for p in self.problems}
        if self.counts.total == 0 and "error" not in severities:
            return "empty"
        if "error" in severities:
            return "blocked"
        return "incomplete" if "warning" in severities else "complete"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Codes of the warnings and errors that keep this folder from being complete."""
        return tuple(sorted({p.code for p in self.problems if p.severity != "info"}))


@dataclass(frozen=True)
class Layout:
    """A walked tree. `problems` holds every problem once (leaf problems too), sorted by path."""

    root: Path
    units: tuple[Unit, ...]
    leaves: tuple[Leaf, ...]
    problems: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def outside_leaves(self) -> tuple[Problem, ...]:
        """Problems that belong to no leaf (loose files, unplaceable folders)."""
        inside = {p for leaf in self.leaves for p in leaf.problems}
        return tuple(p for p in self.problems if p not in inside)

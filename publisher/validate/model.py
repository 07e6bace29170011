"""Validation results as values: per resource, per package (with its `blocked` flag), per run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
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


PATH_PARAMS = ("other_path", "csv_path")
"""Params that name another file (the recap row's, the clean CSV's): shown as paths are."""


@dataclass(frozen=True)
class Shown:
    """How a report shows paths relative to its collection root, as the command was given: the
    `prefix` put before them (the root's own name and "/", as `Collection.shown`); for a
    package checked from below its root (`publisher validate OFFICE/STAGE/TYPE`), the folder it
    is shown from (`below`, relative to the root, with "/") taken off first. A path that is in
    neither is shown under the root as it was `given`. Only renderers use it."""

    prefix: str = ""
    below: str | None = ""
    given: str = "."

    @classmethod
    def of(cls, root: Path, base: Path | None) -> Shown:
        """Paths under `root` as seen from `base` (the working directory when None)."""
        here, top = (base if base is not None else Path.cwd()).resolve(), root.resolve()
        given = root.as_posix()
        if top.is_relative_to(here):
            rel = top.relative_to(here).as_posix()
            return cls("" if rel == "." else rel + "/", "", given)
        if here.is_relative_to(top):
            return cls("", here.relative_to(top).as_posix() + "/", given)
        return cls("", None, given)

    def path(self, rel: str) -> str:
        """A path relative to the root, as the report shows it."""
        if self.below is not None and rel.startswith(self.below):
            rest = rel[len(self.below) :]
            if rest in ("", "."):
                return self.prefix[:-1] if self.prefix else "."
            return self.prefix + rest
        return PurePosixPath(self.given, rel).as_posix()

    def problem(self, problem: Problem, other: Mapping[str, Shown] | None = None) -> Problem:
        """The problem with its paths shown (those of its params too); `other`: where a param's
        path is shown from, when it is another package's."""
        params = tuple(
            (k, (other or {}).get(v, self).path(v) if k in PATH_PARAMS else v)
            for k, v in problem.params
        )
        return replace(problem, path=self.path(problem.path), params=params)


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
    outside: bool = False
    """`path` is the declared one, naming no file under the root (remote, multipart, absolute,
    with `..`): it and its problems' paths are shown as they are."""

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def shown_path(self, shown: Shown) -> str:
        return self.path if self.outside else shown.path(self.path)

    def shown_problems(self, shown: Shown) -> list[Problem]:
        return list(self.problems) if self.outside else [shown.problem(p) for p in self.problems]

    def to_dict(self, lang: Lang, shown: Shown | None = None) -> dict[str, Any]:
        shown = shown or Shown()
        return {
            "name": self.name,
            "path": self.shown_path(shown),
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "valid": self.valid,
            "counts": dict(sorted(self.counts.items())),
            "problems": [p.to_dict(lang) for p in self.shown_problems(shown)],
        }


@dataclass
class PackageReport:
    """One data package: its own problems, its resources, and whether publication is blocked.
    Paths (its own, its resources', its problems') are relative to the collection root it is in
    (or to its own folder, when it is in none); `shown` says how the command shows them."""

    path: str
    name: str
    kode_wilayah: str = ""
    jenis_dokumen: str = ""
    tingkat: str = ""
    problems: list[Problem] = field(default_factory=list)
    resources: list[ResourceReport] = field(default_factory=list)
    shown: Shown = field(default_factory=Shown, compare=False)

    @property
    def folder(self) -> str:
        """The package's folder, relative to the root ("" for the root itself)."""
        return self.path.rpartition("/")[0]

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

    def shown_problems(self) -> list[Problem]:
        """Its own problems, shown (its resources': `ResourceReport.shown_problems`)."""
        return [self.shown.problem(p) for p in self.problems]

    def shown_all(self) -> Iterator[Problem]:
        """`all_problems`, shown."""
        yield from self.shown_problems()
        for res in self.resources:
            yield from res.shown_problems(self.shown)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "path": self.shown.path(self.path),
            "name": self.name,
            "kode_wilayah": self.kode_wilayah,
            "jenis_dokumen": self.jenis_dokumen,
            "valid": self.valid,
            "blocked": self.blocked,
            "problems": [p.to_dict(lang) for p in self.shown_problems()],
            "resources": [r.to_dict(lang, self.shown) for r in self.resources],
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
    shown: Shown = field(default_factory=Shown, compare=False)
    """How the walked collection's paths are shown (its folder problems')."""

    def problems(self) -> Iterator[Problem]:
        yield from self.folders
        for pkg in self.packages:
            yield from pkg.all_problems()
        yield from self.cross

    def shown_folders(self) -> list[Problem]:
        return [self.shown.problem(p) for p in self.folders]

    def shown_cross(self) -> list[Problem]:
        """Cross-package problems, each path shown as the package holding that file shows it."""
        owners: dict[str, Shown] = {}
        for pkg in self.packages:
            owners.setdefault(pkg.path, pkg.shown)
            for res in pkg.resources:
                if not res.outside:
                    owners.setdefault(res.path, pkg.shown)
        fallback = self.packages[0].shown if self.packages else self.shown
        return [owners.get(p.path, fallback).problem(p, owners) for p in self.cross]

    def shown_problems(self) -> Iterator[Problem]:
        """`problems`, shown: what the renderers print."""
        yield from self.shown_folders()
        for pkg in self.packages:
            yield from pkg.shown_all()
        yield from self.shown_cross()

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
            "folders": [p.to_dict(lang) for p in self.shown_folders()],
            "packages": [p.to_dict(lang) for p in self.packages],
            "cross": [p.to_dict(lang) for p in self.shown_cross()],
        }


def by_code(problems: Iterable[Problem]) -> Counter[str]:
    return Counter(p.code for p in problems)

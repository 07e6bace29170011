"""Walked folders (+ validation, + build findings, + collects, + the portal) → the status model's
entries, with their totals.

A package (Jenis Dokumen folder) joins what `scan` counts (documents per type), what `build` made
(a readable `datapackage.json`) or would find (why it is not built), what `validate` says, the
"siap unggah" checklist (`publisher.readiness`), when the province collected it (in a province
tree) and, when the portal's state is known, whether its dataset is `current`, `outdated` or
`unpublished`: decided by the same planner as `publisher plan`, so no file is downloaded. Every
problem is shown with its fix, its kind and the path the steward edits, relative to the root. An
office adds up its packages' totals, a province its offices'. The shape is docs/report.md's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.mapping import office_title
from publisher.plan import RemoteState, plan_dataset
from publisher.problems import Lang, Problem
from publisher.readiness import Readiness, Verdict, judge
from publisher.report.types import (
    Collected,
    Documents,
    OfficeEntry,
    OfficeStatus,
    PackageEntry,
    PackageStatus,
    PortalState,
    ProblemView,
    ProvinceEntry,
    Totals,
    total,
)

if TYPE_CHECKING:  # annotations only: report imports validate when it runs it
    from publisher.validate import PackageReport

KINDS = ("pdf", "xlsx", "csv", "narasi")
SHOWN_PER_PACKAGE = 50
"""Problems listed per package (every one is counted; `validate` lists them all)."""
STATUSES: tuple[PackageStatus, ...] = (
    "blocked",
    "build-failed",
    "invalid",
    "not-built",
    "not-ready",
    "outdated",
    "published",
    "ready",
)
"""A package's one status, in this order of precedence (`package_status`)."""
PROBLEM_KINDS = (
    "personal-data",
    "build",
    "folder",
    "narrative",
    "file",
    "table",
    "rules",
    "regions",
    "package",
)
_KIND_PREFIXES = (
    ("personal-data", ("personal-data",)),
    ("build", ("build-internal", "build-io", "build-not-placed", "package-not-built")),
    ("folder", ("layout-",)),
    ("narrative", ("narrative-",)),
    ("rules", ("rule-", "total-", "level-")),
    ("regions", ("region-",)),
    ("package", ("package-", "build-name")),
    ("file", ("csv-", "xlsx-", "encoding-", "source-", "scheme-", "dialect-", "hash-", "byte-")),
    ("file", ("unsafe-path", "build-not-pdf")),
)


def problem_kind(code: str) -> str:
    """A problem code → the kind the dashboard filters by."""
    for kind, prefixes in _KIND_PREFIXES:
        if code.startswith(prefixes):
            return kind
    return "table"


@dataclass(frozen=True)
class Sources:
    """What the entries are made from, beyond the collection (walked, descriptors read): per
    leaf path, validate's verdict, the build's findings for folders not built, and the collect
    that brought it (province trees); the portal's state when it was read."""

    collection: Collection
    lang: Lang = "id"
    validation: Mapping[str, Verdict] = field(default_factory=dict)
    findings: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    collected: Mapping[str, Collected] = field(default_factory=dict)
    remote: RemoteState | None = None
    portal_url: str | None = None


def province_entry(kode: str, config: Config, offices: Sequence[OfficeEntry]) -> ProvinceEntry:
    region = config.regions.get(kode)
    nama = "Nasional" if kode == layout.NATIONAL else _title(region.nama if region else kode)
    return ProvinceEntry(kode, nama, total(o.totals for o in offices), tuple(offices))


def _title(name: str) -> str:
    small = {"DI": "DI", "DKI": "DKI", "KAB.": "Kab.", "KAB": "Kab."}
    return " ".join(small.get(w, w.capitalize()) for w in name.split())


def office_entry(
    unit: layout.Unit,
    leaves: Iterable[layout.Leaf],
    sources: Sources,
    loose: Sequence[ProblemView] = (),
) -> OfficeEntry:
    """An office from its package folders (`leaves`: those of this office) and the problems in
    its folder outside them."""
    packages = [_package(leaf, sources) for leaf in leaves]
    return make_office(
        unit.folder, unit.kode, office_title(unit.folder), unit.path, packages, loose
    )


def make_office(
    unit_kerja: str,
    kode: str,
    nama: str,
    path: str,
    packages: Sequence[PackageEntry],
    problems: Sequence[ProblemView] = (),
) -> OfficeEntry:
    """An office entry, its totals added up from its packages and its loose problems."""
    loose = Totals(
        errors=sum(1 for p in problems if p.severity == "error"),
        warnings=sum(1 for p in problems if p.severity == "warning"),
    )
    totals = total([*(p.totals for p in packages), loose])
    status = office_status(totals)
    return OfficeEntry(
        unit_kerja, kode, nama, path, status, totals, tuple(packages), tuple(problems)
    )


def office_status(totals: Totals) -> OfficeStatus:
    """An office is siap unggah when every one of its packages is (and it has one)."""
    if totals.packages and totals.ready == totals.packages:
        return "ready"
    return "problems" if totals.errors else "not-ready"


def _portal(leaf: layout.Leaf, sources: Sources) -> tuple[bool, str, PortalState | None]:
    """(built, dataset name, portal state) of a leaf, from its datapackage.json."""
    if leaf.path not in sources.collection.built:
        return False, "", None
    try:
        local = sources.collection.local(leaf.path)
    except (ValueError, KeyError, OSError):
        return False, "", None
    if sources.remote is None:
        return True, local.name, None
    found = sources.remote.datasets.get(local.name)
    if found is None:
        return True, local.name, "unpublished"
    current = plan_dataset(local, found).status == "unchanged"
    return True, local.name, "current" if current else "outdated"


def stale(verdict: Verdict | None) -> bool:
    """validate found files changed since the build (their size or sha256 differ)."""
    return verdict is not None and any(p.code in STALE_CODES for p in verdict.problems)


STALE_CODES = frozenset({"hash-count", "byte-count"})


def _package(leaf: layout.Leaf, sources: Sources) -> PackageEntry:
    built, name, portal = _portal(leaf, sources)
    verdict = sources.validation.get(leaf.path) if built else None
    findings = sources.findings.get(leaf.path, ()) if not built or stale(verdict) else ()
    if built and any(p.severity == "error" for p in findings):
        built, verdict = False, None  # its files changed and a build now fails: say why
    own = [p for p in (*leaf.problems, *findings) if p.severity != "info"]
    every = _unique([*own, *(verdict.problems if verdict else ())])
    readiness = judge(
        built=built,
        build_failed=not built and any(p.severity == "error" for p in every),
        verdict=verdict,
        problems=every,
        has_narrative=leaf.narrative is not None,
    )
    c, url = leaf.counts, sources.portal_url
    return PackageEntry(
        name=name,
        path=leaf.path,
        kode_tahapan=leaf.tahapan or "",
        jenis_dokumen=leaf.jenis or "",
        documents=Documents(pdf=c.pdf, xlsx=c.xlsx, csv=c.csv, narasi=c.narrative),
        built=built,
        valid=None if verdict is None else verdict.valid,
        ready=readiness.ready,
        readiness=readiness,
        collected=sources.collected.get(leaf.path),
        portal=portal,
        url=f"{url}/dataset/{name}" if url and portal not in (None, "unpublished") else None,
        errors=sum(1 for p in every if p.severity == "error"),
        warnings=sum(1 for p in every if p.severity == "warning"),
        problems=tuple(problem_view(p, sources.lang) for p in every[:SHOWN_PER_PACKAGE]),
        status=package_status(readiness, portal),
    )


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (the walk and validate both see a folder's layout problems), errors
    first, then by path and row."""
    seen: dict[tuple[Any, ...], Problem] = {}
    for p in problems:
        seen.setdefault((p.code, p.path, p.row, p.field, p.params), p)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(seen.values(), key=lambda p: (order[p.severity], p.path, p.row or 0, p.code))


def package_status(readiness: Readiness, portal: PortalState | None) -> PackageStatus:
    """One status per package (see `STATUSES`)."""
    reasons = readiness.reasons
    if "personal-data" in reasons:
        return "blocked"
    if "build-failed" in reasons:
        return "build-failed"
    if "invalid" in reasons:
        return "invalid"
    if "not-built" in reasons:
        return "not-built"
    if reasons:
        return "not-ready"
    if portal == "current":
        return "published"
    return "outdated" if portal == "outdated" else "ready"


def problem_view(problem: Problem, lang: Lang = "id") -> ProblemView:
    """A problem as the status model shows it: where (the file the steward edits, relative to
    the collection root; its sheet and row for a workbook), what, and what to do."""
    if problem.severity == "info":
        raise ValueError(f"{problem.code}: information is not shown in a status")
    return ProblemView(
        code=problem.code,
        kind=problem_kind(problem.code),
        severity=problem.severity,
        message=problem.message(lang),
        fix=problem.fix(lang),
        path=problem.path,
        row=problem.row,
        field=problem.field,
        sheet=dict(problem.params).get("sheet"),
    )


def verdicts(packages: Iterable[PackageReport], collection: Collection) -> dict[str, Verdict]:
    """validate's package reports → {leaf path: Verdict} for `status`. Their paths are relative
    to the collection root, as the walk's are: each found by its folder."""
    out: dict[str, Verdict] = {}
    for pkg in packages:
        if pkg.folder in collection.leaves:
            problems = tuple(p for p in pkg.all_problems() if p.severity != "info")
            out[pkg.folder] = Verdict(valid=pkg.valid, blocked=pkg.blocked, problems=problems)
    return out

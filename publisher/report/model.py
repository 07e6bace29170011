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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.mapping import office_title
from publisher.plan import RemoteState, plan_dataset
from publisher.problems import Lang, Problem
from publisher.readiness import judge

KINDS = ("pdf", "xlsx", "csv", "narasi")
SHOWN_PER_PACKAGE = 50
"""Problems listed per package (every one is counted; `validate` lists them all)."""
STATUSES = (
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
    leaf path, validate's verdict
    ({valid, blocked, problems}), the build's findings for folders not built, and the collect
    that brought it (province trees); the portal's state when it was read."""

    collection: Collection
    lang: Lang = "id"
    validation: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    findings: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    collected: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    remote: RemoteState | None = None
    portal_url: str | None = None


def empty_totals() -> dict[str, Any]:
    return {
        "documents": dict.fromkeys(KINDS, 0),
        "ready_documents": dict.fromkeys(KINDS[:3], 0),
        "packages": 0,
        "built": 0,
        "valid": 0,
        "invalid": 0,
        "blocked": 0,
        "build_failed": 0,
        "ready": 0,
        "collected": 0,
        "errors": 0,
        "warnings": 0,
        "published_current": 0,
        "published_outdated": 0,
        "unpublished": 0,
    }


def add_totals(total: dict[str, Any], part: Mapping[str, Any]) -> None:
    for key, value in total.items():
        if isinstance(value, dict):  # documents and ready_documents, by kind
            for kind in value:
                value[kind] += part[key][kind]
        else:
            total[key] += part[key]


def province_entry(kode: str, config: Config) -> dict[str, Any]:
    region = config.regions.get(kode)
    nama = "Nasional" if kode == layout.NATIONAL else _title(region.nama if region else kode)
    return {"kode": kode, "nama": nama, "totals": empty_totals(), "offices": []}


def _title(name: str) -> str:
    small = {"DI": "DI", "DKI": "DKI", "KAB.": "Kab.", "KAB": "Kab."}
    return " ".join(small.get(w, w.capitalize()) for w in name.split())


def office_entry(
    unit: layout.Unit, leaves: Iterable[layout.Leaf], sources: Sources
) -> dict[str, Any]:
    totals = empty_totals()
    packages = []
    for leaf in leaves:
        if leaf.unit.path != unit.path:
            continue
        package = _package(leaf, sources)
        packages.append(package)
        add_totals(totals, package_totals(package))
    return {
        "unit_kerja": unit.folder,
        "kode": unit.kode,
        "nama": office_title(unit.folder),
        "path": unit.path,
        "status": office_status(totals),
        "totals": totals,
        "packages": packages,
        "problems": [],
    }


def office_status(totals: Mapping[str, Any]) -> str:
    """An office is siap unggah when every one of its packages is (and it has one)."""
    if totals["packages"] and totals["ready"] == totals["packages"]:
        return "ready"
    return "problems" if totals["errors"] else "not-ready"


def _portal(leaf: layout.Leaf, sources: Sources) -> tuple[bool, str, str | None]:
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
    state = plan_dataset(local, found).status if found else "create"
    return (
        True,
        local.name,
        {"unchanged": "current", "create": "unpublished"}.get(state, "outdated"),
    )


def stale(verdict: Mapping[str, Any] | None) -> bool:
    """validate found files changed since the build (their size or sha256 differ)."""
    return any(p.code in STALE_CODES for p in (verdict or {}).get("problems") or ())


STALE_CODES = frozenset({"hash-count", "byte-count"})


def _package(leaf: layout.Leaf, sources: Sources) -> dict[str, Any]:
    built, name, portal_state = _portal(leaf, sources)
    verdict = sources.validation.get(leaf.path) if built else None
    findings = sources.findings.get(leaf.path, ()) if not built or stale(verdict) else ()
    if built and any(p.severity == "error" for p in findings):
        built, verdict = False, None  # its files changed and a build now fails: say why
    own = [p for p in (*leaf.problems, *findings) if p.severity != "info"]
    every = _unique([*own, *((verdict or {}).get("problems") or ())])
    failed = not built and any(p.severity == "error" for p in every)
    readiness = judge(
        built=built,
        build_failed=failed,
        verdict=verdict,
        problems=every,
        has_narrative=leaf.narrative is not None,
    )
    counts = leaf.counts
    url = sources.portal_url
    package = {
        "name": name,
        "path": leaf.path,
        "kode_tahapan": leaf.tahapan or "",
        "jenis_dokumen": leaf.jenis or "",
        "documents": {
            "pdf": counts.pdf,
            "xlsx": counts.xlsx,
            "csv": counts.csv,
            "narasi": counts.narrative,
        },
        "built": built,
        "valid": None if verdict is None else bool(verdict.get("valid")),
        "ready": readiness.ready,
        "readiness": readiness.to_dict(),
        "collected": sources.collected.get(leaf.path),
        "portal": portal_state,
        "url": f"{url}/dataset/{name}"
        if url and portal_state not in (None, "unpublished")
        else None,
        "errors": sum(1 for p in every if p.severity == "error"),
        "warnings": sum(1 for p in every if p.severity == "warning"),
        "problems": [problem_view(p, sources.lang) for p in every[:SHOWN_PER_PACKAGE]],
    }
    package["status"] = package_status(package)
    return package


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (the walk and validate both see a folder's layout problems), errors
    first, then by path and row."""
    seen: dict[tuple[Any, ...], Problem] = {}
    for p in problems:
        seen.setdefault((p.code, p.path, p.row, p.field, p.params), p)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(seen.values(), key=lambda p: (order[p.severity], p.path, p.row or 0, p.code))


def package_status(package: Mapping[str, Any]) -> str:
    """One status per package (see `STATUSES`)."""
    reasons = package["readiness"]["reasons"]
    if "personal-data" in reasons:
        return "blocked"
    for reason, status in (("build-failed", "build-failed"), ("invalid", "invalid")):
        if reason in reasons:
            return status
    if "not-built" in reasons:
        return "not-built"
    if reasons:
        return "not-ready"
    state = package["portal"]
    return {"current": "published", "outdated": "outdated"}.get(state or "", "ready")


def package_totals(package: Mapping[str, Any]) -> dict[str, Any]:
    state = package["portal"]
    docs = package["documents"]
    return {
        "documents": dict(docs),
        "ready_documents": {k: docs[k] if package["ready"] else 0 for k in KINDS[:3]},
        "packages": 1,
        "built": int(package["built"]),
        "valid": int(package["valid"] is True),
        "invalid": int(package["valid"] is False),
        "blocked": int(package["status"] == "blocked"),
        "build_failed": int(package["status"] == "build-failed"),
        "ready": int(package["ready"]),
        "collected": int(package["collected"] is not None),
        "errors": package["errors"],
        "warnings": package["warnings"],
        "published_current": int(state == "current"),
        "published_outdated": int(state == "outdated"),
        "unpublished": int(state == "unpublished"),
    }


def problem_view(problem: Problem, lang: Lang = "id") -> dict[str, Any]:
    """A problem as the status model shows it: where (the file the steward edits, relative to
    the collection root; its sheet and row for a workbook), what, and what to do."""
    params = dict(problem.params)
    return {
        "code": problem.code,
        "kind": problem_kind(problem.code),
        "severity": problem.severity,
        "message": problem.message(lang),
        "fix": problem.fix(lang),
        "path": problem.path,
        "row": problem.row,
        "field": problem.field,
        "sheet": params.get("sheet"),
    }


def verdicts(packages: Iterable[Any], collection: Collection) -> dict[str, dict[str, Any]]:
    """validate's package reports → {leaf path: {valid, blocked, problems}} for `status`: each
    report found by its descriptor's display path, as the collection shows it; the problems'
    paths made relative to the collection root, as the walk's are."""
    by_shown = {collection.shown(f"{rel}/datapackage.json"): rel for rel in collection.leaves}
    prefix = collection.shown("") + "/"
    out: dict[str, dict[str, Any]] = {}
    for pkg in packages:
        leaf = by_shown.get(str(pkg.path))
        if leaf is None:
            continue
        problems = [relative(p, prefix) for p in pkg.all_problems() if p.severity != "info"]
        out[leaf] = {"valid": pkg.valid, "blocked": pkg.blocked, "problems": problems}
    return out


def relative(problem: Problem, prefix: str) -> Problem:
    """A problem whose path validate showed under `prefix` (the root's own name) → from the root."""
    if prefix and problem.path.startswith(prefix):
        from dataclasses import replace

        return replace(problem, path=problem.path[len(prefix) :])
    return problem

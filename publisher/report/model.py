"""Walked folders (+ validation, + the portal) → the status model's entries, with their totals.

A package (Jenis Dokumen folder) joins what `scan` counts (documents per type), what `build` made
(a readable `datapackage.json`), what `validate` says and, when the portal's state is known,
whether its dataset is `current`, `outdated` or `unpublished`: decided by the same planner as
`publisher plan`, so no file is downloaded. An office adds up its packages' totals, a province its
offices'. The shape is the JSON documented in docs/report.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.mapping import office_title
from publisher.plan import RemoteState, plan_dataset
from publisher.problems import Problem

KINDS = ("pdf", "xlsx", "csv", "narasi")


def empty_totals() -> dict[str, Any]:
    return {
        "documents": dict.fromkeys(KINDS, 0),
        "packages": 0,
        "built": 0,
        "valid": 0,
        "invalid": 0,
        "ready": 0,
        "published_current": 0,
        "published_outdated": 0,
        "unpublished": 0,
    }


def add_totals(total: dict[str, Any], part: Mapping[str, Any]) -> None:
    for kind in KINDS:
        total["documents"][kind] += part["documents"][kind]
    for key in total:
        if key != "documents":
            total[key] += part[key]


def province_entry(kode: str, config: Config) -> dict[str, Any]:
    region = config.regions.get(kode)
    nama = "Nasional" if kode == layout.NATIONAL else _title(region.nama if region else kode)
    return {"kode": kode, "nama": nama, "totals": empty_totals(), "offices": []}


def _title(name: str) -> str:
    small = {"DI": "DI", "DKI": "DKI", "KAB.": "Kab.", "KAB": "Kab."}
    return " ".join(small.get(w, w.capitalize()) for w in name.split())


def office_entry(
    unit: layout.Unit,
    leaves: Iterable[layout.Leaf],
    collection: Collection,
    validation: Mapping[str, Mapping[str, Any]],
    remote: RemoteState | None,
    portal_url: str | None,
) -> dict[str, Any]:
    totals = empty_totals()
    packages = []
    for leaf in leaves:
        if leaf.unit.path != unit.path:
            continue
        package = _package(leaf, collection, validation.get(leaf.path), remote, portal_url)
        packages.append(package)
        add_totals(totals, _package_totals(package))
    return {
        "unit_kerja": unit.folder,
        "kode": unit.kode,
        "nama": office_title(unit.folder),
        "totals": totals,
        "packages": packages,
    }


def _package(
    leaf: layout.Leaf,
    collection: Collection,
    verdict: Mapping[str, Any] | None,
    remote: RemoteState | None,
    portal_url: str | None,
) -> dict[str, Any]:
    built = leaf.path in collection.packages
    name = ""
    portal_state: str | None = None
    if built:
        try:
            local = collection.local(leaf.path)
            name = local.name
            if remote is not None:
                found = remote.datasets.get(name)
                state = plan_dataset(local, found).status if found else "create"
                portal_state = {"unchanged": "current", "create": "unpublished"}.get(
                    state, "outdated"
                )
        except (ValueError, KeyError, OSError):
            built = False
    valid = None if verdict is None else bool(verdict.get("valid"))
    problems = [dict(p) for p in (verdict or {}).get("problems", [])][:20]
    problems += [_problem_view(p) for p in leaf.problems if p.severity != "info"]
    counts = leaf.counts
    return {
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
        "valid": valid,
        "ready": bool(built and valid and leaf.status == "complete"),
        "portal": portal_state,
        "url": f"{portal_url}/dataset/{name}"
        if portal_url and portal_state not in (None, "unpublished")
        else None,
        "problems": problems,
    }


def _package_totals(package: Mapping[str, Any]) -> dict[str, Any]:
    state = package["portal"]
    return {
        "documents": dict(package["documents"]),
        "packages": 1,
        "built": int(package["built"]),
        "valid": int(package["valid"] is True),
        "invalid": int(package["valid"] is False),
        "ready": int(package["ready"]),
        "published_current": int(state == "current"),
        "published_outdated": int(state == "outdated"),
        "unpublished": int(state == "unpublished"),
    }


def _problem_view(problem: Problem) -> dict[str, Any]:
    """A problem as the status model shows it (the dashboard's `problems` entries)."""
    return {
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message(),
        "path": problem.path,
    }


def verdicts(packages: Iterable[Any], collection: Collection) -> dict[str, dict[str, Any]]:
    """validate's package reports → {leaf path: {valid, problems}} for `status`: each report
    found by its descriptor's display path, as the collection shows it."""
    by_shown = {collection.shown(f"{rel}/datapackage.json"): rel for rel in collection.leaves}
    out: dict[str, dict[str, Any]] = {}
    for pkg in packages:
        leaf = by_shown.get(str(pkg.path))
        if leaf is None:
            continue
        problems = [_problem_view(p) for p in pkg.all_problems() if p.severity == "error"]
        out[leaf] = {"valid": pkg.valid, "problems": problems}
    return out

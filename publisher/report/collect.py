"""Collection tree (+ validation, + the portal) → the whole status: provinces, totals, ranking.

`status` takes its `Sources` (the collection, walked once, and what is known of each folder),
builds every office's entry, adds offices into provinces and provinces into the national totals,
and adds the ranking, the recap differences and the problems outside any package folder.
`report_of` is the whole path for the report task: validate the built packages, what a build
finds in the folders that are not built, the province's collects (in a province tree), and the
portal's state when it answers (its error kept in the value when it does not — raised when the
portal was asked for). `build_status` is `report_of` for a root, its status only.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.errors import PortalError
from publisher.plan import RemoteState
from publisher.problems import Lang, Problem
from publisher.progress import Start, silent
from publisher.readiness import Verdict
from publisher.report.model import (
    Sources,
    office_entry,
    problem_view,
    province_entry,
    stale,
    verdicts,
)
from publisher.report.rank import COUNTING_RULE, ranking
from publisher.report.recap import recap_differences
from publisher.report.types import Collected, OfficeEntry, ProblemView, Status, total


def status(sources: Sources) -> Status:
    """The whole picture of the sources' collection (see `Sources`: validate's verdicts, what a
    build finds in folders not built, the collects, the portal's state)."""
    collection, language = sources.collection, sources.lang
    inventory = collection.layout
    loose, placed = _place_loose(inventory, language)
    leaves: dict[str, list[layout.Leaf]] = {}
    for leaf in inventory.leaves:  # each office's, in the walk's order
        leaves.setdefault(leaf.unit.path, []).append(leaf)
    offices = {
        unit.path: office_entry(unit, leaves.get(unit.path, ()), sources, placed.get(unit.path, ()))
        for unit in inventory.units
    }
    by_province: dict[str, list[OfficeEntry]] = {}
    for unit in inventory.units:
        by_province.setdefault(unit.provinsi, []).append(offices[unit.path])
    config = collection.config
    ordered = tuple(province_entry(k, config, by_province[k]) for k in sorted(by_province))
    return Status(
        generated=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        root=collection.root.name,  # its own name, as validate shows it: no local path
        portal=sources.portal_url,
        counting_rule=COUNTING_RULE[language],
        totals=total(p.totals for p in ordered),
        provinces=ordered,
        problems=tuple(loose),
        ranking=ranking(ordered),
        recap=recap_differences(collection.root, inventory, ordered),
    )


def _place_loose(
    inventory: layout.Layout, lang: Lang
) -> tuple[list[ProblemView], dict[str, list[ProblemView]]]:
    """Problems outside any package folder → (the tree's own, those of each office whose folder
    holds them, counted in its totals)."""
    units = [unit.path for unit in inventory.units]
    loose: list[ProblemView] = []
    placed: dict[str, list[ProblemView]] = {}
    for problem in inventory.outside_leaves():
        if problem.severity == "info":
            continue
        view = problem_view(problem, lang)
        owner = max(
            (path for path in units if problem.path.startswith(path + "/")), key=len, default=None
        )
        (loose if owner is None else placed.setdefault(owner, [])).append(view)
    return loose, placed


@dataclass(frozen=True)
class Reported:
    """A report run: the status, and why the portal was not read when it was asked but did not
    answer (a warning: the status is shown without the portal's columns)."""

    status: Status
    unread: PortalError | None = None

    @property
    def exit_code(self) -> int:
        return exit_code(self.status)


def report_of(
    collection: Collection,
    *,
    offline: bool,
    lang: str,
    progress: Start = silent,
    portal_url: str | None = None,
    require_portal: bool = False,
) -> Reported:
    """scan + validate + build findings + collects + (the portal) → `status`. PortalError when
    `require_portal` and the portal cannot be read; else that error is kept in the value."""
    from publisher import validate

    judged: dict[str, Verdict] = {}
    if collection.packages:
        checked = validate.validate_paths(
            [collection.root], collection.config, progress=progress, collection=collection
        )
        judged = verdicts(checked.packages, collection)
    remote, url, unread = None, None, None
    if not offline and collection.packages:
        try:
            remote, url = _portal_state(collection, portal_url)
        except PortalError as exc:
            if require_portal:
                raise
            unread = exc
    sources = Sources(
        collection=collection,
        lang="en" if lang == "en" else "id",
        validation=judged,
        findings=_findings(collection, judged),
        collected=collected_packages(collection.root),
        remote=remote,
        portal_url=url,
    )
    found = status(sources)
    return Reported(found, unread)


def build_status(
    root: Path,
    config: Config,
    *,
    offline: bool,
    lang: str,
    progress: Start = silent,
    require_portal: bool = False,
) -> Status:
    """`report_of` for the collection at `root`, its status only."""
    collection = Collection.open(root, config)
    done = report_of(
        collection, offline=offline, lang=lang, progress=progress, require_portal=require_portal
    )
    return done.status


def _portal_state(collection: Collection, url: str | None) -> tuple[RemoteState, str]:
    """The portal's state for the collection's packages (PortalError when it cannot be read)."""
    from publisher.ckan import connect
    from publisher.sync import load_local, read_remote

    with connect(collection.config.portal, need_token=False, strict=False, url=url) as ckan:
        return read_remote(ckan, load_local(collection)), ckan.url


def _findings(
    collection: Collection, judged: Mapping[str, Verdict]
) -> dict[str, tuple[Problem, ...]]:
    """What a build finds (nothing is written) in each folder that has no package, or whose
    files changed since its package was built."""
    wanted = [
        leaf
        for leaf in collection.layout.leaves
        if (leaf.path not in judged and leaf.path not in collection.built)
        or stale(judged.get(leaf.path))
    ]
    if not wanted:
        return {}
    from publisher.build import leaf_findings  # openpyxl and the rest: only when needed

    root, config = collection.root, collection.config
    return {leaf.path: leaf_findings(root, leaf, config) for leaf in wanted}


def collected_packages(root: Path) -> dict[str, Collected]:
    """In a province tree: each package folder → the collect that last brought it in (undone
    collects left out)."""
    from publisher.province import entries

    out: dict[str, Collected] = {}
    for entry in entries(root):
        if entry.get("kind") != "collect" or entry.get("undone"):
            continue
        office_path = str(entry["office"]["path"])
        for package, state in (entry.get("packages") or {}).items():
            live = str(entry["live"]) + str(package)[len(office_path) :]
            out[live] = Collected(
                seq=int(entry["seq"]),
                at=entry.get("at"),
                by=entry.get("by"),
                bundle=str(entry["bundle"]["file"]),
                sha256=str(entry["bundle"]["sha256"]),
                made_by=entry["bundle"].get("created_by"),
                state=str(state),
            )
    return out


def exit_code(data: Status) -> int:
    """1 when a package the status reports is invalid, blocked (personal data) or cannot be
    built; else 0."""
    totals = data.totals
    return 1 if totals.invalid or totals.blocked or totals.build_failed else 0

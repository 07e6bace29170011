"""A collection folder → the folder and narrative problems `publisher validate` adds to its report.

So that one report (one exit code) holds every check, `validate` on a whole collection also walks
its folders (`layout`, names and sizes only): misfiled or misnamed folders, loose, duplicate,
empty or legacy `.xls` files, folders without a narrative or without a table. A folder that has
no `datapackage.json` (not built, or blocked by such a problem) is said to be unpublishable
(`package-not-built`); unless such a problem blocks it, its narrative is read here too. A built
package's folder problems are the walk's, fresh (the build's record of them is replaced).

The folder checks run only on a collection root (Unit Kerja folders directly below): on a
province, an office or a package folder a walk would misread the names, and a tree of packages
made by other means has no folder contract to keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from publisher.config import Config
from publisher.layout import GENERATED_FILE as DESCRIPTOR
from publisher.layout import Layout, Leaf, walk
from publisher.layout.names import unit_code
from publisher.narrative import check_files
from publisher.narrative import read as read_narrative
from publisher.problems import Problem
from publisher.validate.model import PackageReport

LAYOUT_PREFIX = "layout-"


def is_collection_root(path: Path, config: Config) -> bool:
    """A folder holding Unit Kerja folders (`13_KPU_PROV_...`), and no descriptor, stage or
    document-type folder of its own: a tree of packages made otherwise is not walked."""
    if not path.is_dir() or (path / DESCRIPTOR).is_file():
        return False
    if unit_code(path.resolve().name) is not None:  # an office (a province holds offices too)
        return False
    units = False
    for child in path.iterdir():
        if not child.is_dir():
            continue
        if config.resolve_tahapan(child.name) or config.resolve_jenis(child.name):
            return False
        units = units or unit_code(child.name) is not None
    return units


def check_folders(
    root: Path,
    config: Config,
    packages: Iterable[PackageReport],
    *,
    layout: Layout | None = None,
) -> list[Problem]:
    """Folder problems of the collection; adds each built package's build and folder problems to
    it (in place). Paths are relative to the root, the packages' as well. `layout`: the tree as
    the caller walked it already."""
    layout = layout or walk(root, config)
    by_folder = {p.folder: p for p in packages}
    found: list[Problem] = list(layout.outside_leaves())
    for leaf in sorted(layout.leaves, key=lambda leaf: leaf.path):
        package = by_folder.get(leaf.path)
        if package is not None:
            kept = [p for p in package.problems if not p.code.startswith(LAYOUT_PREFIX)]
            # the walk's folder problems, fresh; the build's record of them may be stale
            package.problems = [*leaf.problems, *kept]
        else:
            found += _unbuilt(root / leaf.path, leaf, config)
    return found


def _unbuilt(folder: Path, leaf: Leaf, config: Config) -> list[Problem]:
    out = list(leaf.problems)
    blocked = any(p.severity == "error" for p in out)
    if leaf.narrative is not None and not blocked:  # as `build`: a blocked folder is not read
        where = f"{leaf.path}/{leaf.narrative}"
        result = read_narrative(folder / leaf.narrative, config, shown=where)
        out += result.problems
        out += check_files(result, leaf.files, shown=where)
    if any(p.severity == "error" for p in out):
        reason_id, reason_en = (
            "masalah di atas harus diperbaiki dulu",
            "fix the problems above first",
        )
    else:
        reason_id, reason_en = "jalankan `publisher build`", "run `publisher build`"
    out.append(
        Problem.make("package-not-built", leaf.path, reason_id=reason_id, reason_en=reason_en)
    )
    return out

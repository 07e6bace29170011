"""Paths (a tree, a package folder, a datapackage.json) → one `Report` over every package found."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from publisher.changes import changed_files, packages_touched
from publisher.config import Config
from publisher.errors import InputError
from publisher.validate.cross import check_cross
from publisher.validate.model import Options, PackageReport, Report
from publisher.validate.rows import Collector
from publisher.validate.table import check_resource, shown_path

DESCRIPTOR = "datapackage.json"
SKIPPED_DIRS = ("_build", ".git", ".venv", "node_modules")


def find_descriptors(path: Path) -> list[Path]:
    """A datapackage.json itself, a folder holding one, or every one under a tree (sorted)."""
    if not path.exists():
        raise InputError(
            f"{path}: no such file or folder",
            hint="give a collection folder, a package folder or a datapackage.json",
        )
    if path.is_file():
        return [path]
    if (path / DESCRIPTOR).is_file():
        return [path / DESCRIPTOR]
    found = [
        p
        for p in path.rglob(DESCRIPTOR)
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in p.parent.parts)
    ]
    return sorted(found)


def check_package(
    path: Path,
    config: Config,
    options: Options | None = None,
    *,
    root: Path | None = None,
) -> PackageReport:
    """Every resource of one package; a descriptor that cannot be read is a problem, not a crash."""
    options = options or Options()
    descriptor = path / DESCRIPTOR if path.is_dir() else path
    shown = shown_path(descriptor, root)
    out = Collector(shown, options.limit)
    try:
        package: Any = json.loads(descriptor.read_text(encoding="utf-8"))
        if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
            raise ValueError("it needs a 'resources' list")
    except (OSError, ValueError) as exc:
        out.add("package-invalid", reason=str(exc).split("\n")[0])
        return PackageReport(path=shown, name="", problems=out.finish())
    xkpu: dict[str, Any] = package["x-kpu"] if isinstance(package.get("x-kpu"), dict) else {}
    report = PackageReport(
        path=shown,
        name=str(package.get("name", "")),
        kode_wilayah=str(xkpu.get("kode_wilayah", "")),
        jenis_dokumen=str(xkpu.get("jenis_dokumen", "")),
        tingkat=str(xkpu.get("tingkat", "")),
    )
    for resource in package["resources"]:
        if not isinstance(resource, dict):
            out.add("package-invalid", reason="a resource is not an object")
            continue
        report.resources.append(
            check_resource(descriptor.parent, resource, config, options, root=root)
        )
    report.problems = out.finish()
    return report


def validate_paths(
    paths: Iterable[str | Path], config: Config, options: Options | None = None
) -> Report:
    """Validate every package under the given paths; cross-package checks at the end."""
    started = time.perf_counter()
    options = options or Options()
    report = Report()
    for given in paths:
        path = Path(given)
        descriptors = find_descriptors(path)
        if not descriptors:
            raise InputError(
                f"{path}: no {DESCRIPTOR} found",
                hint="run `publisher build` first to make the data packages",
            )
        root = path if path.is_dir() else path.parent
        for descriptor in descriptors:
            report.packages.append(check_package(descriptor, config, options, root=root.parent))
    report.cross = check_cross(report.packages, config)
    report.seconds = time.perf_counter() - started
    return report


def only_changed(report: Report, paths: Iterable[str | Path], ref: str) -> Report:
    """The part of a report about packages with files changed since a git ref (pull requests).

    Cross-package checks ran on the whole tree; a cross problem stays when it is located in a
    touched package.
    """
    shown: dict[Path, str] = {}
    files: set[Path] = set()
    for given in paths:
        path = Path(given)
        root = path if path.is_dir() else path.parent
        for descriptor in find_descriptors(path):
            shown[descriptor.parent] = shown_path(descriptor, root.parent)
        files |= changed_files(root, ref)
    touched = {shown[d] for d in packages_touched(shown, files)}
    folders = tuple(str(Path(s).parent) + "/" for s in touched)
    return Report(
        packages=[p for p in report.packages if p.path in touched],
        cross=[p for p in report.cross if p.path.startswith(folders)],
        seconds=report.seconds,
    )

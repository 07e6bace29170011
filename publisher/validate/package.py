"""Paths (a tree, a package folder, a datapackage.json) → one `Report` over every package found."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from publisher.changes import changed_files, packages_touched
from publisher.collection import Collection
from publisher.config import Config
from publisher.errors import InputError
from publisher.layout import GENERATED_DIR, GENERATED_FILE, package_folders
from publisher.layout.names import unit_code
from publisher.problems import Problem
from publisher.progress import Start, silent
from publisher.validate.ballots import check_breakdowns
from publisher.validate.cache import Cache
from publisher.validate.conventions import check_descriptor
from publisher.validate.cross import check_cross
from publisher.validate.descriptor import check_profile
from publisher.validate.folders import check_folders, is_collection_root
from publisher.validate.foreign import lookups
from publisher.validate.model import Options, PackageReport, Report, Shown
from publisher.validate.rows import Collector
from publisher.validate.table import check_resource

DESCRIPTOR = GENERATED_FILE


def find_descriptors(path: Path) -> list[Path]:
    """A datapackage.json itself, a folder holding one, or every one under a tree (sorted)."""
    if not path.exists():
        raise InputError(
            f"{path}: berkas atau folder tidak ada",
            hint="berikan folder koleksi, folder paket, atau sebuah datapackage.json",
            en=f"{path}: no such file or folder",
            hint_en="give a collection folder, a package folder or a datapackage.json",
        )
    if path.is_file():
        return [path]
    return [folder / DESCRIPTOR for folder in package_folders(path)]


def check_package(
    path: Path,
    config: Config,
    options: Options | None = None,
    *,
    root: Path | None = None,
    collection: Collection | None = None,
) -> PackageReport:
    """Every resource of one package; a descriptor that cannot be read is a problem, not a crash.
    Its paths are relative to its collection's root (`collection`, the one it is in when known:
    its descriptor parsed once there; else the one found above it); `root`: the folder they are
    shown from (the working directory when None)."""
    options = options or Options()
    descriptor = path / DESCRIPTOR if path.is_dir() else path
    home, folder, recorded = _home(descriptor, collection)
    rel, shown = _joined(folder, descriptor.name), Shown.of(home, root)
    out = Collector(rel, options.limit)
    try:
        package: Any = _read(descriptor, collection)
        if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
            raise ValueError("it needs a 'resources' list")
    except (OSError, ValueError) as exc:
        out.add("package-invalid", reason=str(exc).split("\n")[0])
        return PackageReport(path=rel, name="", problems=out.finish(), shown=shown)
    xkpu: dict[str, Any] = package["x-kpu"] if isinstance(package.get("x-kpu"), dict) else {}
    report = PackageReport(
        path=rel,
        name=str(package.get("name", "")),
        kode_wilayah=str(xkpu.get("kode_wilayah", "")),
        jenis_dokumen=str(xkpu.get("jenis_dokumen", "")),
        tingkat=str(xkpu.get("tingkat", "")),
        shown=shown,
    )
    check_descriptor(
        package, descriptor.parent, config, out, portal_licenses=options.portal_licenses
    )
    if not _as_built(descriptor):  # the build's own output is profile-valid (tests check it)
        check_profile(package, str(descriptor.parent), out)  # the files are checked all the same
    for resource in package["resources"]:
        if not isinstance(resource, dict):
            out.add("package-invalid", reason="a resource is not an object")
            continue
        found = lookups(descriptor.parent, resource, package["resources"], config, out)
        report.resources.append(
            check_resource(descriptor.parent, resource, config, options, at=folder, lookups=found)
        )
    check_breakdowns(report.resources)
    report.problems = _recorded(descriptor.parent, recorded) + out.finish()
    _keep_personal_data_out(report)
    return report


def _home(descriptor: Path, collection: Collection | None) -> tuple[Path, str, str]:
    """(the folder a package's paths are relative to, the package's folder relative to it, what
    goes before the paths its build recorded): the given collection's root, else the one found
    above the folder (`_collection_root`); a package in none: the folder holding it, so that
    two such packages' paths stay apart (its build's record read as from the package folder)."""
    if collection is not None:
        return collection.root, collection.relative(descriptor.parent), ""
    folder = descriptor.parent
    base = _collection_root(folder)
    if base is None or base == Path("."):  # the path as given ran out: look at where it is
        above = _collection_root(folder.resolve())  # (`validate .` inside a package, …)
        if above is not None:
            folder, base = folder.resolve(), above
    if base is None:
        return folder.parent, folder.name, folder.name
    rel = folder.relative_to(base).as_posix()
    return base, "" if rel == "." else rel, ""


def _joined(folder: str, name: str) -> str:
    return PurePosixPath(folder, name).as_posix()


def _as_built(descriptor: Path) -> bool:
    """The descriptor is byte for byte the one `publisher build` wrote (its sha256 in
    `_build/descriptor.sha256`)."""
    import hashlib

    record = descriptor.parent / GENERATED_DIR / "descriptor.sha256"
    try:
        written = record.read_text(encoding="ascii").strip()
        return written == hashlib.sha256(descriptor.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return False


def _read(descriptor: Path, collection: Collection | None) -> Any:
    if collection is not None and descriptor.name == DESCRIPTOR:
        return collection.descriptor(collection.relative(descriptor.parent))
    return json.loads(descriptor.read_text(encoding="utf-8"))


def _recorded(folder: Path, prefix: str) -> list[Problem]:
    """What the `publisher build` that made this package found in its folder (narrative, CSV and
    XLSX notes, `_build/problems.json`), its paths relative to the collection root as well
    (`prefix` before them, for a package in no collection)."""
    record = folder / GENERATED_DIR / "problems.json"
    if not record.is_file():
        return []
    from publisher.build.incremental import load_problems  # the build's record

    return [  # personal data: validate looks for it itself, in every file, every time
        replace(p, path=_joined(prefix, _within(p.path, prefix))) if prefix else p
        for p in load_problems(record)
        if p.code != "personal-data"
    ]


def _within(path: str, name: str) -> str:
    """A path its build recorded from the collection root → the same path within the package
    folder `name` (a package copied out of its collection): after the folder's own name, else
    the file's name (build records the files of the folder itself)."""
    parts = PurePosixPath(path).parts
    if name in parts:
        return "/".join(parts[len(parts) - parts[::-1].index(name) :])
    return parts[-1] if parts else ""


def _collection_root(folder: Path) -> Path | None:
    """The collection a package folder is in (no `Collection` given), as the path was given:
    build records paths from there (the folder above the first Unit Kerja); None when none."""
    for parent in [folder, *folder.parents]:
        if unit_code(parent.name) is not None and unit_code(parent.parent.name) is None:
            return parent.parent
    return None


def _keep_personal_data_out(report: PackageReport) -> None:
    """A file that holds personal data: only that is said of it (see `table._guard_personal`)."""
    personal = {p.path for p in report.all_problems() if p.code == "personal-data"}
    if personal:
        report.problems = [p for p in report.problems if p.path not in personal]


def validate_paths(
    paths: Iterable[str | Path],
    config: Config,
    options: Options | None = None,
    *,
    progress: Start = silent,
    collection: Collection | None = None,
) -> Report:
    """Validate every package under the given paths; cross-package checks at the end.
    `progress` is told the number of packages, then each one. `collection`: the collection
    (walked, descriptors parsed) when a path is its root and the caller has it."""
    started = time.perf_counter()
    options = options or Options()
    report = Report()
    given = [(Path(p), _own(Path(p), collection)) for p in paths]
    found_per_path = [(path, own, _descriptors(path, own)) for path, own in given]
    tick = progress(sum(len(d) for _, _, d in found_per_path))
    cache = Cache(config.directory, options) if options.cache else None
    for path, own, descriptors in found_per_path:
        root = path if path.is_dir() else path.parent
        found = []
        for descriptor in descriptors:
            found.append(_checked(descriptor, config, options, root.parent, cache, own))
            tick()
        if is_collection_root(path, config):
            walked = own.layout if own else None
            report.folders += check_folders(path, config, found, layout=walked)
            report.shown = Shown.of(path, root.parent)
        report.packages += found
    report.cross = check_cross(report.packages, config)
    report.seconds = time.perf_counter() - started
    return report


def _own(path: Path, collection: Collection | None) -> Collection | None:
    """The collection, when the path is its root."""
    if collection is not None and path.exists() and path.resolve() == collection.root:
        return collection
    return None


def _descriptors(path: Path, own: Collection | None) -> list[Path]:
    """The descriptors to check under a path (its collection's, when it is one's root)."""
    if own is not None:
        found = [own.folder(rel) / DESCRIPTOR for rel in own.packages]
    else:
        found = find_descriptors(path)
    if not found:
        raise InputError(
            f"{path}: tidak ada {DESCRIPTOR}",
            hint="jalankan `publisher build` dulu untuk membuat paket datanya",
            en=f"{path}: no {DESCRIPTOR} found",
            hint_en="run `publisher build` first to make the data packages",
        )
    return found


def _checked(
    descriptor: Path,
    config: Config,
    options: Options,
    root: Path,
    cache: Cache | None,
    collection: Collection | None,
) -> PackageReport:
    """check_package, or its verdict from the last run when nothing it depends on changed."""
    check = partial(check_package, descriptor, config, options, root=root, collection=collection)
    if cache is None or descriptor.name != DESCRIPTOR:
        return check()
    folder = descriptor.parent
    home, rel, _ = _home(descriptor, collection)
    digest = cache.digest(folder, _joined(rel, DESCRIPTOR))
    found = cache.load(folder, digest)
    if found is None:
        found = check()
        cache.store(folder, digest, found, package=_parsed(folder, collection))
    found.shown = Shown.of(home, root)
    return found


def _parsed(folder: Path, collection: Collection | None) -> Any:
    """The package's descriptor as the collection parsed it; None when unknown or unreadable."""
    try:
        return collection.descriptor(collection.relative(folder)) if collection else None
    except (OSError, ValueError):
        return None


def only_changed(report: Report, paths: Iterable[str | Path], ref: str) -> Report:
    """The part of a report about packages with files changed since a git ref (pull requests).

    Cross-package checks ran on the whole tree; a cross problem stays when it is located in a
    touched package, a folder problem when it is about a changed file or a folder holding one.
    Packages, files and folders are matched by their paths relative to the collection root.
    """
    rel: dict[Path, str] = {}  # package folder → its descriptor's path, as the report has it
    files: set[Path] = set()
    changed: set[str] = set()  # the changed files, relative to a collection root given
    for given in paths:
        path = Path(given)
        root = path if path.is_dir() else path.parent
        for descriptor in find_descriptors(path):
            rel[descriptor.parent] = _joined(_home(descriptor, None)[1], descriptor.name)
        found = changed_files(root, ref)
        files |= found
        top = root.resolve()
        changed |= {f.relative_to(top).as_posix() for f in found if f.is_relative_to(top)}
    touched = {rel[d] for d in packages_touched(rel, files)}
    folders = tuple(p.rpartition("/")[0] + "/" for p in touched)
    return Report(
        packages=[p for p in report.packages if p.path in touched],
        cross=[p for p in report.cross if p.path.startswith(folders)],
        seconds=report.seconds,
        folders=[p for p in report.folders if _about(p.path, changed)],
        shown=report.shown,
    )


def _about(place: str, changed: set[str]) -> bool:
    """A folder problem concerns a changed file: it is that file, or a folder holding it."""
    return any(f == place or f.startswith(place + "/") for f in changed)

"""Offices' bundles → merged into the province's tree, each bundle all or nothing, and recorded.

For each bundle: every member's name and type checked while it is unpacked into the store's work
folder, every file's size and sha256 compared with the manifest (both ways: nothing missing,
nothing extra), the office checked to be a kab/kota office of this province and every path to be
inside its folder; the office folder as it will be is made beside the tree (its current packages
plus the bundle's, which replace theirs), re-validated with the province's config, and swapped in
by `history.commit`. A refused bundle changes nothing; nothing outside the office's own folder
(and the store) is ever written.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__, offices
from publisher.config import Config
from publisher.errors import InputError
from publisher.layout.names import unit_code
from publisher.problems import Lang, Problem
from publisher.province import archive, history
from publisher.province.archive import Refusal
from publisher.province.manifest import Manifest, check, config_version
from publisher.province.messages import reason_id
from publisher.province.swap import checkpoint, locked


@dataclass
class Outcome:
    """One bundle: taken in (with each package's new/replaced/unchanged) or refused."""

    bundle: str
    office: str = ""
    refusal: Problem | None = None
    packages: dict[str, str] = field(default_factory=dict)
    seq: int | None = None

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "bundle": self.bundle,
            "office": self.office,
            "accepted": self.refusal is None,
            "refusal": None if self.refusal is None else self.refusal.to_dict(lang),
            "packages": self.packages,
            "history": self.seq,
        }


@dataclass
class CollectResult:
    root: Path
    outcomes: list[Outcome] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(o.refusal for o in self.outcomes) else 0

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "into": str(self.root),
            "bundles": [o.to_dict(lang) for o in self.outcomes],
            "recovered": self.recovered,
            "exit_code": self.exit_code,
        }


class BundleRefused(Exception):
    """Internal: a bundle's refusal, carried out of the steps that find it."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.code)
        self.refusal = refusal


def province_of(root: Path, given: str | None) -> str:
    """The province a tree belongs to: `given`, else its one province folder's code."""
    if given:
        return given
    codes = {unit_code(p.name) for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    found = sorted(c for c in codes if c and len(c) == 2 and c != offices.NATIONAL)
    if len(found) != 1:
        raise InputError(
            f"{root}: provinsi pohon ini tidak dapat ditentukan ({found or 'tidak ada'})",
            hint="sebutkan dengan --province KODE (mis. --province 13)",
            en=f"{root}: cannot tell this tree's province (found: {found or 'none'})",
            hint_en="give it with --province KODE (e.g. --province 13)",
        )
    return found[0]


def collect(
    bundles: Sequence[Path], root: Path, config: Config, *, province: str | None = None
) -> CollectResult:
    """Take each bundle in, in order; one refused bundle never stops the others."""
    if not root.is_dir():
        raise InputError(
            f"{root}: folder pohon provinsi tidak ada",
            hint="buat foldernya dulu (mkdir), lalu jalankan lagi dengan --province KODE",
            en=f"{root}: the province tree folder does not exist",
            hint_en="create it first (mkdir), then run again with --province KODE",
        )
    kode = province_of(root, province)
    result = CollectResult(root=root)
    with locked(history.store(root)):
        result.recovered = history.recover(root)
        for path in bundles:
            result.outcomes.append(_one(path, root, kode, config))
    return result


def _one(path: Path, root: Path, province: str, config: Config) -> Outcome:
    outcome = Outcome(bundle=str(path))
    work = history.begin(root, "")
    try:
        found = _verified(path, work.folder / "incoming", province)
        outcome.office = found.office_path
        live_rel = _live_place(root, found)
        work = history.Work(root=root, folder=work.folder, live_rel=live_rel)
        outcome.packages = _stage(work, found)
        shutil.rmtree(work.folder / "incoming")
        checkpoint("staged")
        _revalidate(work, found, config, path)
        if all(state == "unchanged" for state in outcome.packages.values()):
            history.abandon(work)
            return outcome
        outcome.seq = history.commit(work, _entry(path, found, outcome, config))
    except BundleRefused as exc:
        history.abandon(work)
        params = dict(exc.refusal.params)
        params["reason_id"] = reason_id(params.get("reason", ""))
        outcome.refusal = Problem(exc.refusal.code, str(path), params=tuple(sorted(params.items())))
    except BaseException:
        history.abandon(work)
        raise
    return outcome


def _verified(path: Path, incoming: Path, province: str) -> Manifest:
    """The archive unpacked and checked against its manifest, or `BundleRefused`."""
    if not path.is_file():
        raise BundleRefused(Refusal("province-bundle-unreadable", (("reason", "no such file"),)))
    unpacked = archive.read(path, incoming)
    if unpacked.refusal is not None:
        raise BundleRefused(unpacked.refusal)
    if unpacked.manifest is None:
        raise BundleRefused(Refusal("province-bundle-manifest", (("reason", "absent"),)))
    found = check(unpacked.manifest)
    if isinstance(found, str):
        raise BundleRefused(Refusal("province-bundle-manifest", (("reason", found),)))
    for member in sorted(set(found.files) | set(unpacked.files)):
        why = _mismatch(found.files.get(member), unpacked.files.get(member))
        if why:
            raise BundleRefused(
                Refusal("province-bundle-tampered", (("member", member), ("reason", why)))
            )
    _check_office(found, province)
    return found


def _mismatch(listed: tuple[int, str] | None, got: tuple[int, str] | None) -> str:
    if listed is None:
        return "not in the manifest"
    if got is None:
        return "missing from the archive"
    if listed[0] != got[0]:
        return f"{got[0]} bytes, the manifest says {listed[0]}"
    return "sha256 differs" if listed[1] != got[1] else ""


def _check_office(found: Manifest, province: str) -> None:
    parts = found.office_path.split("/")
    kode = found.office_kode
    ours = (
        len(kode) == 4
        and kode[:2] == province
        and len(parts) == 2
        and unit_code(parts[0]) == province
        and unit_code(parts[1]) == kode
    )
    if not ours:
        params = (("office", f"{kode} ({found.office_path})"), ("province", province))
        raise BundleRefused(Refusal("province-foreign-office", params))
    prefix = found.office_path + "/"
    for rel in [*found.files, *found.packages]:
        plain = all(part not in ("", ".", "..") and "\\" not in part for part in rel.split("/"))
        inside = plain and rel.startswith(prefix) and len(rel.split("/")) >= 4
        if not inside or not any(rel == p or rel.startswith(p + "/") for p in found.packages):
            reason = (("member", rel), ("reason", "outside the office's packages"))
            raise BundleRefused(Refusal("province-bundle-unsafe", reason))
    for package in found.packages:  # a package is a Kode Tahapan/Jenis Dokumen folder with files
        if len(package.split("/")) != 4 or not any(
            f.startswith(package + "/") for f in found.files
        ):
            reason = (("member", package), ("reason", "not a package folder with files"))
            raise BundleRefused(Refusal("province-bundle-unsafe", reason))


def _live_place(root: Path, found: Manifest) -> str:
    """The office folder in this tree: the folders already there for its province and office
    codes, else the names the bundle gives."""
    prov_name, office_name = found.office_path.split("/")
    prov = _child_with_code(root, found.office_kode[:2]) or prov_name
    office = _child_with_code(root / prov, found.office_kode) or office_name
    return f"{prov}/{office}"


def _child_with_code(folder: Path, kode: str) -> str | None:
    if not folder.is_dir():
        return None
    names = sorted(p.name for p in folder.iterdir() if p.is_dir() and unit_code(p.name) == kode)
    return names[0] if names else None


def _stage(work: history.Work, found: Manifest) -> dict[str, str]:
    """The office folder as it will be, under work: a copy of the live one with the bundle's
    package folders in place of theirs. Returns each package's state."""
    if work.live.exists():
        shutil.copytree(work.live, work.staged, symlinks=True)
    else:
        work.staged.mkdir(parents=True)
    states = {}
    for package in found.packages:
        inside = package[len(found.office_path) + 1 :]
        target = work.staged / inside
        states[package] = _state(target, package, found)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(work.folder / "incoming" / package, target)
        checkpoint("copying")
    return states


def _state(target: Path, package: str, found: Manifest) -> str:
    if not target.exists():
        return "new"
    # the package's own files: "…/C1-DPR/" is not a prefix of "…/C1-DPRD-PROV/…"
    inside = package + "/"
    listed = {k[len(inside) :]: v for k, v in found.files.items() if k.startswith(inside)}
    present = {
        p.relative_to(target).as_posix(): (p.stat().st_size, archive.sha256_file(p))
        for p in target.rglob("*")
        if p.is_file() and p.relative_to(target).as_posix() != "_build/validation.json"
    }
    return "unchanged" if present == listed else "replaced"


def _revalidate(work: history.Work, found: Manifest, config: Config, path: Path) -> None:
    """The bundle's packages checked with the province's config, where they will live."""
    from publisher import validate

    folders = [work.staged / p[len(found.office_path) + 1 :] for p in found.packages]
    report = validate.validate_paths(folders, config)
    for package, pkg in zip(found.packages, report.packages, strict=True):
        errors = [p for p in pkg.all_problems() if p.severity == "error"]
        if errors or pkg.blocked:
            first = pkg.shown.problem(errors[0]).message() if errors else "personal-data"
            params = (("package", package), ("count", str(len(errors))), ("first", first))
            raise BundleRefused(Refusal("province-invalid-here", params))


def _entry(path: Path, found: Manifest, outcome: Outcome, config: Config) -> dict[str, Any]:
    raw = found.raw
    return {
        "kind": "collect",
        "checked_with": {"tool": __version__, "config": config_version(config.directory)},
        "office": {"kode": found.office_kode, "path": found.office_path},
        "bundle": {
            "file": path.name,
            "sha256": archive.sha256_file(path),
            "created": found.created,
            "created_by": found.created_by,
            "tool": raw.get("tool"),
            "config": raw.get("config"),
        },
        "packages": outcome.packages,
    }

"""An office's folder → one archive of its packages that are ready to upload, with a manifest.

`bundle` walks the collection the office folder is in, validates the office's built packages
(the verdicts `validate` keeps are reused), and packs those that are siap unggah — built, valid,
no personal data, narrative and folder complete — with every file of their folders (the
machine-bound `_build/validation.json` excepted). A package with personal data is never packed; a
package that is not ready, or holds a link, is left out with its reason. Nothing is written when
no package is ready.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.errors import InputError
from publisher.layout.names import unit_code
from publisher.problems import LANGS, Lang, Problem
from publisher.province import archive, manifest
from publisher.readiness import Readiness, Verdict, judge, reason_text

NOT_BUNDLED = ("_build/validation.json",)  # keyed to the machine that checked it


@dataclass
class BundleResult:
    """The archive written (None when nothing was ready), what went in and what was left out."""

    office: str
    archive: Path | None
    packages: list[str] = field(default_factory=list)
    files: int = 0
    left_out: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.left_out or self.archive is None else 0

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "office": self.office,
            "archive": None if self.archive is None else str(self.archive),
            "packages": self.packages,
            "files": self.files,
            "left_out": [p.to_dict(lang) for p in self.left_out],
            "exit_code": self.exit_code,
        }


def office_place(folder: Path) -> tuple[Path, str, str]:
    """A kab/kota office's folder → (collection root, its path from the root, its code)."""
    folder = folder.resolve()
    kode = unit_code(folder.name)
    if not folder.is_dir() or kode is None or len(kode) != 4:
        raise InputError(
            f"{folder}: bukan folder kantor kabupaten/kota (mis. 1303_KPU_KAB_SIJUNJUNG)",
            hint="berikan folder Unit Kerja kantor Anda, yang namanya diawali kode 4 digit",
            en=f"{folder}: not a kab/kota office folder (e.g. 1303_KPU_KAB_SIJUNJUNG)",
            hint_en="give your office's Unit Kerja folder, whose name starts with its 4-digit code",
        )
    top = folder
    while unit_code(top.parent.name) is not None:
        top = top.parent
    root = top.parent
    return root, folder.relative_to(root).as_posix(), kode


def bundle(
    office_folder: Path,
    config: Config,
    *,
    out: Path | None = None,
    folders: Sequence[Path] = (),
    by: str | None = None,
) -> BundleResult:
    """Pack the office's ready packages (or only `folders`, package folders of that office)."""
    root, office_path, kode = office_place(office_folder)
    collection = Collection.open(root, config)  # walked once, each descriptor read once
    own = [leaf for leaf in collection.layout.leaves if leaf.unit.path == office_path]
    leaves = _chosen(own, root, folders)
    result = BundleResult(office=office_path, archive=None)
    judged = _judged(collection, leaves)
    files: dict[str, tuple[int, str]] = {}
    sources: list[tuple[str, Path]] = []
    packages: list[dict[str, Any]] = []
    for leaf in leaves:
        readiness, verdict = judged[leaf.path]
        refusal = _refusal(root, leaf, readiness)
        if refusal is not None:
            result.left_out.append(refusal)
            continue
        for rel, path in _package_files(root, leaf):
            sources.append((rel, path))
            files[rel] = (path.stat().st_size, archive.sha256_file(path))
        packages.append({"path": leaf.path, **verdict})
        result.packages.append(leaf.path)
    if not packages:
        result.left_out.append(Problem.make("province-no-package", office_path))
        return result
    target = out or Path.cwd() / f"{Path(office_path).name}-{_stamp()}.kpu.tar.gz"
    office = {"kode": kode, "path": office_path}
    body = manifest.make(
        office=office, packages=packages, files=files, config_dir=config.directory, by=by
    )
    archive.write(target, body, sources)
    result.archive, result.files = target, len(sources)
    return result


def _stamp() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def _chosen(leaves: list[layout.Leaf], root: Path, folders: Sequence[Path]) -> list[layout.Leaf]:
    if not folders:
        return leaves
    by_path = {(root / leaf.path).resolve(): leaf for leaf in leaves}
    chosen = []
    for given in folders:
        leaf = by_path.get(given.resolve())
        if leaf is None:
            raise InputError(
                f"{given}: bukan folder Jenis Dokumen kantor ini",
                hint="sebutkan folder paket di dalam folder kantor (Kode Tahapan/Jenis Dokumen)",
                en=f"{given}: not a Jenis Dokumen folder of this office",
                hint_en="name package folders inside the office folder (stage/document type)",
            )
        chosen.append(leaf)
    return chosen


def _judged(
    collection: Collection, leaves: list[layout.Leaf]
) -> dict[str, tuple[Readiness, dict[str, Any]]]:
    """Each leaf's readiness and verdict. The collection is validated as `publisher validate`
    validates it (its kept verdicts are reused); each report found by its folder, relative to
    the root as the leaves are."""
    from publisher import validate

    reports = {}
    if collection.packages:
        checked = validate.validate_paths(
            [collection.root], collection.config, collection=collection
        )
        wanted = {leaf.path for leaf in leaves}
        reports = {p.folder: p for p in checked.packages if p.folder in wanted}
    out = {}
    for leaf in leaves:
        pkg = reports.get(leaf.path)
        # a package's report holds its folder's problems too (the walk's, fresh)
        problems = list(pkg.all_problems()) if pkg else list(leaf.problems)
        verdict = None if pkg is None else Verdict(pkg.valid, pkg.blocked)
        readiness = judge(
            built=pkg is not None,
            build_failed=False,
            verdict=verdict,
            problems=problems,
            has_narrative=leaf.narrative is not None,
        )
        counts = {s: sum(1 for p in problems if p.severity == s) for s in ("error", "warning")}
        said = {} if pkg is None else {"valid": pkg.valid, "blocked": pkg.blocked}
        out[leaf.path] = (readiness, {**said, "name": pkg.name if pkg else "", **counts})
    return out


def _refusal(root: Path, leaf: layout.Leaf, readiness: Readiness) -> Problem | None:
    if "personal-data" in readiness.reasons:
        return Problem.make("province-personal-data", leaf.path)
    if not readiness.ready:
        words = {lang: ", ".join(reason_text(r, lang) for r in readiness.reasons) for lang in LANGS}
        return Problem.make(
            "province-not-ready", leaf.path, reasons=words["id"], reasons_en=words["en"]
        )
    for path in sorted((root / leaf.path).rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            return Problem.make("province-unsafe-file", path.relative_to(root).as_posix())
    return None


def _package_files(root: Path, leaf: layout.Leaf) -> list[tuple[str, Path]]:
    folder = root / leaf.path
    out = []
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder).as_posix()
        if not path.is_file() or inside in NOT_BUNDLED or inside.startswith("."):
            continue
        if "/." in inside:
            continue
        out.append((path.relative_to(root).as_posix(), path))
    return out

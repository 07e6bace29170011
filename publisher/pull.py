"""A portal's datasets (all of ours, one organisation's, or one) → a local tree of folders.

Each dataset kpu-publisher published becomes its folder, Unit Kerja / Kode Tahapan / Jenis
Dokumen (a kab/kota office under its province's folder), holding every file the dataset
published — data files, the narrative, the `_build/` tables — each checked against the sha256
the portal records, and its `datapackage.json` as build wrote it: the portal's copy with each
URL turned back into its path, checked against `kpu_source_hash`. So a pull of what was
published is byte-identical to the source folders' files, and rebuilds to the same packages.

Names and paths read from the portal are not trusted: a folder or file name that is not a plain
relative path inside its folder is refused, like a file that exists locally with other bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from publisher import offices
from publisher.ckan import Ckan, NotFound
from publisher.config import Config
from publisher.errors import PortalError, PublisherError
from publisher.mapping import (
    DESCRIPTOR,
    MARKER_KEY,
    MARKER_VALUE,
    SOURCE_HASH_KEY,
    kpu_values,
    local_descriptor,
)

_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.() -]*")


class Refused(PublisherError):
    """A dataset that cannot be pulled as it is; recorded as its outcome, never raised further."""


@dataclass(frozen=True)
class Pulled:
    name: str
    folder: str  # relative to the destination, POSIX
    files: int = 0
    problem: str = ""
    problem_en: str = ""


@dataclass
class PullResult:
    dest: Path
    datasets: list[Pulled] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(d.problem for d in self.datasets) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "dest": str(self.dest),
            "datasets": [d.__dict__ for d in self.datasets],
            "summary": {
                "pulled": sum(1 for d in self.datasets if not d.problem),
                "failed": sum(1 for d in self.datasets if d.problem),
                "files": sum(d.files for d in self.datasets),
            },
        }


def pull(
    ckan: Ckan,
    dest: Path,
    config: Config,
    *,
    organization: str | None = None,
    dataset: str | None = None,
) -> PullResult:
    """Every dataset asked for, each into its folder under `dest`; one dataset's problem is
    recorded and the others go on."""
    result = PullResult(dest)
    found = list(_datasets(ckan, organization=organization, dataset=dataset))
    provinces = _province_folders(ckan, found)
    for item in found:
        name = str(item.get("name"))
        try:
            folder = folder_of(item, config, provinces)
            count = _pull_one(ckan, item, dest / folder)
            result.datasets.append(Pulled(name, folder.as_posix(), count))
        except (Refused, PortalError) as exc:
            result.datasets.append(Pulled(name, "", 0, exc.text("id"), exc.text("en")))
    result.datasets.sort(key=lambda d: (d.folder, d.name))
    return result


def _datasets(
    ckan: Ckan, *, organization: str | None, dataset: str | None
) -> Iterable[Mapping[str, Any]]:
    if dataset:
        try:
            yield ckan.call("package_show", {"id": dataset})
        except NotFound:
            raise PortalError(
                f"dataset {dataset} tidak ada di portal {ckan.url}",
                hint="periksa namanya (publisher plan menampilkan nama setiap dataset)",
                en=f"dataset {dataset} is not on the portal {ckan.url}",
                hint_en="check the name (publisher plan shows every dataset's name)",
            ) from None
        return
    fq = f'extras_{MARKER_KEY}:"{MARKER_VALUE}"'
    if organization:
        fq += f' AND organization:"{organization}"'
    yield from ckan.search(fq)


def _province_folders(ckan: Ckan, datasets: list[Mapping[str, Any]]) -> dict[str, str]:
    """Province code → its office's folder, as the province's own datasets name it (one search
    per province not among `datasets`); a province with none is left to the region reference."""
    folders: dict[str, str] = {}
    wanted: set[str] = set()
    for item in datasets:
        values = kpu_values(item)
        kode = values.get("kpu_kode_wilayah", "")
        if len(kode) == 2 and values.get("kpu_unit_kerja"):
            folders[kode] = values["kpu_unit_kerja"]
        elif len(kode) == 4:
            wanted.add(kode[:2])
    for kode in sorted(wanted - set(folders)):
        fq = f'extras_{MARKER_KEY}:"{MARKER_VALUE}" AND kpu_kode_wilayah:"{kode}"'
        for item in ckan.call("package_search", {"fq": fq, "rows": 1})["results"]:
            if kpu_values(item).get("kpu_unit_kerja"):
                folders[kode] = kpu_values(item)["kpu_unit_kerja"]
    return folders


def folder_of(
    dataset: Mapping[str, Any], config: Config, provinces: Mapping[str, str] | None = None
) -> PurePosixPath:
    """Unit Kerja / Kode Tahapan / Jenis Dokumen, as the dataset's KPU fields name them; a
    kab/kota office's folder inside its province's (`provinces`, else as the region reference
    names it)."""
    values = kpu_values(dataset)
    parts = [
        values.get(f"kpu_{key}", "") for key in ("unit_kerja", "kode_tahapan", "jenis_dokumen")
    ]
    for part in parts:
        if not _FOLDER.fullmatch(part) or part in (".", ".."):
            name = dataset.get("name")
            raise Refused(
                f"{name}: nama folder {part!r} dari portal tidak aman; tidak ditarik",
                en=f"{name}: the folder name {part!r} from the portal is unsafe; not pulled",
            )
    kode = values.get("kpu_kode_wilayah", "")
    if len(kode) == 4 and kode.isdigit():
        try:
            province = (provinces or {}).get(kode[:2]) or offices.folder(config.regions, kode[:2])
            if not _FOLDER.fullmatch(province):
                raise KeyError(province)
        except KeyError:
            name = dataset.get("name")
            raise Refused(
                f"{name}: kode wilayah {kode} tidak ada dalam referensi wilayah",
                en=f"{name}: region code {kode} is not in the region reference",
            ) from None
        parts.insert(0, province)
    return PurePosixPath(*parts)


def _pull_one(ckan: Ckan, dataset: Mapping[str, Any], folder: Path) -> int:
    """The dataset's files into `folder`; datapackage.json last, as build wrote it."""
    resources = [r for r in dataset.get("resources") or [] if r.get("kpu_path")]
    if not any(r["kpu_path"] == DESCRIPTOR for r in resources):
        raise Refused(
            f"{dataset.get('name')}: tidak ada datapackage.json di portal",
            hint="terbitkan ulang dengan publisher sync",
            en=f"{dataset.get('name')}: no datapackage.json on the portal",
            hint_en="publish it again with publisher sync",
        )
    paths: dict[str, str] = {}
    for res in resources:
        declared = _safe_path(str(res["kpu_path"]), str(dataset.get("name")))
        paths[str(res.get("url"))] = declared
        if declared != DESCRIPTOR:
            _fetch(ckan, res, folder / declared, expected=str(res.get("hash") or ""))
    [descriptor] = [r for r in resources if r["kpu_path"] == DESCRIPTOR]
    temp = folder / f".{DESCRIPTOR}.portal"
    try:
        ckan.download(str(descriptor["url"]), temp)
        data = local_descriptor(temp.read_bytes(), paths)
    finally:
        temp.unlink(missing_ok=True)
    want = str(descriptor.get(SOURCE_HASH_KEY) or descriptor.get("hash") or "")
    if hashlib.sha256(data).hexdigest() != want:
        raise Refused(
            f"{dataset.get('name')}: datapackage.json di portal tidak sama dengan yang diterbitkan",
            en=f"{dataset.get('name')}: the portal's datapackage.json is not the one published",
        )
    _place(folder / DESCRIPTOR, data)
    return len(resources)


def _safe_path(declared: str, name: str) -> str:
    path = PurePosixPath(declared)
    if "\\" in declared or path.is_absolute() or ".." in path.parts or not path.parts:
        raise Refused(
            f"{name}: path {declared!r} dari portal tidak aman; tidak ditulis",
            en=f"{name}: the path {declared!r} from the portal is unsafe; not written",
        )
    return path.as_posix()


def _fetch(ckan: Ckan, res: Mapping[str, Any], target: Path, *, expected: str) -> None:
    """One file, downloaded beside its place (streamed) and checked before it takes it."""
    temp = target.with_name(f".{target.name}.pull")
    try:
        digest = ckan.download(str(res.get("url")), temp)
        if expected and digest != expected:
            raise Refused(
                f"{target}: sha256 berkas yang diunduh tidak sama dengan yang dicatat portal",
                en=f"{target}: the downloaded file's sha256 is not the one the portal records",
            )
        if target.is_file() and _sha256(target) == digest:
            return
        _refuse_existing(target)
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_existing(target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise Refused(
            f"{target}: sudah ada dengan isi lain; tidak ditimpa",
            hint="tarik ke folder kosong, atau pindahkan berkas itu dulu",
            en=f"{target}: exists with other contents; not overwritten",
            hint_en="pull into an empty folder, or move that file away first",
        )


def _place(target: Path, data: bytes) -> None:
    """Write a small file (the descriptor), unless one with other bytes is there already."""
    if target.is_file() and target.read_bytes() == data:
        return
    _refuse_existing(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    part.write_bytes(data)
    part.replace(target)

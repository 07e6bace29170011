"""A package folder → `LocalDataset`: what sync publishes of it (the CKAN dicts and the files,
each checked to lie inside the folder), read once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import containment
from publisher.config import Config
from publisher.mapping.descriptors import descriptor_resource
from publisher.mapping.keys import DESCRIPTOR, NARRATIVE_KIND
from publisher.mapping.outgoing import dataset_dict, group_dict, organization_dict, resource_dict
from publisher.problems import Bilingual


@dataclass(frozen=True)
class LocalFile:
    """A file to publish: where it is, and the CKAN resource dict that describes it."""

    path: Path
    resource: dict[str, Any]
    # The file as `containment.check` found it when the package was read; sync checks again,
    # and that the opened file is this one, right before it uploads.
    checked: containment.Checked | None = None


class Unreadable(ValueError):
    """A descriptor that cannot be mapped (`read_package`); `said` says why, in both languages."""

    def __init__(self, said: Bilingual) -> None:
        super().__init__(said.id)
        self.said = said


@dataclass(frozen=True)
class LocalDataset:
    """One built data package, mapped: its organisation, group, dataset dict and files."""

    directory: Path
    organization: dict[str, Any]
    group: dict[str, Any]
    dataset: dict[str, Any]
    files: tuple[LocalFile, ...]
    # Why the package may not be published at all (a path outside its folder, ...): never
    # uploaded, whatever the flags; each entry names the declared path and the reason.
    refused: tuple[Bilingual, ...] = ()
    root: Path | None = None
    # The portal's dataset fields (a ckanext-scheming schema, e.g. the KPU profile's): our
    # `kpu_*` values go there as real fields instead of extras (`for_portal`); empty: plain CKAN.
    portal_fields: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return str(self.dataset["name"])


_NARRATIVE_TYPES = {".md": ("MD", "text/markdown"), ".txt": ("TXT", "text/plain")}


def narrative_resource(directory: Path, name: str, root: Path | None) -> LocalFile | None:
    """The package's narrative file as a resource: published with the data, so that the
    portal holds the whole folder (`publisher pull`). None when it is absent or unsafe (then it
    is simply not uploaded: it is documentation, not data)."""
    try:
        checked = containment.check(directory, name, root=root)
    except containment.UnsafePath:
        return None
    path = directory / checked.rel
    data = path.read_bytes()
    fmt, mime = _NARRATIVE_TYPES.get(path.suffix.lower(), ("TXT", "text/plain"))
    resource = {
        "name": path.name,
        "description": "Narasi: keterangan data ini dari Unit Kerja yang menerbitkannya",
        "format": fmt,
        "mimetype": mime,
        "size": len(data),
        "hash": hashlib.sha256(data).hexdigest(),
        "kpu_path": str(checked.rel),
        "kpu_resource": NARRATIVE_KIND,
        "url_type": "upload",
    }
    return LocalFile(path, resource, checked)


def _narrative(
    directory: Path, xkpu: Mapping[str, Any], files: list[LocalFile], root: Path | None
) -> list[LocalFile]:
    name = xkpu.get("narrative")
    if not isinstance(name, str) or any(f.resource["kpu_path"] == name for f in files):
        return []
    found = narrative_resource(directory, name, root)
    return [found] if found else []


def read_package(
    directory: Path, config: Config, *, root: Path | None = None, package: Any = None
) -> LocalDataset:
    """A built package folder → everything sync needs (raises `Unreadable` on a broken one).
    `package`: its descriptor, when the caller has parsed it already (`Collection`).

    Every declared path is checked by `containment.check` (inside the folder, and the folder
    inside `root` when given); a package with any unsafe path carries the reasons in `refused`
    and none of its files. An unsafe descriptor is `Unreadable`: nothing of it is read.
    """
    descriptor = directory / DESCRIPTOR
    try:  # a descriptor that is itself unsafe: its name is unknown, so nothing can be planned
        own = containment.check(directory, DESCRIPTOR, root=root)
    except containment.UnsafePath as exc:
        raise Unreadable(Bilingual(exc.text("id"), exc.text("en"))) from None
    if package is None:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    if not isinstance(package, dict) or "name" not in package:
        raise Unreadable(
            Bilingual("bukan deskriptor paket data (tanpa name)", "not a data package (no name)")
        )
    refused: list[Bilingual] = []
    files = []
    for res in package.get("resources") or []:
        declared = res.get("path") if isinstance(res, dict) else None
        try:
            checked = containment.check(directory, declared, root=root)
        except containment.UnsafePath as exc:
            refused.append(
                Bilingual(f"{exc.declared}: {exc.text('id')}", f"{exc.declared}: {exc.text('en')}")
            )
            continue
        files.append(LocalFile(directory / checked.rel, resource_dict(res), checked))
    xkpu = package.get("x-kpu") or {}
    if not isinstance(xkpu, dict):
        xkpu = {}
    if refused:
        files = []
    else:
        files += _narrative(directory, xkpu, files, root)
        files.append(LocalFile(descriptor, descriptor_resource(descriptor), own))
    return LocalDataset(
        directory=directory,
        organization=organization_dict(xkpu, config),
        group=group_dict(str(xkpu.get("kode_tahapan", "")), config),
        dataset=dataset_dict(package, config),
        files=tuple(files),
        refused=tuple(refused),
        root=root,
    )

"""Data package (datapackage.json) ⇄ CKAN dicts: organisation, group, dataset, resources. Pure.

Field by field in docs/ckan-mapping.md. The same functions build what we send and read back what
the portal holds, so a published dataset maps back to the data package it came from
(`dataset_to_package`), and the planner compares like with like (`managed_view`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import containment, names
from publisher.config import Config
from publisher.layout.names import GENERATED_FILE

MARKER_KEY = "kpu_publisher"
MARKER_VALUE = "kpu-publisher"
FINGERPRINT_KEY = "kpu_fingerprint"
PENDING_KEY = "kpu_pending"
# Extras the tool manages for itself; never part of the compared state.
BOOKKEEPING = frozenset({MARKER_KEY, FINGERPRINT_KEY, PENDING_KEY})
# x-kpu properties of a data package carried as dataset extras (prefixed kpu_).
XKPU_KEYS = (
    "unit_kerja",
    "kode_wilayah",
    "kode_tahapan",
    "jenis_dokumen",
    "tingkat",
    "tahun",
    "narrative",
    "sumber",
    "cakupan_wilayah",
    "periode",
    "frekuensi",
    "tanggal_penetapan",
)
DESCRIPTOR = GENERATED_FILE
_NAME_OK = re.compile(r"^[a-z0-9_-]{2,100}$")
_TAG_OK = re.compile(r"^[\w .-]{2,100}$")
_PROVINCE_WORDS = {"PROV": "Provinsi", "KAB": "Kabupaten", "KOTA": "Kota", "RI": "RI", "DI": "DI"}


def slug(text: str) -> str:
    """CKAN-safe form of a code or name: lowercase, `_` and `-` kept, runs of other characters
    become one dash (`names.slug`)."""
    return names.slug(text, keep="_-")


def name_ok(name: str) -> bool:
    return bool(_NAME_OK.match(name))


def tag_ok(tag: str) -> bool:
    return bool(_TAG_OK.match(tag))


@dataclass(frozen=True)
class LocalFile:
    """A file to publish: where it is, and the CKAN resource dict that describes it."""

    path: Path
    resource: dict[str, Any]
    # The file as `containment.check` found it when the package was read; sync checks again,
    # and that the opened file is this one, right before it uploads.
    checked: containment.Checked | None = None


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
    refused: tuple[str, ...] = ()
    root: Path | None = None

    @property
    def name(self) -> str:
        return str(self.dataset["name"])


def office_title(unit_kerja: str) -> str:
    """'1303_KPU_KAB_SIJUNJUNG' → 'KPU Kabupaten Sijunjung'; '00_KPU_RI' → 'KPU RI'."""
    words = unit_kerja.split("_")[1:] if "_" in unit_kerja else [unit_kerja]
    out = []
    for word in words:
        if word in ("KPU", "KIP"):
            out.append(word)
        elif word in _PROVINCE_WORDS:
            out.append(_PROVINCE_WORDS[word])
        else:
            out.append(word.capitalize())
    return " ".join(out)


def organization_name(kode_wilayah: str, config: Config) -> str:
    return slug(config.naming.organization.format(kode_wilayah=kode_wilayah))


def organization_dict(xkpu: Mapping[str, Any], config: Config) -> dict[str, Any]:
    """The organisation of a Unit Kerja; a kab/kota office names its province as `kpu_induk`."""
    kode = str(xkpu["kode_wilayah"])
    extras = [
        {"key": "kpu_kode_wilayah", "value": kode},
        {"key": MARKER_KEY, "value": MARKER_VALUE},
    ]
    if len(kode) == 4:
        extras.append({"key": "kpu_induk", "value": organization_name(kode[:2], config)})
    return {
        "name": organization_name(kode, config),
        "title": office_title(str(xkpu["unit_kerja"])),
        "extras": sorted(extras, key=lambda e: e["key"]),
    }


def group_dict(kode_tahapan: str, config: Config) -> dict[str, Any]:
    stage = config.tahapan.get(kode_tahapan)
    title = f"{kode_tahapan} {stage.nama}" if stage else kode_tahapan
    return {
        "name": slug(config.naming.group.format(kode_tahapan=kode_tahapan)),
        "title": title,
    }


def _license_id(package: Mapping[str, Any], config: Config) -> str:
    for lic in package.get("licenses") or []:
        for key in ("name", "title"):
            found = config.resolve_license(str(lic.get(key, "")))
            if found:
                return found
        return str(lic.get("name", ""))
    return config.defaults.license


def _sha256(resource: Mapping[str, Any]) -> str:
    value = str(resource.get("hash", ""))
    return value.split(":", 1)[1] if value.startswith("sha256:") else value


def resource_dict(resource: Mapping[str, Any]) -> dict[str, Any]:
    """A data package resource → the CKAN resource we want (without the upload itself)."""
    path = str(resource["path"])
    out: dict[str, Any] = {
        "name": Path(path).name,
        "description": str(resource.get("description") or resource.get("title") or ""),
        "format": str(resource.get("format", "")).upper(),
        "mimetype": str(resource.get("mediatype", "")),
        "size": int(resource.get("bytes", 0)),
        "hash": _sha256(resource),
        "kpu_path": path,
        "kpu_resource": str(resource.get("name", "")),
        "url_type": "upload",
    }
    if isinstance(resource.get("schema"), Mapping):
        out["schema"] = json.dumps(resource["schema"], sort_keys=True, ensure_ascii=False)
    return out


def descriptor_resource(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {
        "name": DESCRIPTOR,
        "description": "Frictionless Data Package descriptor",
        "format": "JSON",
        "mimetype": "application/json",
        "size": len(data),
        "hash": hashlib.sha256(data).hexdigest(),
        "kpu_path": DESCRIPTOR,
        "kpu_resource": "datapackage",
        "url_type": "upload",
    }


def dataset_dict(package: Mapping[str, Any], config: Config) -> dict[str, Any]:
    """A data package → the CKAN dataset we want (bookkeeping extras added by the planner)."""
    xkpu: Mapping[str, Any] = package.get("x-kpu") or {}
    extras = [
        {"key": f"kpu_{key}", "value": str(xkpu[key])}
        for key in XKPU_KEYS
        if xkpu.get(key) not in (None, "")
    ]
    extras.append({"key": MARKER_KEY, "value": MARKER_VALUE})
    kontak = _contact(package)
    if kontak:
        extras.append({"key": "kpu_kontak", "value": kontak})
    return {
        "name": str(package["name"]),
        "title": str(package.get("title", package["name"])),
        "notes": str(package.get("description", "")),
        "owner_org": organization_name(str(xkpu.get("kode_wilayah", "")), config),
        "license_id": _license_id(package, config),
        "tags": [{"name": str(k)} for k in package.get("keywords") or []],
        "groups": [{"name": group_dict(str(xkpu.get("kode_tahapan", "")), config)["name"]}],
        "extras": sorted(extras, key=lambda e: e["key"]),
    }


def _contact(package: Mapping[str, Any]) -> str:
    for person in package.get("contributors") or []:
        parts = [str(person.get(k, "")) for k in ("title", "email") if person.get(k)]
        if parts:
            return " ".join(parts[:1]) + (f" <{parts[1]}>" if len(parts) > 1 else "")
    return ""


def read_package(
    directory: Path, config: Config, *, root: Path | None = None, package: Any = None
) -> LocalDataset:
    """A built package folder → everything sync needs (raises ValueError on a broken descriptor).
    `package`: its descriptor, when the caller has parsed it already (`Collection`).

    Every declared path is checked by `containment.check` (inside the folder, and the folder
    inside `root` when given); a package with any unsafe path carries the reasons in `refused`
    and none of its files. An unsafe descriptor is a ValueError: nothing of it is read.
    """
    descriptor = directory / DESCRIPTOR
    try:  # a descriptor that is itself unsafe: its name is unknown, so nothing can be planned
        own = containment.check(directory, DESCRIPTOR, root=root)
    except containment.UnsafePath as exc:
        raise ValueError(f"{descriptor}: {exc.text()} / {exc.text('en')}") from None
    if package is None:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    if not isinstance(package, dict) or "name" not in package:
        raise ValueError(f"{descriptor}: not a data package descriptor (no name)")
    refused: list[str] = []
    files = []
    for res in package.get("resources") or []:
        declared = res.get("path") if isinstance(res, dict) else None
        try:
            checked = containment.check(directory, declared, root=root)
        except containment.UnsafePath as exc:
            refused.append(f"{exc.declared}: {exc.text()}")
            continue
        files.append(LocalFile(directory / checked.rel, resource_dict(res), checked))
    if refused:
        files = []
    else:
        files.append(LocalFile(descriptor, descriptor_resource(descriptor), own))
    xkpu = package.get("x-kpu") or {}
    if not isinstance(xkpu, dict):
        xkpu = {}
    return LocalDataset(
        directory=directory,
        organization=organization_dict(xkpu, config),
        group=group_dict(str(xkpu.get("kode_tahapan", "")), config),
        dataset=dataset_dict(package, config),
        files=tuple(files),
        refused=tuple(refused),
        root=root,
    )


# --- comparing and reading back ------------------------------------------------------------

RESOURCE_FIELDS = ("name", "description", "format", "mimetype", "hash", "kpu_path", "schema")


def managed_view(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a dataset the tool owns, in one canonical form, for local and remote alike.

    Portal-made fields (ids, URLs, timestamps, sizes it computes) and our bookkeeping extras are
    left out, so a dataset read back from CKAN equals the one we sent when nobody changed it.
    """
    extras = {
        str(e["key"]): str(e["value"])
        for e in dataset.get("extras") or []
        if e["key"] not in BOOKKEEPING
    }
    resources = []
    for res in dataset.get("resources") or []:
        view = {key: _text(res.get(key)) for key in RESOURCE_FIELDS}
        resources.append(view)
    return {
        "title": _text(dataset.get("title")),
        "notes": _text(dataset.get("notes")),
        "license_id": _text(dataset.get("license_id")),
        "owner_org": _owner(dataset),
        "tags": sorted(_text(t.get("name")) for t in dataset.get("tags") or []),
        "groups": sorted(_text(g.get("name")) for g in dataset.get("groups") or []),
        "extras": dict(sorted(extras.items())),
        "resources": sorted(resources, key=lambda r: r["kpu_path"]),
    }


def _owner(dataset: Mapping[str, Any]) -> str:
    """CKAN answers with the organisation's id in owner_org and its name in `organization`."""
    org = dataset.get("organization")
    if isinstance(org, Mapping) and org.get("name"):
        return str(org["name"])
    return _text(dataset.get("owner_org"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value).replace("\r\n", "\n").strip()


def fingerprint(view: Mapping[str, Any]) -> str:
    blob = json.dumps(view, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return "sha256:" + hashlib.sha256(blob).hexdigest()


def extra(dataset: Mapping[str, Any], key: str) -> str | None:
    for item in dataset.get("extras") or []:
        if item.get("key") == key:
            return str(item.get("value"))
    return None


def dataset_to_package(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """A published dataset → the data package metadata it was made from (the round trip)."""
    extras = {str(e["key"]): str(e["value"]) for e in dataset.get("extras") or []}
    xkpu: dict[str, Any] = {}
    for key in XKPU_KEYS:
        if f"kpu_{key}" in extras:
            xkpu[key] = extras[f"kpu_{key}"]
    if "tahun" in xkpu and str(xkpu["tahun"]).isdigit():
        xkpu["tahun"] = int(xkpu["tahun"])
    resources = []
    for res in dataset.get("resources") or []:
        if res.get("kpu_path") == DESCRIPTOR:
            continue
        item: dict[str, Any] = {
            "name": res.get("kpu_resource") or res.get("name"),
            "path": res.get("kpu_path"),
            "format": str(res.get("format", "")).lower(),
            "mediatype": res.get("mimetype"),
            "bytes": int(res.get("size") or 0),
            "hash": f"sha256:{res.get('hash')}",
        }
        if res.get("schema"):
            schema = res["schema"]
            item["schema"] = json.loads(schema) if isinstance(schema, str) else schema
        resources.append(item)
    return {
        "name": dataset.get("name"),
        "title": dataset.get("title"),
        "description": dataset.get("notes") or "",
        "keywords": sorted(str(t["name"]) for t in dataset.get("tags") or []),
        "license_id": dataset.get("license_id"),
        "x-kpu": xkpu,
        "resources": resources,
    }

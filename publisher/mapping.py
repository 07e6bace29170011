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
from publisher.problems import Bilingual

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
        "description": "Deskriptor Frictionless Data Package: setiap berkas dengan URL, hash dan"
        " ukurannya (frictionless validate <URL ini>)",
        "format": "JSON",
        "mimetype": "application/json",
        "size": len(data),
        "hash": hashlib.sha256(data).hexdigest(),
        "kpu_path": DESCRIPTOR,
        "kpu_resource": "datapackage",
        "url_type": "upload",
    }


SOURCE_HASH_KEY = "kpu_source_hash"


def source_hash(resource: Mapping[str, Any]) -> str:
    """The sha256 of the local file a resource was made from: `hash` is what the portal serves,
    which for `datapackage.json` is the portal's own copy (`portal_descriptor`)."""
    return str(resource.get(SOURCE_HASH_KEY) or resource.get("hash") or "")


def portal_descriptor(local: bytes, urls: Mapping[str, str]) -> bytes:
    """The local `datapackage.json` as the portal serves it: each resource's `path` is its
    download URL on the portal (`urls`, by declared path), so standard tools read the package
    from the portal; everything else, hashes and byte counts included, is as build wrote it.
    Deterministic: the same descriptor and URLs give the same bytes."""
    package = json.loads(local.decode("utf-8"))
    for res in package.get("resources") or []:
        if isinstance(res, dict) and str(res.get("path")) in urls:
            res["path"] = urls[str(res["path"])]
    from publisher.build.files import dump_json  # here: build imports this module

    return dump_json(package)  # byte for byte as build writes descriptors


def local_descriptor(served: bytes, paths: Mapping[str, str]) -> bytes:
    """The portal's copy back to the descriptor build wrote: each URL (`paths`: URL → declared
    path) becomes its path again (`publisher pull`; the inverse of `portal_descriptor`)."""
    return portal_descriptor(served, paths)


NARRATIVE_KIND = "narasi"
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
    provinsi = province(str(xkpu.get("kode_wilayah", "")), config)
    if provinsi:  # a facet of the portal: datasets by province, whichever office made them
        extras.append({"key": "kpu_provinsi", "value": provinsi})
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


def province(kode_wilayah: str, config: Config) -> str:
    """'1303' → 'Sumatera Barat'; '00' (KPU RI) → 'Nasional'; '' for a code not in the reference."""
    if kode_wilayah == "00":
        return "Nasional"
    try:
        nama = config.regions[kode_wilayah[:2]].nama
    except (KeyError, IndexError):
        return ""
    return " ".join(w if w in ("DI", "DKI") else w.capitalize() for w in nama.split())


def _contact(package: Mapping[str, Any]) -> str:
    for person in package.get("contributors") or []:
        parts = [str(person.get(k, "")) for k in ("title", "email") if person.get(k)]
        if parts:
            return " ".join(parts[:1]) + (f" <{parts[1]}>" if len(parts) > 1 else "")
    return ""


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


# --- comparing and reading back ------------------------------------------------------------

RESOURCE_FIELDS = ("name", "description", "format", "mimetype", "hash", "kpu_path", "schema")


def managed_view(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a dataset the tool owns, in one canonical form, for local and remote alike.

    Portal-made fields (ids, URLs, timestamps, sizes it computes) and our bookkeeping extras are
    left out, so a dataset read back from CKAN equals the one we sent when nobody changed it.
    """
    extras = {k: v for k, v in kpu_values(dataset).items() if k not in BOOKKEEPING}
    resources = []
    for res in dataset.get("resources") or []:
        view = {key: _text(res.get(key)) for key in RESOURCE_FIELDS}
        view["hash"] = source_hash(res)  # the local file's, whatever copy the portal serves
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
    """One of our values, a real field (on a portal with the KPU schema) or an extra."""
    value = kpu_values(dataset).get(key)
    return value if value else None


def kpu_values(dataset: Mapping[str, Any]) -> dict[str, str]:
    """Our `kpu_*` values, wherever the portal keeps them: as extras (plain CKAN) or as fields of
    its dataset schema (ckanext-scheming); empty values count as absent."""
    out = {
        str(e["key"]): _text(e.get("value"))
        for e in dataset.get("extras") or []
        if isinstance(e, Mapping) and e.get("key")
    }
    for key, value in dataset.items():
        if key.startswith("kpu_") and not isinstance(value, dict | list):
            out[key] = _text(value)
    return {k: v for k, v in sorted(out.items()) if v != ""}


def for_portal(body: Mapping[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """A dataset body with its extras as the portal wants them: those its schema has as fields
    go there (a field of ours not among the extras is sent empty, so a patch clears it, as
    leaving an extra out does), the rest stay extras. A plain CKAN (no fields) gets `body`."""
    if not fields or "extras" not in body:
        return dict(body)
    out = {k: v for k, v in body.items() if k != "extras"}
    rest = []
    for item in body["extras"]:
        if item["key"] in fields:
            out[item["key"]] = item["value"]
        else:
            rest.append(item)
    for key in sorted(fields):
        if key.startswith("kpu_") and key not in out:
            out[key] = ""
    out["extras"] = rest
    return out


def dataset_to_package(dataset: Mapping[str, Any]) -> dict[str, Any]:
    """A published dataset → the data package metadata it was made from (the round trip)."""
    extras = kpu_values(dataset)
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

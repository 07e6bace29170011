"""A data package → the CKAN dicts we send: organisation, group, dataset, resource (field by field
in docs/ckan-mapping.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.config import Config
from publisher.mapping.keys import MARKER_KEY, MARKER_VALUE, XKPU_KEYS, slug

_PROVINCE_WORDS = {"PROV": "Provinsi", "KAB": "Kabupaten", "KOTA": "Kota", "RI": "RI", "DI": "DI"}


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
    title = office_title(str(xkpu["unit_kerja"]))
    return {
        "name": organization_name(kode, config),
        "title": title,
        "description": _office_description(title, kode, config),
        "extras": sorted(extras, key=lambda e: e["key"]),
    }


def _office_description(title: str, kode: str, config: Config) -> str:
    """What the organisation's page says of it (shown where CKAN would say it has none)."""
    where = "" if kode == "00" or len(kode) == 2 else f", Provinsi {province(kode, config)}"
    return (
        f"Data terbuka hasil Pemilu 2019 yang didigitalkan dan diterbitkan oleh {title}"
        f"{where} (kode wilayah {kode}): dokumen hasil (PDF), tabelnya (CSV) dan narasinya."
    )


def group_dict(kode_tahapan: str, config: Config) -> dict[str, Any]:
    stage = config.tahapan.get(kode_tahapan)
    title = f"{kode_tahapan} {stage.nama}" if stage else kode_tahapan
    return {
        "name": slug(config.naming.group.format(kode_tahapan=kode_tahapan)),
        "title": title,
        "description": f"Data Pemilu 2019 tahapan {title}, dari setiap Unit Kerja KPU.",
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

"""What the portal holds → the view the planner compares (`managed_view`, `fingerprint`) and
the data package a published dataset maps back to (`dataset_to_package`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from publisher.mapping.descriptors import source_hash
from publisher.mapping.keys import BOOKKEEPING, DESCRIPTOR, RESOURCE_FIELDS, XKPU_KEYS


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

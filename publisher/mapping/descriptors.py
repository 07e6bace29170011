"""`datapackage.json` as a resource of its dataset: its entry, the hash of the source it was
built from, and the two forms it takes (resource URLs on the portal, local paths in the folder)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.mapping.keys import DESCRIPTOR, SOURCE_HASH_KEY


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
